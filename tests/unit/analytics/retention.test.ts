import { describe, expect, it } from "vitest";
import { retentionByGroup, retentionWindows, type RetentionDay } from "@/lib/analytics/retention";

// Today is 31 May 2026: the 7-day window starts 25 May, the 30-day window 2 May, the 90-day window 3 March.
const today = "2026-05-31";
const rows: RetentionDay[] = [
  { day: "2026-05-31", reviews: 4, correct: 3 },
  { day: "2026-05-25", reviews: 6, correct: 6 },
  { day: "2026-05-24", reviews: 10, correct: 5 },
  { day: "2026-05-02", reviews: 5, correct: 4 },
  { day: "2026-05-01", reviews: 5, correct: 1 },
  { day: "2026-03-03", reviews: 10, correct: 10 },
  { day: "2026-03-02", reviews: 100, correct: 0 },
  { day: "2026-06-01", reviews: 50, correct: 0 },
];

describe("retentionWindows", () => {
  it("sums the graduated reviews of the last 7, 30 and 90 learning days, today included", () => {
    const [w7, w30, w90] = retentionWindows({ rows, today });
    expect(w7).toEqual({ windowDays: 7, reviews: 10, correct: 9, rate: 0.9 });
    expect(w30).toEqual({ windowDays: 30, reviews: 25, correct: 18, rate: 0.72 });
    expect(w90).toEqual({ windowDays: 90, reviews: 40, correct: 29, rate: 0.725 });
  });

  it("has no rate without reviews", () => {
    expect(retentionWindows({ rows: [], today, windows: [7] })).toEqual([{ windowDays: 7, reviews: 0, correct: 0, rate: null }]);
  });
});

describe("retentionByGroup", () => {
  it("computes one window per group", () => {
    const grouped: RetentionDay[] = [
      { day: "2026-05-31", reviews: 4, correct: 3, group: "observability" },
      { day: "2026-05-10", reviews: 6, correct: 3, group: "observability" },
      { day: "2026-04-01", reviews: 9, correct: 0, group: "observability" },
      { day: "2026-05-20", reviews: 5, correct: 5, group: "resilience" },
      { day: "2026-05-20", reviews: 7, correct: 7 },
    ];
    const byGroup = retentionByGroup({ rows: grouped, today, windowDays: 30 });
    expect(byGroup.get("observability")).toEqual({ windowDays: 30, reviews: 10, correct: 6, rate: 0.6 });
    expect(byGroup.get("resilience")).toEqual({ windowDays: 30, reviews: 5, correct: 5, rate: 1 });
    expect(byGroup.size).toBe(2);
  });
});
