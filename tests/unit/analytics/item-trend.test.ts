import { describe, expect, it } from "vitest";
import { analyseItems } from "@/lib/analytics/item-analysis";
import { itemTrend, type TimedFirstAttempt } from "@/lib/analytics/item-trend";

const day = (d: number) => new Date(Date.UTC(2026, 10, d, 12));

describe("itemTrend", () => {
  // Six learners answer q1 and q2; the strong ones (u1–u3) on 2 Nov, the weak ones (u4–u6) on 9 Nov.
  const attempts: TimedFirstAttempt[] = [];
  for (const [i, strong] of [true, true, true, false, false, false].entries()) {
    const at = strong ? day(2) : day(9);
    attempts.push({ userId: `u${i + 1}`, questionId: "q1", correct: strong, at });
    attempts.push({ userId: `u${i + 1}`, questionId: "q2", correct: strong || i === 3, at });
  }

  it("counts only first attempts before each checkpoint", () => {
    const trend = itemTrend({ questionId: "q1", attempts, checkpoints: [day(1), day(5), day(12)], options: { minAttempts: 3 } });
    expect(trend.map((p) => p.attempts)).toEqual([0, 3, 6]);
    expect(trend.map((p) => p.facility)).toEqual([null, 1, 0.5]);
  });

  it("ends on the item analysis of every attempt", () => {
    const [last] = itemTrend({ questionId: "q1", attempts, checkpoints: [day(30)] });
    const all = analyseItems(
      ["q1", "q2"].map((q) => ({
        questionId: q,
        kind: "FREE_RECALL" as const,
        firstAttempts: attempts.filter((a) => a.questionId === q),
        laterReviews: 0,
        laterLapses: 0,
        meanDifficulty: null,
      })),
    ).find((s) => s.questionId === "q1")!;
    expect(last?.facility).toBe(all.facility);
    expect(last?.discrimination).toBe(all.discrimination);
    expect(last?.discrimination).toBe(1);
  });
});
