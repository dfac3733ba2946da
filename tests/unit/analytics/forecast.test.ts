import { describe, expect, it } from "vitest";
import { bucketForecast, forecastTotal } from "@/lib/analytics/forecast";

describe("bucketForecast", () => {
  it("counts overdue cards today and drops what lies beyond the window", () => {
    const days = bucketForecast({
      today: "2026-02-27",
      days: 5,
      rows: [
        { day: "2026-01-30", count: 2 },
        { day: "2026-02-26", count: 3 },
        { day: "2026-02-27", count: 4 },
        { day: "2026-03-01", count: 1 },
        { day: "2026-03-03", count: 7 },
        { day: "2026-03-04", count: 9 },
      ],
    });
    expect(days).toEqual([
      { day: "2026-02-27", due: 4, overdue: 5 },
      { day: "2026-02-28", due: 0, overdue: 0 },
      { day: "2026-03-01", due: 1, overdue: 0 },
      { day: "2026-03-02", due: 0, overdue: 0 },
      { day: "2026-03-03", due: 7, overdue: 0 },
    ]);
    expect(forecastTotal(days)).toBe(17);
  });

  it("gives 30 consecutive days by default, across a month end", () => {
    const days = bucketForecast({ today: "2026-01-15", rows: [] });
    expect(days).toHaveLength(30);
    expect(days[0]!.day).toBe("2026-01-15");
    expect(days[16]!.day).toBe("2026-01-31");
    expect(days[17]!.day).toBe("2026-02-01");
    expect(days[29]!.day).toBe("2026-02-13");
  });
});
