import { describe, expect, it } from "vitest";
import {
  addDaysToDayString,
  addLearningDays,
  endOfLearningDay,
  learningDay,
  learningDaysBetween,
  resolveDayOptions,
  startOfDayString,
  startOfLearningDayAfter,
  startOfLearningDay,
  timezoneOffsetMs,
} from "@/lib/srs/day";

const HOUR_MS = 3_600_000;
const NEW_YORK = { timezone: "America/New_York", dayStartHour: 4 };
const KOLKATA = { timezone: "Asia/Kolkata", dayStartHour: 4 };
const at = (iso: string) => new Date(iso);
const lengthHours = (instant: Date, opts: typeof NEW_YORK) =>
  (endOfLearningDay(instant, opts).getTime() - startOfLearningDay(instant, opts).getTime()) / HOUR_MS;

describe("learningDay", () => {
  it("in UTC with the day starting at midnight is the UTC date", () => {
    const utc = { timezone: "UTC", dayStartHour: 0 };
    expect(learningDay(at("2025-01-01T00:00:00Z"), utc)).toBe("2025-01-01");
    expect(learningDay(at("2024-12-31T23:59:59.999Z"), utc)).toBe("2024-12-31");
  });

  it("with the day starting at 4am, 03:59 local belongs to the previous day (winter, EST)", () => {
    expect(learningDay(at("2025-01-15T08:59:00Z"), NEW_YORK)).toBe("2025-01-14"); // 03:59 EST
    expect(learningDay(at("2025-01-15T09:00:00Z"), NEW_YORK)).toBe("2025-01-15"); // 04:00 EST
  });

  it("… and in summer (EDT)", () => {
    expect(learningDay(at("2025-07-15T07:59:00Z"), NEW_YORK)).toBe("2025-07-14"); // 03:59 EDT
    expect(learningDay(at("2025-07-15T08:00:00Z"), NEW_YORK)).toBe("2025-07-15"); // 04:00 EDT
  });

  it("a late-night session counts towards the day it started", () => {
    expect(learningDay(at("2025-01-16T04:30:00Z"), NEW_YORK)).toBe("2025-01-15"); // 23:30 EST
    expect(learningDay(at("2025-01-16T07:30:00Z"), NEW_YORK)).toBe("2025-01-15"); // 02:30 EST next morning
  });

  it("handles a half-hour offset (Asia/Kolkata, UTC+05:30)", () => {
    expect(learningDay(at("2025-06-01T22:29:00Z"), KOLKATA)).toBe("2025-06-01"); // 03:59 IST on the 2nd
    expect(learningDay(at("2025-06-01T22:30:00Z"), KOLKATA)).toBe("2025-06-02"); // 04:00 IST
    expect(startOfLearningDay(at("2025-06-02T12:00:00Z"), KOLKATA)).toEqual(at("2025-06-01T22:30:00Z"));
  });

  it("rejects an unknown time zone and a bad day-start hour", () => {
    expect(() => learningDay(at("2025-01-01T00:00:00Z"), { timezone: "Mars/Olympus_Mons", dayStartHour: 4 })).toThrow(RangeError);
    expect(() => learningDay(at("2025-01-01T00:00:00Z"), { timezone: "UTC", dayStartHour: 24 })).toThrow(RangeError);
    expect(() => learningDay(new Date(Number.NaN), NEW_YORK)).toThrow(RangeError);
  });
});

describe("start and end of a learning day across DST", () => {
  it("a normal day is 24 hours, from 04:00 local to 04:00 local", () => {
    const instant = at("2025-01-15T15:00:00Z");
    expect(startOfLearningDay(instant, NEW_YORK)).toEqual(at("2025-01-15T09:00:00Z"));
    expect(endOfLearningDay(instant, NEW_YORK)).toEqual(at("2025-01-16T09:00:00Z"));
    expect(lengthHours(instant, NEW_YORK)).toBe(24);
  });

  it("the learning day containing spring-forward (2025-03-09 02:00 EST) lasts 23 hours", () => {
    const instant = at("2025-03-09T07:30:00Z"); // 03:30 EDT on the 9th: still the 8th's learning day
    expect(learningDay(instant, NEW_YORK)).toBe("2025-03-08");
    expect(startOfLearningDay(instant, NEW_YORK)).toEqual(at("2025-03-08T09:00:00Z")); // 04:00 EST
    expect(endOfLearningDay(instant, NEW_YORK)).toEqual(at("2025-03-09T08:00:00Z")); // 04:00 EDT
    expect(lengthHours(instant, NEW_YORK)).toBe(23);
  });

  it("the learning day containing fall-back (2025-11-02 02:00 EDT) lasts 25 hours", () => {
    const instant = at("2025-11-02T06:30:00Z"); // 01:30 EST-or-EDT: the 1st's learning day
    expect(learningDay(instant, NEW_YORK)).toBe("2025-11-01");
    expect(lengthHours(instant, NEW_YORK)).toBe(25);
    expect(endOfLearningDay(instant, NEW_YORK)).toEqual(at("2025-11-02T09:00:00Z")); // 04:00 EST
  });

  it("a 30-minute DST shift (Australia/Lord_Howe) gives a 23.5-hour day", () => {
    const lordHowe = { timezone: "Australia/Lord_Howe", dayStartHour: 4 };
    // Clocks go from 02:00 to 02:30 on 5 October, inside the learning day of the 4th.
    expect(lengthHours(at("2025-10-04T06:00:00Z"), lordHowe)).toBe(23.5);
    expect(lengthHours(at("2025-10-05T06:00:00Z"), lordHowe)).toBe(24);
  });

  it("a day starting at an hour the clocks skip begins when they jump", () => {
    const ny2am = { timezone: "America/New_York", dayStartHour: 2 };
    expect(startOfDayString("2025-03-09", ny2am)).toEqual(at("2025-03-09T07:00:00Z")); // 03:00 EDT
  });

  it("a day starting at an hour that happens twice begins at the first", () => {
    const ny1am = { timezone: "America/New_York", dayStartHour: 1 };
    expect(startOfDayString("2025-11-02", ny1am)).toEqual(at("2025-11-02T05:00:00Z")); // 01:00 EDT
  });

  it("start ≤ instant < end, for instants all through a DST year", () => {
    for (let h = 0; h < 366 * 24; h += 7) {
      const instant = new Date(Date.UTC(2025, 0, 1) + h * HOUR_MS + 17 * 60_000);
      for (const opts of [NEW_YORK, KOLKATA, { timezone: "Europe/London", dayStartHour: 0 }]) {
        const start = startOfLearningDay(instant, opts).getTime();
        const end = endOfLearningDay(instant, opts).getTime();
        expect(start).toBeLessThanOrEqual(instant.getTime());
        expect(end).toBeGreaterThan(instant.getTime());
        expect(learningDay(new Date(start), opts)).toBe(learningDay(instant, opts));
        expect(learningDay(new Date(end - 1), opts)).toBe(learningDay(instant, opts));
      }
    }
  });
});

describe("addLearningDays", () => {
  it("keeps the local time of day across spring-forward (a 23-hour day)", () => {
    const noonEst = at("2025-03-08T17:00:00Z");
    expect(addLearningDays(noonEst, 1, NEW_YORK)).toEqual(at("2025-03-09T16:00:00Z")); // noon EDT
    expect(addLearningDays(at("2025-03-09T16:00:00Z"), -1, NEW_YORK)).toEqual(noonEst);
  });

  it("keeps the local time of day across fall-back (a 25-hour day)", () => {
    expect(addLearningDays(at("2025-11-01T16:00:00Z"), 1, NEW_YORK)).toEqual(at("2025-11-02T17:00:00Z"));
  });

  it("adds zero days as the identity, keeping milliseconds", () => {
    const instant = at("2025-05-05T05:05:05.555Z");
    expect(addLearningDays(instant, 0, KOLKATA)).toEqual(instant);
    expect(addLearningDays(instant, 30, KOLKATA)).toEqual(new Date(instant.getTime() + 30 * 24 * HOUR_MS));
  });

  it("rejects fractional days", () => {
    expect(() => addLearningDays(at("2025-05-05T00:00:00Z"), 1.5, KOLKATA)).toThrow(RangeError);
  });
});

describe("helpers", () => {
  it("learningDaysBetween counts day boundaries, not 24-hour periods", () => {
    expect(learningDaysBetween(at("2025-01-15T04:00:00Z"), at("2025-01-15T14:00:00Z"), NEW_YORK)).toBe(1); // 23:00 → 09:00
    expect(learningDaysBetween(at("2025-01-15T06:00:00Z"), at("2025-01-15T08:00:00Z"), NEW_YORK)).toBe(0); // 01:00 → 03:00
    expect(learningDaysBetween(at("2025-03-01T15:00:00Z"), at("2025-03-31T15:00:00Z"), NEW_YORK)).toBe(30);
  });

  it("addDaysToDayString crosses months and leap days", () => {
    expect(addDaysToDayString("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDaysToDayString("2024-03-01", -1)).toBe("2024-02-29");
    expect(() => addDaysToDayString("March 1", 1)).toThrow(RangeError);
  });

  it("timezoneOffsetMs", () => {
    expect(timezoneOffsetMs(Date.UTC(2025, 0, 1), "Asia/Kolkata")).toBe(5.5 * HOUR_MS);
    expect(timezoneOffsetMs(Date.UTC(2025, 6, 1), "America/New_York")).toBe(-4 * HOUR_MS);
  });
});

describe("startOfLearningDayAfter", () => {
  it("is the start of the learning day `days` after the instant's", () => {
    expect(startOfLearningDayAfter(at("2025-01-15T02:00:00Z"), 3, NEW_YORK)).toEqual(at("2025-01-17T09:00:00Z")); // 21:00 EST on the 14th → 04:00 EST on the 17th
    expect(startOfLearningDayAfter(at("2025-01-15T02:00:00Z"), 0, NEW_YORK)).toEqual(startOfLearningDay(at("2025-01-15T02:00:00Z"), NEW_YORK));
  });

  it("on a day whose start the clocks skip (Chatham, 28 September, 02:45 → 03:45), the moment they jump", () => {
    const chatham3am = { timezone: "Pacific/Chatham", dayStartHour: 3 };
    expect(startOfLearningDayAfter(at("2025-09-25T08:00:00Z"), 3, chatham3am)).toEqual(at("2025-09-27T14:00:00Z")); // 02:45 CHAST = 03:45 CHADT
  });

  it("rejects fractional days", () => {
    expect(() => startOfLearningDayAfter(at("2025-01-15T02:00:00Z"), 0.5, NEW_YORK)).toThrow(RangeError);
  });
});

describe("resolveDayOptions", () => {
  it("keeps valid settings", () => {
    expect(resolveDayOptions({ timezone: "Pacific/Chatham", dayStartHour: 0 })).toEqual({ timezone: "Pacific/Chatham", dayStartHour: 0 });
  });

  it("degrades a zone the runtime does not know to UTC and a bad hour to the default, instead of blocking reviews", () => {
    expect(resolveDayOptions({ timezone: "Mars/Olympus_Mons", dayStartHour: 25 })).toEqual({ timezone: "UTC", dayStartHour: 4 });
  });
});
