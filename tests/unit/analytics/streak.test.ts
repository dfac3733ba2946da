import { describe, expect, it } from "vitest";
import { calendarGrid, level, streaks } from "@/lib/analytics/streak";
import { learningDay } from "@/lib/srs/day";

describe("streaks", () => {
  it("counts the current run, which survives a today without reviews yet", () => {
    const days = ["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-05", "2026-03-06"];
    expect(streaks(days, "2026-03-06")).toEqual({ current: 2, longest: 3 });
    expect(streaks(days, "2026-03-07")).toEqual({ current: 2, longest: 3 });
    expect(streaks(days, "2026-03-08")).toEqual({ current: 0, longest: 3 });
    expect(streaks([], "2026-03-08")).toEqual({ current: 0, longest: 0 });
  });

  it("puts a 02:30 review on the previous learning day when the day starts at 04:00, per time zone", () => {
    const at = new Date("2026-03-10T07:30:00Z"); // 02:30 in New York (EST, UTC−5), 16:30 in Tokyo
    expect(learningDay(at, { timezone: "America/New_York", dayStartHour: 4 })).toBe("2026-03-09");
    expect(learningDay(at, { timezone: "Asia/Tokyo", dayStartHour: 4 })).toBe("2026-03-10");
    // So the same two reviews make a two-day streak in New York and a one-day streak in Tokyo.
    const reviews = [new Date("2026-03-09T20:00:00Z"), at];
    const ny = reviews.map((r) => learningDay(r, { timezone: "America/New_York", dayStartHour: 4 }));
    const tokyo = reviews.map((r) => learningDay(r, { timezone: "Asia/Tokyo", dayStartHour: 4 }));
    expect(streaks(ny, "2026-03-09").current).toBe(1);
    expect(streaks(tokyo, "2026-03-10")).toEqual({ current: 1, longest: 1 });
  });
});

describe("calendarGrid", () => {
  it("lays out weeks Monday to Sunday ending with today's week", () => {
    const grid = calendarGrid("2026-03-11", new Map([["2026-03-09", 4]]), 2); // a Wednesday
    expect(grid).toHaveLength(2);
    expect(grid[1][0]).toEqual({ day: "2026-03-09", count: 4, future: false });
    expect(grid[1][2].day).toBe("2026-03-11");
    expect(grid[1][3].future).toBe(true);
    expect(grid[0][0].day).toBe("2026-03-02");
  });
  it("buckets counts into levels", () => {
    expect([0, 1, 30, 60, 100].map((c) => level(c, 100))).toEqual([0, 1, 2, 3, 4]);
  });
});
