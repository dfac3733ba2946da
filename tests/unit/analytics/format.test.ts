import { describe, expect, it } from "vitest";
import { formatDay, formatDurationMs, formatLocalTime, formatMonth, formatPercent, formatTimeUntil, plural } from "@/lib/analytics/format";

describe("format", () => {
  it("percentages, with a dash for nothing measured", () => {
    expect(formatPercent(0.873)).toBe("87%");
    expect(formatPercent(1)).toBe("100%");
    expect(formatPercent(null)).toBe("—");
  });

  it("durations", () => {
    expect(formatDurationMs(45_000)).toBe("45 s");
    expect(formatDurationMs(12 * 60_000)).toBe("12 min");
    expect(formatDurationMs(65 * 60_000)).toBe("1 h 05 min");
    expect(formatDurationMs(120 * 60_000)).toBe("2 h");
  });

  it("time until the next card", () => {
    const now = new Date("2026-01-07T10:00:00Z");
    expect(formatTimeUntil(new Date("2026-01-07T10:40:00Z"), now)).toBe("in 40 min");
    expect(formatTimeUntil(new Date("2026-01-07T13:05:00Z"), now)).toBe("in 3 h");
    expect(formatTimeUntil(new Date("2026-01-09T10:00:00Z"), now)).toBe("in 2 days");
    expect(formatTimeUntil(new Date("2026-01-07T09:00:00Z"), now)).toBe("now");
  });

  it("days, months, local times and plurals", () => {
    expect(formatDay("2025-03-04")).toBe("Tue 4 Mar 2025");
    expect(formatDay("2025-03-04", { year: false, weekday: false })).toBe("4 Mar");
    expect(formatMonth("2025-12")).toBe("December 2025");
    expect(formatLocalTime(new Date("2026-01-07T07:30:00Z"), "America/New_York")).toBe("02:30");
    expect(plural(1, "day")).toBe("1 day");
    expect(plural(1200, "leech", "leeches")).toBe("1,200 leeches");
  });
});
