import { describe, expect, it } from "vitest";
import { ANKI_QUEUE, ANKI_TYPE, ankiRevlog, ankiSchedule, collectionCreatedSecs, memoryStateJson, type RecallCard } from "@/lib/anki/schedule";

const DR = 0.9;
const DECAY = 0.1542;

function card(overrides: Partial<RecallCard>): RecallCard {
  return {
    state: "REVIEW",
    due: new Date("2026-03-10T12:00:00Z"),
    stability: 12.345678,
    difficulty: 5.43219,
    scheduledDays: 12,
    learningSteps: 0,
    reps: 4,
    lapses: 1,
    lastReview: new Date("2026-02-26T12:00:00Z"),
    suspended: false,
    ...overrides,
  };
}

/** Anki's v1 day count (rslib/src/scheduler/timing.rs, sched_timing_today_v1): whole 86,400 s since crt. */
function ankiDaysElapsed(crtSecs: number, at: Date): number {
  return Math.floor((at.getTime() / 1000 - crtSecs) / 86_400);
}

describe("memory state in cards.data", () => {
  it("holds s, d, dr, decay and lrt rounded to Anki's places (4, 3, 2, 3) with lrt in epoch seconds", () => {
    const json = JSON.parse(memoryStateJson(card({}), 0.876, DECAY));
    expect(json).toEqual({ s: 12.3457, d: 5.432, dr: 0.88, decay: 0.154, lrt: Date.parse("2026-02-26T12:00:00Z") / 1000 });
  });

  it("is an empty object for a new card, which has no memory state", () => {
    expect(memoryStateJson(card({ state: "NEW", lastReview: null, stability: 0 }), DR, DECAY)).toBe("{}");
  });
});

describe("a card's schedule in Anki's terms", () => {
  it("gives a review card due in 3 learning days (Asia/Kolkata, +5:30) due = 3 in the review queue with its interval", () => {
    const clock = { now: new Date("2026-03-07T10:00:00Z"), timezone: "Asia/Kolkata", dayStartHour: 4 };
    const s = ankiSchedule({ card: card({ due: new Date("2026-03-10T09:00:00Z") }), newPosition: 0, clock, desiredRetention: DR, decay: DECAY });
    expect(s).toMatchObject({ type: ANKI_TYPE.REVIEW, queue: ANKI_QUEUE.REVIEW, due: 3, ivl: 12, reps: 4, lapses: 1 });
    expect(JSON.parse(s.data).s).toBe(12.3457);
  });

  it("counts days by the learner's day start in Pacific/Chatham (+12:45): due just before 04:00 local is today, just after is tomorrow", () => {
    // The learner is on 7 March (09:45 local); 8 March 04:00 in Chatham (+13:45, daylight time) is 2026-03-07T14:15Z.
    const clock = { now: new Date("2026-03-06T20:00:00Z"), timezone: "Pacific/Chatham", dayStartHour: 4 };
    const before = ankiSchedule({ card: card({ due: new Date("2026-03-07T14:14:00Z") }), newPosition: 0, clock, desiredRetention: DR, decay: DECAY });
    const after = ankiSchedule({ card: card({ due: new Date("2026-03-07T14:16:00Z") }), newPosition: 0, clock, desiredRetention: DR, decay: DECAY });
    expect([before.due, after.due]).toEqual([0, 1]);
  });

  it("counts learning days, not 24-hour spans, across a DST change (America/New_York, 8 March 2026)", () => {
    const clock = { now: new Date("2026-03-07T15:00:00Z"), timezone: "America/New_York", dayStartHour: 4 };
    // 2026-03-09 04:30 EDT is 08:30Z: two learning days later, although only 41.5 hours away.
    const s = ankiSchedule({ card: card({ due: new Date("2026-03-09T08:30:00Z") }), newPosition: 0, clock, desiredRetention: DR, decay: DECAY });
    expect(s.due).toBe(2);
  });

  it("puts a learning step due later today in the intraday queue with due in epoch seconds and the steps left", () => {
    const now = new Date("2026-03-07T10:00:00Z");
    const due = new Date("2026-03-07T10:10:00Z");
    const s = ankiSchedule({
      card: card({ state: "LEARNING", due, learningSteps: 1, scheduledDays: 0 }),
      newPosition: 0,
      clock: { now, timezone: "UTC", dayStartHour: 4 },
      desiredRetention: DR,
      decay: DECAY,
    });
    expect(s).toMatchObject({ type: ANKI_TYPE.LEARNING, queue: ANKI_QUEUE.LEARNING, due: due.getTime() / 1000, ivl: 0, left: 1 });
  });

  it("puts a learning step due on a later learning day in the day-learning queue, counted in days", () => {
    const s = ankiSchedule({
      card: card({ state: "RELEARNING", due: new Date("2026-03-08T05:00:00Z"), learningSteps: 0, scheduledDays: 1 }),
      newPosition: 0,
      clock: { now: new Date("2026-03-07T10:00:00Z"), timezone: "UTC", dayStartHour: 4 },
      desiredRetention: DR,
      decay: DECAY,
    });
    expect(s).toMatchObject({ type: ANKI_TYPE.RELEARNING, queue: ANKI_QUEUE.DAY_LEARNING, due: 1, ivl: 1 });
  });

  it("keeps a suspended card's type but puts it in the suspended queue (-1)", () => {
    const s = ankiSchedule({ card: card({ suspended: true }), newPosition: 0, clock: { now: new Date("2026-03-07T10:00:00Z"), timezone: "UTC", dayStartHour: 4 }, desiredRetention: DR, decay: DECAY });
    expect([s.type, s.queue]).toEqual([ANKI_TYPE.REVIEW, ANKI_QUEUE.SUSPENDED]);
  });

  it("orders new cards by position and gives them no memory state", () => {
    const s = ankiSchedule({
      card: card({ state: "NEW", lastReview: null, stability: 0, difficulty: 0, reps: 0, lapses: 0, scheduledDays: 0 }),
      newPosition: 7,
      clock: { now: new Date("2026-03-07T10:00:00Z"), timezone: "UTC", dayStartHour: 4 },
      desiredRetention: DR,
      decay: DECAY,
    });
    expect(s).toMatchObject({ type: 0, queue: 0, due: 7, ivl: 0, data: "{}" });
  });
});

describe("the collection's creation time", () => {
  it("is the start of the learner's day, so Anki's day count at export is 0 in every time zone (Kolkata, Chatham, New York on DST day)", () => {
    const cases = [
      { now: new Date("2026-03-07T22:29:00Z"), timezone: "Asia/Kolkata", dayStartHour: 4 },
      { now: new Date("2026-04-05T14:00:00Z"), timezone: "Pacific/Chatham", dayStartHour: 4 },
      { now: new Date("2026-03-08T23:00:00Z"), timezone: "America/New_York", dayStartHour: 0 },
    ];
    for (const clock of cases) expect(ankiDaysElapsed(collectionCreatedSecs(clock), clock.now)).toBe(0);
  });

  it("lets Anki count the days since the export: imported 5 days later, a card due in 3 days at export is 2 days overdue", () => {
    const clock = { now: new Date("2026-03-07T10:00:00Z"), timezone: "Asia/Kolkata", dayStartHour: 4 };
    const crt = collectionCreatedSecs(clock);
    const s = ankiSchedule({ card: card({ due: new Date("2026-03-10T09:00:00Z") }), newPosition: 0, clock, desiredRetention: DR, decay: DECAY });
    const importedAt = new Date(clock.now.getTime() + 5 * 86_400_000);
    expect(s.due - ankiDaysElapsed(crt, importedAt)).toBe(-2);
  });
});

describe("a review as a revlog row", () => {
  it("keeps the rating, the interval before and after, the answer time capped at 60 s and the type from the state before", () => {
    const row = ankiRevlog({ reviewedAt: new Date(), rating: 3, stateBefore: "RELEARNING", scheduledDays: 4, lastScheduledDays: 1, durationMs: 95_000 });
    expect(row).toEqual({ ease: 3, ivl: 4, lastIvl: 1, factor: 2500, time: 60_000, type: 2 });
  });
});
