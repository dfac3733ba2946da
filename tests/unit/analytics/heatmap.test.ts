import { describe, expect, it } from "vitest";
import { heatLevel, heatmapLayout, levelCap } from "@/lib/analytics/heatmap";

describe("heat levels", () => {
  it("caps at the 95th percentile of active days, so one outlier does not wash the rest out", () => {
    const counts = [0, 0, ...Array.from({ length: 20 }, (_, i) => i + 1)];
    // 20 active days 1..20: nearest rank ceil(0.95 × 20) = 19th value = 19.
    expect(levelCap(counts)).toBe(19);
    expect(levelCap([0, 0])).toBe(0);
  });

  it("splits the cap into quarters", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 50].map((c) => heatLevel(c, 8))).toEqual([0, 1, 1, 2, 2, 3, 3, 4, 4, 4]);
  });
});

describe("heatmapLayout", () => {
  // 7 Jan 2026 is a Wednesday; ten days back starts on Monday 29 Dec 2025.
  const counts = [
    { day: "2025-12-01", count: 99 },
    { day: "2025-12-31", count: 2 },
    { day: "2026-01-06", count: 8 },
    { day: "2026-01-07", count: 4 },
  ];

  it("lays out weeks as columns of Monday..Sunday", () => {
    const layout = heatmapLayout({ counts, today: "2026-01-07", days: 10 });
    expect(layout.first).toBe("2025-12-29");
    expect(layout.weekdays).toEqual([1, 2, 3, 4, 5, 6, 0]);
    expect(layout.weeks).toHaveLength(2);
    expect(layout.weeks[0]!.map((c) => c?.day)).toEqual(["2025-12-29", "2025-12-30", "2025-12-31", "2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04"]);
    expect(layout.weeks[1]!.map((c) => c?.day ?? null)).toEqual(["2026-01-05", "2026-01-06", "2026-01-07", null, null, null, null]);
    // Cap over the active days in range (2, 8, 4): ceil(0.95 × 3) = 3rd = 8.
    expect(layout.weeks[0]![2]).toEqual({ day: "2025-12-31", count: 2, level: 1 });
    expect(layout.weeks[1]![1]).toEqual({ day: "2026-01-06", count: 8, level: 4 });
    expect(layout.weeks[1]![2]).toEqual({ day: "2026-01-07", count: 4, level: 2 });
    expect(layout.total).toBe(14);
    expect(layout.activeDays).toBe(3);
    expect(layout.monthStarts).toEqual([{ week: 0, month: "2026-01" }]);
    expect(layout.months).toEqual([
      { month: "2025-12", reviews: 2, activeDays: 1 },
      { month: "2026-01", reviews: 12, activeDays: 2 },
    ]);
    expect(layout.levels).toEqual([
      { level: 0, min: 0, max: 0 },
      { level: 1, min: 1, max: 2 },
      { level: 2, min: 3, max: 4 },
      { level: 3, min: 5, max: 6 },
      { level: 4, min: 7, max: null },
    ]);
  });

  it("starts rows on Sunday when asked, leaving the slots before the first day empty", () => {
    const layout = heatmapLayout({ counts, today: "2026-01-07", days: 10, weekStartsOn: 0 });
    expect(layout.weekdays).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(layout.weeks[0]![0]).toBeNull();
    expect(layout.weeks[0]![1]!.day).toBe("2025-12-29");
    expect(layout.weeks[1]!.map((c) => c?.day ?? null)).toEqual(["2026-01-04", "2026-01-05", "2026-01-06", "2026-01-07", null, null, null]);
  });

  it("covers exactly the past 365 days by default, ending today", () => {
    const layout = heatmapLayout({ counts: [], today: "2026-01-07" });
    const cells = layout.weeks.flat().filter((c) => c !== null);
    expect(cells).toHaveLength(365);
    expect(cells[0]!.day).toBe("2025-01-08");
    expect(cells.at(-1)!.day).toBe("2026-01-07");
    expect(layout.weeks).toHaveLength(53);
    expect(layout.monthStarts).toHaveLength(12);
  });
});
