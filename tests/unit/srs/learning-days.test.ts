// The scheduler in the learner's days: elapsed days are learning days between two answers, a review
// card is due at the start of the learning day its interval lands on (Anki's rule), and learning steps
// run in real time. Fixed instants, fuzz off; default FSRS-6 parameters, under which a new card
// answered Easy graduates with an interval of 8 days.
import { describe, expect, it } from "vitest";
import type { DayOptions } from "@/lib/srs/day";
import { RATINGS, newCard, previewIntervals, reviewCard, type Rating, type SchedulerOptions, type SrsCard } from "@/lib/srs/scheduler";
import { local } from "../../helpers/local-time";

const MINUTE_MS = 60_000;
const EASY_NEW_DAYS = 8;

const PARIS: DayOptions = { timezone: "Europe/Paris", dayStartHour: 4 };
const NEW_YORK: DayOptions = { timezone: "America/New_York", dayStartHour: 4 };
const LOS_ANGELES: DayOptions = { timezone: "America/Los_Angeles", dayStartHour: 4 };
const TOKYO: DayOptions = { timezone: "Asia/Tokyo", dayStartHour: 4 };
const KOLKATA: DayOptions = { timezone: "Asia/Kolkata", dayStartHour: 4 };
const CHATHAM: DayOptions = { timezone: "Pacific/Chatham", dayStartHour: 4 };

const at = (iso: string) => new Date(iso);
const options = (day: DayOptions): SchedulerOptions => ({ desiredRetention: 0.9, enableFuzz: false, day });

function answer(card: SrsCard, rating: Rating, now: Date, day: DayOptions) {
  return reviewCard({ card, rating, now, options: options(day) });
}

/** A new card answered Easy at `now`: a review card with an interval of 8 days. */
function easy(now: Date, day: DayOptions) {
  return answer(newCard(now), 4, now, day);
}

describe("a review card is due at the start of the learning day its interval lands on", () => {
  it("Paris, answered at 21:00: due at 04:00 local 8 days later, in that morning's session (across spring-forward)", () => {
    const { card } = easy(at("2025-03-25T20:00:00Z"), PARIS); // 21:00 CET
    expect(card.scheduledDays).toBe(EASY_NEW_DAYS);
    expect(local(card.due, PARIS.timezone)).toBe("2025-04-02 04:00");
    expect(card.due).toEqual(at("2025-04-02T02:00:00Z")); // CEST since 30 March
  });

  it("Paris across fall-back (26 October)", () => {
    const { card } = easy(at("2025-10-20T19:00:00Z"), PARIS); // 21:00 CEST
    expect(card.due).toEqual(at("2025-10-28T03:00:00Z")); // 04:00 CET
  });

  it("New York across spring-forward (9 March): 04:00 EDT", () => {
    const { card } = easy(at("2025-03-05T02:00:00Z"), NEW_YORK); // 21:00 EST on the 4th
    expect(local(card.due, NEW_YORK.timezone)).toBe("2025-03-12 04:00");
    expect(card.due).toEqual(at("2025-03-12T08:00:00Z"));
  });

  it("Los Angeles across fall-back (2 November): 04:00 PST", () => {
    const { card } = easy(at("2025-10-30T00:30:00Z"), LOS_ANGELES); // 17:30 PDT on the 29th
    expect(local(card.due, LOS_ANGELES.timezone)).toBe("2025-11-06 04:00");
    expect(card.due).toEqual(at("2025-11-06T12:00:00Z"));
  });

  it("Asia/Kolkata (UTC+05:30): one minute before the day start counts for the day before", () => {
    const before = easy(at("2025-06-01T22:29:00Z"), KOLKATA).card; // 03:59 IST on 2 June: 1 June's learning day
    const after = easy(at("2025-06-01T22:30:00Z"), KOLKATA).card; // 04:00 IST: 2 June's
    expect(before.due).toEqual(at("2025-06-08T22:30:00Z")); // 04:00 IST on 9 June
    expect(after.due).toEqual(at("2025-06-09T22:30:00Z")); // 04:00 IST on 10 June
  });

  it("Pacific/Chatham (UTC+13:45 in summer, +12:45 in winter), across the end of its DST (6 April)", () => {
    const { card } = easy(at("2025-04-01T07:15:00Z"), CHATHAM); // 21:00 CHADT
    expect(local(card.due, CHATHAM.timezone)).toBe("2025-04-09 04:00");
    expect(card.due).toEqual(at("2025-04-08T15:15:00Z"));
  });

  it("day start 0 or 4 decides the day of an answer at 02:00 local", () => {
    const twoAm = at("2025-07-10T00:00:00Z"); // 02:00 CEST on 10 July
    expect(easy(twoAm, { ...PARIS, dayStartHour: 0 }).card.due).toEqual(at("2025-07-17T22:00:00Z")); // 00:00 on 18 July
    expect(easy(twoAm, PARIS).card.due).toEqual(at("2025-07-17T02:00:00Z")); // 04:00 on 17 July: it was still the 9th's day
  });

  it("across the year boundary", () => {
    const utc4 = { timezone: "UTC", dayStartHour: 4 };
    expect(easy(at("2026-01-01T02:00:00Z"), utc4).card.due).toEqual(at("2026-01-08T04:00:00Z")); // New Year's night belongs to 31 December
    expect(easy(at("2025-12-31T23:30:00Z"), { timezone: "UTC", dayStartHour: 0 }).card.due).toEqual(at("2026-01-08T00:00:00Z"));
  });

  it("the buttons count learning days and preview the due the answer gives", () => {
    const { card } = easy(at("2025-03-25T20:00:00Z"), PARIS);
    const now = at("2025-04-02T19:00:00Z"); // 21:00 on its due day
    const preview = previewIntervals({ card, now, options: options(PARIS) });
    // Hard: due on the 27th learning day from today, at 04:00 on 29 April, which is 26 days and 7 hours away.
    expect(Object.fromEntries(RATINGS.map((r) => [r, preview[r].intervalLabel]))).toEqual({ 1: "10m", 2: "27d", 3: "1.3mo", 4: "2.2mo" });
    expect(preview[2].due).toEqual(at("2025-04-29T02:00:00Z"));
    for (const rating of RATINGS) expect(preview[rating].due).toEqual(answer(card, rating, now, PARIS).card.due);
  });
});

describe("elapsed days are learning days", () => {
  it("Los Angeles, 17:30 and then 09:00 the next local day: one day (the same UTC date)", () => {
    const first = easy(at("2025-06-10T00:30:00Z"), LOS_ANGELES).card; // 17:30 PDT on 9 June
    const { card, log } = answer(first, 3, at("2025-06-10T16:00:00Z"), LOS_ANGELES); // 09:00 PDT on 10 June
    expect(log.elapsedDays).toBe(1);
    expect(card.elapsedDays).toBe(1);
  });

  it("Tokyo, two answers two hours apart one morning: no day (two UTC dates)", () => {
    const first = easy(at("2025-06-09T23:00:00Z"), TOKYO).card; // 08:00 JST on 10 June
    expect(answer(first, 3, at("2025-06-10T01:00:00Z"), TOKYO).log.elapsedDays).toBe(0); // 10:00 JST
  });

  it("answers either side of the day start are a day apart, however close", () => {
    const first = easy(at("2025-06-01T22:29:00Z"), KOLKATA).card; // 03:59 IST
    expect(answer(first, 3, at("2025-06-01T22:30:00Z"), KOLKATA).log.elapsedDays).toBe(1); // 04:00 IST
  });

  it("across the year boundary, with the day starting at 4 or at midnight", () => {
    const first = (day: DayOptions) => easy(at("2025-12-31T22:00:00Z"), day).card;
    const newYearsNight = at("2026-01-01T03:00:00Z");
    expect(answer(first({ timezone: "UTC", dayStartHour: 4 }), 3, newYearsNight, { timezone: "UTC", dayStartHour: 4 }).log.elapsedDays).toBe(0);
    expect(answer(first({ timezone: "UTC", dayStartHour: 0 }), 3, newYearsNight, { timezone: "UTC", dayStartHour: 0 }).log.elapsedDays).toBe(1);
  });

  it("across a DST change the days are counted, not the hours (New York, 23-hour day)", () => {
    const first = easy(at("2025-03-08T14:00:00Z"), NEW_YORK).card; // 09:00 EST on 8 March
    expect(answer(first, 3, at("2025-03-09T12:30:00Z"), NEW_YORK).log.elapsedDays).toBe(1); // 08:30 EDT the next day: 22.5 h later
  });

  it("after a move, the next answer counts days in the new zone, and its due is at that zone's day start", () => {
    const inTokyo = easy(at("2025-06-10T01:00:00Z"), TOKYO).card; // 10:00 JST on 10 June (18:00 PDT on the 9th)
    const next = at("2025-06-10T15:00:00Z"); // 00:00 JST on 11 June, still 10 June's learning day there; 08:00 PDT on 10 June
    expect(answer(inTokyo, 3, next, TOKYO).log.elapsedDays).toBe(0);
    expect(answer(inTokyo, 3, next, LOS_ANGELES).log.elapsedDays).toBe(1);
    const moved = answer(inTokyo, 3, next, LOS_ANGELES).card;
    expect(local(moved.due, LOS_ANGELES.timezone)).toMatch(/ 04:00$/);
  });
});

describe("learning and relearning steps run in real time", () => {
  it("a 10-minute step over the day start is 10 minutes", () => {
    const now = at("2025-06-01T22:25:00Z"); // 03:55 IST
    const { card } = answer(newCard(now), 3, now, KOLKATA);
    expect(card.state).toBe("LEARNING");
    expect(card.due.getTime() - now.getTime()).toBe(10 * MINUTE_MS);
  });

  it("a relearning step over spring-forward is 10 minutes (01:55 EST → 03:05 EDT)", () => {
    const graduated = easy(at("2025-03-01T15:00:00Z"), NEW_YORK).card;
    const now = at("2025-03-09T06:55:00Z"); // 01:55 EST on 9 March
    const { card } = answer(graduated, 1, now, NEW_YORK);
    expect(card.state).toBe("RELEARNING");
    expect(card.due).toEqual(at("2025-03-09T07:05:00Z"));
    expect(local(card.due, NEW_YORK.timezone)).toBe("2025-03-09 03:05");
  });
});
