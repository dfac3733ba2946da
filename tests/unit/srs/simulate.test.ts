import { describe, expect, it } from "vitest";
import { hashString, mulberry32, pickWeighted } from "@/lib/srs/random";
import { generateHistory, simulate, type SimulationOptions } from "@/lib/srs/simulate";

const questions = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `q${i}` }));
const base: SimulationOptions = {
  seed: 1,
  questions: questions(200),
  days: 60,
  newCardsPerDay: 10,
  policy: { desiredRetention: 0.9, enableFuzz: false },
  secondsPerReview: 8,
};

describe("random", () => {
  it("mulberry32 repeats for a seed, differs between seeds, stays in [0, 1)", () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const c = mulberry32(8);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(xs);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 1);
  });

  it("hashString is stable and spreads similar strings", () => {
    expect(hashString("learner:q1")).toBe(hashString("learner:q1"));
    expect(hashString("learner:q1")).not.toBe(hashString("learner:q2"));
    expect(hashString("")).toBe(0x811c9dc5);
  });

  it("pickWeighted follows the weights", () => {
    const random = mulberry32(3);
    const counts = [0, 0, 0];
    for (let i = 0; i < 10_000; i++) counts[pickWeighted(random, [1, 2, 7])]!++;
    expect(counts[0]! / 10_000).toBeCloseTo(0.1, 1);
    expect(counts[2]! / 10_000).toBeCloseTo(0.7, 1);
  });
});

describe("simulate", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    expect(simulate(base)).toEqual(simulate(base));
    expect(simulate({ ...base, seed: 2 }).reviewsPerDay).not.toEqual(simulate(base).reviewsPerDay);
  });

  it("introduces new cards each day until the questions run out", () => {
    const result = simulate({ ...base, questions: questions(45) });
    expect(result.newCardsPerDay.slice(0, 6)).toEqual([10, 10, 10, 10, 5, 0]);
    expect(result.introduced).toBe(45);
    expect(result.reviewsPerDay).toHaveLength(60);
  });

  it("counts every review, learning steps included, and times them", () => {
    const result = simulate(base);
    expect(result.totalReviews).toBe(result.reviewsPerDay.reduce((s, n) => s + n, 0));
    expect(result.secondsPerDay).toEqual(result.reviewsPerDay.map((n) => n * 8));
    expect(result.reviewsPerDay[0]).toBeGreaterThan(10); // new cards plus their 1m/10m steps
  });

  it("remembers most of what was learned, and nothing when nothing was learned", () => {
    const result = simulate(base);
    expect(result.rememberedAtEnd).toBeGreaterThan(0.75 * result.introduced);
    expect(result.rememberedAtEnd).toBeLessThanOrEqual(result.introduced);
    expect(simulate({ ...base, newCardsPerDay: 0 })).toMatchObject({ totalReviews: 0, introduced: 0, rememberedAtEnd: 0 });
  });

  it("a higher desired retention costs more reviews and keeps more in memory", () => {
    const at = (desiredRetention: number) => simulate({ ...base, policy: { desiredRetention, enableFuzz: false } });
    const low = at(0.8);
    const high = at(0.95);
    expect(high.totalReviews).toBeGreaterThan(low.totalReviews);
    expect(high.rememberedAtEnd).toBeGreaterThan(low.rememberedAtEnd);
  });

  it("rejects nonsense", () => {
    expect(() => simulate({ ...base, days: -1 })).toThrow(RangeError);
    expect(() => simulate({ ...base, secondsPerReview: Number.NaN })).toThrow(RangeError);
  });
});

describe("generateHistory", () => {
  const now = new Date("2025-06-01T12:00:00Z");

  it("is deterministic for a seed", () => {
    expect(generateHistory({ seed: 9, cards: 30, days: 40, now })).toEqual(generateHistory({ seed: 9, cards: 30, days: 40, now }));
  });

  it("produces realistic logs: every card started, ratings 1–4, nothing after now, recall near the target", () => {
    const history = generateHistory({ seed: 9, cards: 130, days: 120, now });
    expect(history.length).toBeGreaterThanOrEqual(1000);
    expect(new Set(history.map((r) => r.cardId)).size).toBe(130);
    expect(history.every((r) => r.reviewedAt.getTime() <= now.getTime() && [1, 2, 3, 4].includes(r.rating))).toBe(true);
    expect(history.some((r) => r.rating === 1) && history.some((r) => r.rating === 4)).toBe(true);
    expect(history[0]!.reviewedAt.getTime()).toBeGreaterThanOrEqual(now.getTime() - 121 * 86_400_000);

    // Reviews a day or more after the previous one should succeed about as often as the scheduler aims (90%).
    const last = new Map<string, number>();
    let recalled = 0;
    let total = 0;
    for (const review of history) {
      const previous = last.get(review.cardId);
      if (previous !== undefined && review.reviewedAt.getTime() - previous >= 86_400_000) {
        total++;
        if (review.rating > 1) recalled++;
      }
      last.set(review.cardId, review.reviewedAt.getTime());
    }
    expect(recalled / total).toBeGreaterThan(0.82);
    expect(recalled / total).toBeLessThan(0.96);
  });
});
