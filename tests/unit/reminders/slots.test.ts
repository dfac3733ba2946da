import { describe, expect, it } from "vitest";
import { REMINDER_LATE_LIMIT_MS, digestSlot, estimateMinutes, isoWeek, parseClockTime, reviewReminderSlot } from "@/lib/reminders/slots";

const at = (iso: string) => new Date(iso);
const prefs = (timezone: string, reminderTime: string, dayStartHour = 4) => ({ timezone, dayStartHour, reminderMinute: parseClockTime(reminderTime)! });

describe("reviewReminderSlot", () => {
  it("is due at 18:00 in Asia/Kolkata (+5:30), i.e. 12:30 UTC, and not a second before", () => {
    const p = prefs("Asia/Kolkata", "18:00");
    expect(reviewReminderSlot(at("2026-12-03T12:29:59.999Z"), p)).toBeNull();
    expect(reviewReminderSlot(at("2026-12-03T12:30:00Z"), p)).toEqual({ period: "2026-12-03", dueAt: at("2026-12-03T12:30:00Z") });
  });

  it("is due at 07:15 in Pacific/Chatham (+13:45 in its summer), i.e. 17:30 UTC the day before, for the local date", () => {
    const p = prefs("Pacific/Chatham", "07:15");
    expect(reviewReminderSlot(at("2026-12-03T17:29:00Z"), p)).toBeNull();
    expect(reviewReminderSlot(at("2026-12-03T17:30:00Z"), p)).toEqual({ period: "2026-12-04", dueAt: at("2026-12-03T17:30:00Z") });
  });

  it("puts a 23:59 reminder in New York on that local date although it is the next UTC date", () => {
    expect(reviewReminderSlot(at("2026-12-04T04:59:30Z"), prefs("America/New_York", "23:59"))).toEqual({ period: "2026-12-03", dueAt: at("2026-12-04T04:59:00Z") });
  });

  it("counts a 01:30 reminder, before a 04:00 day start, for the learning day that the night ends", () => {
    // 01:30 in Paris on 4 December is still learning day 3 December.
    expect(reviewReminderSlot(at("2026-12-04T00:30:00Z"), prefs("Europe/Paris", "01:30"))).toEqual({ period: "2026-12-03", dueAt: at("2026-12-04T00:30:00Z") });
    // At 23:00 on 3 December that night's reminder is not due yet, and the evening's is long gone.
    expect(reviewReminderSlot(at("2026-12-03T22:00:00Z"), prefs("Europe/Paris", "01:30"))).toBeNull();
  });

  it("is due at the very start of the learning day when set to the day-start hour", () => {
    expect(reviewReminderSlot(at("2026-12-03T03:00:00Z"), prefs("Europe/Paris", "04:00"))).toEqual({ period: "2026-12-03", dueAt: at("2026-12-03T03:00:00Z") });
    expect(reviewReminderSlot(at("2026-12-03T02:59:59Z"), prefs("Europe/Paris", "04:00"))).toBeNull();
  });

  it("sends a 02:30 Berlin reminder at the moment the clocks jump on the spring DST day (02:00 → 03:00)", () => {
    const slot = reviewReminderSlot(at("2026-03-29T01:00:00Z"), prefs("Europe/Berlin", "02:30", 0));
    expect(slot).toEqual({ period: "2026-03-29", dueAt: at("2026-03-29T01:00:00Z") });
    expect(reviewReminderSlot(at("2026-03-29T00:59:59Z"), prefs("Europe/Berlin", "02:30", 0))).toBeNull();
  });

  it("gives the repeated 01:30 of New York's autumn DST day one period and the first instant, both times the clock reads it", () => {
    const p = prefs("America/New_York", "01:30", 0);
    const first = reviewReminderSlot(at("2026-11-01T05:30:00Z"), p);
    const second = reviewReminderSlot(at("2026-11-01T06:30:00Z"), p);
    expect(first).toEqual({ period: "2026-11-01", dueAt: at("2026-11-01T05:30:00Z") });
    expect(second).toEqual(first);
  });

  it("keeps 18:00 local across the autumn change in Europe: 17:00 UTC before it, 18:00 UTC after", () => {
    const p = prefs("Europe/London", "18:00");
    expect(reviewReminderSlot(at("2026-10-24T17:00:00Z"), p)?.dueAt).toEqual(at("2026-10-24T17:00:00Z"));
    expect(reviewReminderSlot(at("2026-10-25T18:00:00Z"), p)?.dueAt).toEqual(at("2026-10-25T18:00:00Z"));
    expect(reviewReminderSlot(at("2026-10-25T17:00:00Z"), p)).toBeNull();
  });

  it("skips a reminder more than two hours late (servers down) rather than mailing at night", () => {
    const p = prefs("UTC", "18:00");
    expect(reviewReminderSlot(new Date(Date.parse("2026-12-03T18:00:00Z") + REMINDER_LATE_LIMIT_MS - 1), p)?.period).toBe("2026-12-03");
    expect(reviewReminderSlot(new Date(Date.parse("2026-12-03T18:00:00Z") + REMINDER_LATE_LIMIT_MS), p)).toBeNull();
  });

  it("degrades an unknown time zone to UTC rather than failing the tick", () => {
    expect(reviewReminderSlot(at("2026-12-03T18:00:00Z"), prefs("Mars/Olympus", "18:00"))?.dueAt).toEqual(at("2026-12-03T18:00:00Z"));
  });
});

describe("isoWeek", () => {
  it.each([
    ["2026-12-03", "2026-W49"],
    ["2026-12-07", "2026-W50"],
    ["2027-01-01", "2026-W53"],
    ["2024-12-30", "2025-W01"],
  ])("puts %s in %s", (day, week) => expect(isoWeek(day)).toBe(week));
});

describe("digestSlot", () => {
  it("is due from Monday 08:00 in the instructor's zone (Kolkata: 02:30 UTC) to the end of that ISO week", () => {
    expect(digestSlot(at("2026-12-07T02:29:00Z"), "Asia/Kolkata")).toEqual(null);
    expect(digestSlot(at("2026-12-07T02:30:00Z"), "Asia/Kolkata")).toEqual({ period: "2026-W50", dueAt: at("2026-12-07T02:30:00Z") });
    // Sunday 23:00 local is still week 50; Monday 00:30 local starts week 51, not due until 08:00.
    expect(digestSlot(at("2026-12-13T17:30:00Z"), "Asia/Kolkata")?.period).toBe("2026-W50");
    expect(digestSlot(at("2026-12-13T19:00:00Z"), "Asia/Kolkata")).toBeNull();
  });
});

describe("estimateMinutes", () => {
  it("prices 23 cards at a 15.6 s median answer as about 6 minutes", () => expect(estimateMinutes(23, 15_600)).toBe(6));
  it("uses 15 s a card without any answers of the learner's own", () => expect(estimateMinutes(40, null)).toBe(10));
  it("says at least one minute", () => expect(estimateMinutes(1, 2_000)).toBe(1));
});

describe("parseClockTime", () => {
  it("reads HH:MM and refuses anything else", () => {
    expect(parseClockTime("07:05")).toBe(425);
    expect(parseClockTime("23:59")).toBe(1439);
    for (const bad of ["24:00", "7:05", "12:60", "", "noon"]) expect(parseClockTime(bad)).toBeNull();
  });
});
