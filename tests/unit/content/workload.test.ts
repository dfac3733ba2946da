import { describe, expect, it } from "vitest";
import { simulateWorkload } from "@/lib/content/workload";

const lessons = Array.from({ length: 8 }, (_, l) => Array.from({ length: 7 }, (_, q) => `l${l}.q${q}`));

describe("simulateWorkload", () => {
  it("is deterministic for a seed and introduces one lesson's questions a day", () => {
    const a = simulateWorkload({ lessons, desiredRetention: 0.9, days: 60, seed: 7, learners: 5 });
    const b = simulateWorkload({ lessons, desiredRetention: 0.9, days: 60, seed: 7, learners: 5 });
    expect(a).toEqual(b);
    expect(a.questions).toBe(56);
    // Day 1 has at least the 7 first answers; after the last lesson only reviews remain and they thin out.
    expect(a.reviewsPerDay[0]).toBeGreaterThanOrEqual(7);
    expect(a.reviewsPerDay.slice(50).reduce((x, y) => x + y, 0) / 10).toBeLessThan(a.peakReviews);
  });

  it("costs more reviews at a higher desired retention", () => {
    const low = simulateWorkload({ lessons, desiredRetention: 0.85, days: 90, learners: 10 });
    const high = simulateWorkload({ lessons, desiredRetention: 0.95, days: 90, learners: 10 });
    expect(high.totalReviews).toBeGreaterThan(low.totalReviews);
    expect(high.rememberedAtEnd).toBeGreaterThan(low.rememberedAtEnd);
  });
});
