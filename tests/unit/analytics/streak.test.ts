import { describe, expect, it } from "vitest";
import { computeStreak, studyDays } from "@/lib/analytics/streak";

const UTC = { timezone: "UTC", dayStartHour: 0 };

describe("computeStreak", () => {
  const days = ["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-05", "2026-03-06"];

  it("counts the run ending today and the longest run", () => {
    expect(computeStreak({ days, now: new Date("2026-03-06T12:00:00Z"), ...UTC })).toEqual({ current: 2, longest: 3, studiedToday: true });
  });

  it("keeps a streak that ran to yesterday while today has no review yet", () => {
    expect(computeStreak({ days, now: new Date("2026-03-07T23:59:00Z"), ...UTC })).toEqual({ current: 2, longest: 3, studiedToday: false });
  });

  it("breaks it once a whole day passed without reviews", () => {
    expect(computeStreak({ days, now: new Date("2026-03-08T00:00:00Z"), ...UTC })).toEqual({ current: 0, longest: 3, studiedToday: false });
  });

  it("ignores duplicates, order and days after today", () => {
    const messy = ["2026-03-06", "2026-03-09", "2026-03-05", "2026-03-06", "2026-03-10", "2026-03-11", "2026-03-12", "2026-03-13"];
    expect(computeStreak({ days: messy, now: new Date("2026-03-06T12:00:00Z"), ...UTC })).toEqual({ current: 2, longest: 2, studiedToday: true });
  });

  it("is zero with no reviews", () => {
    expect(computeStreak({ days: [], now: new Date("2026-03-06T12:00:00Z"), ...UTC })).toEqual({ current: 0, longest: 0, studiedToday: false });
  });
});

describe("learning days in the learner's time zone", () => {
  // Monday 5 Jan 2026, 20:00 in New York (EST, UTC−5) = 10:00 on Tuesday 6 Jan in Tokyo (UTC+9).
  const evening = new Date("2026-01-06T01:00:00Z");
  // Wednesday 7 Jan 2026, 02:30 in New York = 16:30 in Tokyo.
  const lateNight = new Date("2026-01-07T07:30:00Z");
  // Wednesday 7 Jan, 10:00 in New York; already Thursday 8 Jan, 00:00 in Tokyo.
  const now = new Date("2026-01-07T15:00:00Z");

  it("puts a 02:30 review on the previous day when the day starts at 04:00", () => {
    const ny = { timezone: "America/New_York", dayStartHour: 4 };
    expect(studyDays([evening, lateNight], ny)).toEqual(["2026-01-05", "2026-01-06"]);
    // Two consecutive days; today (the 7th) has no review yet, so the streak still stands.
    expect(computeStreak({ days: studyDays([evening, lateNight], ny), now, ...ny })).toEqual({ current: 2, longest: 2, studiedToday: false });
  });

  it("with a midnight day start the same reviews leave a gap", () => {
    const nyMidnight = { timezone: "America/New_York", dayStartHour: 0 };
    expect(studyDays([evening, lateNight], nyMidnight)).toEqual(["2026-01-05", "2026-01-07"]);
    expect(computeStreak({ days: studyDays([evening, lateNight], nyMidnight), now, ...nyMidnight })).toEqual({ current: 1, longest: 1, studiedToday: true });
  });

  it("the same instants are other days in Tokyo, where 00:00 on the 8th still belongs to the 7th", () => {
    const tokyo = { timezone: "Asia/Tokyo", dayStartHour: 4 };
    expect(studyDays([evening, lateNight], tokyo)).toEqual(["2026-01-06", "2026-01-07"]);
    expect(computeStreak({ days: studyDays([evening, lateNight], tokyo), now, ...tokyo })).toEqual({ current: 2, longest: 2, studiedToday: true });
  });

  it("follows the clock change: on 29 Mar 2026 London moves to BST at 01:00 UTC", () => {
    const london = { timezone: "Europe/London", dayStartHour: 4 };
    // 03:30 BST is before the 04:00 day start: still Saturday the 28th. 04:30 BST is Sunday the 29th.
    expect(studyDays([new Date("2026-03-29T02:30:00Z")], london)).toEqual(["2026-03-28"]);
    expect(studyDays([new Date("2026-03-29T03:30:00Z")], london)).toEqual(["2026-03-29"]);
  });
});
