import { describe, expect, it } from "vitest";
import { cheapestPerRemembered, simulateWorkload } from "@/lib/content/workload";
import { DEFAULT_REVIEW_COSTS, type ReviewCosts } from "@/lib/srs/study-sim";

const lessons = Array.from({ length: 8 }, (_, l) => Array.from({ length: 7 }, (_, q) => `l${l}.q${q}`));

describe("simulateWorkload", () => {
  it("is deterministic for a seed and introduces one lesson's questions a day", async () => {
    const a = await simulateWorkload({ lessons, desiredRetention: 0.9, days: 60, seed: 7, learners: 5 });
    const b = await simulateWorkload({ lessons, desiredRetention: 0.9, days: 60, seed: 7, learners: 5 });
    expect(a).toEqual(b);
    expect(a.questions).toBe(56);
    // Day 1 has at least the 7 first answers; after the last lesson only reviews remain and they thin out.
    expect(a.reviewsPerDay[0]).toBeGreaterThanOrEqual(7);
    expect(a.reviewsPerDay.slice(50).reduce((x, y) => x + y, 0) / 10).toBeLessThan(a.peakReviews);
  });

  it("costs more reviews at a higher desired retention", async () => {
    const low = await simulateWorkload({ lessons, desiredRetention: 0.85, days: 90, learners: 10 });
    const high = await simulateWorkload({ lessons, desiredRetention: 0.95, days: 90, learners: 10 });
    expect(high.totalReviews).toBeGreaterThan(low.totalReviews);
    expect(high.rememberedAtEnd).toBeGreaterThan(low.rememberedAtEnd);
  });

  it("prices each review by its outcome: the same reviews cost more minutes when failing costs more", async () => {
    const dearLapses: ReviewCosts = { ...DEFAULT_REVIEW_COSTS, review: [60, ...DEFAULT_REVIEW_COSTS.review.slice(1)] as unknown as ReviewCosts["review"] };
    const base = await simulateWorkload({ lessons, desiredRetention: 0.85, days: 60, learners: 5 });
    const dear = await simulateWorkload({ lessons, desiredRetention: 0.85, days: 60, learners: 5, costs: dearLapses });
    // Same learners and draws; only the price of a forgotten review card changed (the session's clock moves
    // with the price, so a learning step may land a little later: the review counts differ by a few at most).
    expect(Math.abs(dear.totalReviews - base.totalReviews)).toBeLessThan(base.totalReviews * 0.01);
    expect(dear.totalMinutes / dear.totalReviews).toBeGreaterThan(base.totalMinutes / base.totalReviews);
    // Not a flat price: the minutes are not reviews × one constant.
    expect(base.totalMinutes / base.totalReviews).not.toBeCloseTo(DEFAULT_REVIEW_COSTS.review[2] / 60, 3);
  });

  it("marks as cheapest the target with the fewest minutes per remembered question, which is not the lowest target when lapses are dear", async () => {
    const dearLapses: ReviewCosts = {
      learning: DEFAULT_REVIEW_COSTS.learning,
      review: [120, 17.59, 12.38, 8.94],
      relearning: [120, 60, 30, 20],
    };
    const results = [];
    for (const r of [0.7, 0.8, 0.9]) results.push(await simulateWorkload({ lessons, desiredRetention: r, days: 90, learners: 5, costs: dearLapses }));
    const cheapest = cheapestPerRemembered(results)!;
    expect(cheapest.minutesPerRemembered).toBe(Math.min(...results.map((w) => w.minutesPerRemembered)));
    expect(cheapest.desiredRetention).toBeGreaterThan(0.7);
  });
});
