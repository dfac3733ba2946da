import { describe, expect, it } from "vitest";
import { ADVISOR_MAX_RETENTION, ADVISOR_MIN_RETENTION, adviseRetention, costsFromDurations, simulateRetention, type AdvisorInput } from "@/lib/srs/retention-advisor";
import { DEFAULT_PARAMS } from "@/lib/srs/scheduler";
import { DEFAULT_REVIEW_COSTS } from "@/lib/srs/study-sim";

const NOW = new Date("2026-03-01T10:00:00Z");

function learner(params: readonly number[]): AdvisorInput {
  return { params, cards: [], newCards: 60, newCardsPerDay: 5, costs: DEFAULT_REVIEW_COSTS, now: NOW, days: 180, seed: 7 };
}

describe("retention advisor", () => {
  it("recommends a retention within 2% of the cost of the cheapest one a brute-force search over every 0.0025 finds, for a learner with known parameters", async () => {
    const input = learner(DEFAULT_PARAMS);
    const advice = await adviseRetention(input);
    let brute = { retention: 0, minutesPerRemembered: Number.POSITIVE_INFINITY };
    for (let r = ADVISOR_MIN_RETENTION; r <= ADVISOR_MAX_RETENTION + 1e-9; r += 0.0025) {
      const p = await simulateRetention(input, Math.round(r * 10000) / 10000);
      if (p.minutesPerRemembered < brute.minutesPerRemembered) brute = p;
    }
    // The simulated curve wiggles by about 1% near its flat minimum, so retentions may differ a little.
    expect(advice.best.minutesPerRemembered).toBeLessThanOrEqual(brute.minutesPerRemembered * 1.02);
    expect(Math.abs(advice.best.retention - brute.retention)).toBeLessThanOrEqual(0.03);
  }, 120_000);

  it("draws a curve on which more retention costs more minutes a day and remembers more cards", async () => {
    const { points } = await adviseRetention(learner(DEFAULT_PARAMS));
    const first = points[0]!;
    const last = points[points.length - 1]!;
    expect(last.minutesPerDay).toBeGreaterThan(first.minutesPerDay * 1.5);
    expect(last.remembered).toBeGreaterThan(first.remembered);
  }, 60_000);

  it("takes the learner's own median pass and fail durations where there are 20 of each, defaults elsewhere", () => {
    const samples = [
      ...Array.from({ length: 21 }, () => ({ stateBefore: "REVIEW" as const, rating: 1 as const, durationMs: 30_000 })),
      ...Array.from({ length: 21 }, () => ({ stateBefore: "REVIEW" as const, rating: 3 as const, durationMs: 6_000 })),
      ...Array.from({ length: 5 }, () => ({ stateBefore: "RELEARNING" as const, rating: 1 as const, durationMs: 90_000 })),
      { stateBefore: "REVIEW" as const, rating: 1 as const, durationMs: 3_600_000 },
    ];
    const costs = costsFromDurations(samples);
    expect(costs.review[0]).toBe(30);
    const defaultPassMean = (DEFAULT_REVIEW_COSTS.review[1] + DEFAULT_REVIEW_COSTS.review[2] + DEFAULT_REVIEW_COSTS.review[3]) / 3;
    expect((costs.review[1] + costs.review[2] + costs.review[3]) / 3).toBeCloseTo(6, 6);
    expect(costs.review[2]).toBeCloseTo(DEFAULT_REVIEW_COSTS.review[2] * (6 / defaultPassMean), 6);
    expect(costs.relearning).toEqual(DEFAULT_REVIEW_COSTS.relearning);
    expect(costs.learning).toEqual(DEFAULT_REVIEW_COSTS.learning);
  });

  it("a learner who pays little for a failure is advised a lower retention than one who pays a lot", async () => {
    const cheapFail = { ...DEFAULT_REVIEW_COSTS, review: [5, 17.59, 12.38, 8.94] as const, relearning: [4, 15.25, 12.32, 8.03] as const };
    const dearFail = { ...DEFAULT_REVIEW_COSTS, review: [90, 17.59, 12.38, 8.94] as const, relearning: [60, 15.25, 12.32, 8.03] as const };
    const cheap = await adviseRetention({ ...learner(DEFAULT_PARAMS), costs: cheapFail });
    const dear = await adviseRetention({ ...learner(DEFAULT_PARAMS), costs: dearFail });
    expect(dear.best.retention).toBeGreaterThan(cheap.best.retention);
  }, 120_000);
});
