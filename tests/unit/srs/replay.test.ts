import { describe, expect, it } from "vitest";
import { learningDay, learningDaysBetween, timezoneOffsetMs } from "@/lib/srs/day";
import { replayMemory, rescheduledDue, workloadPreview, type ScheduledCard } from "@/lib/srs/replay";
import { DEFAULT_PARAMS, newCard, reviewCard, type Rating, type SrsCard } from "@/lib/srs/scheduler";

const UTC0 = { timezone: "UTC", dayStartHour: 0 };
const T0 = new Date("2025-03-01T09:00:00Z");
const DAY = 86_400_000;
const OTHER = DEFAULT_PARAMS.map((w, i) => (i < 4 ? w * 2 : w));

/** Answers a card as the app does (no fuzz), recording each review. */
function answered(plan: readonly [number, Rating][]): { card: SrsCard; reviews: { rating: Rating; reviewedAt: Date }[]; states: SrsCard[] } {
  let card = newCard(T0);
  const reviews: { rating: Rating; reviewedAt: Date }[] = [];
  const states: SrsCard[] = [];
  for (const [offsetMs, rating] of plan) {
    const now = new Date(T0.getTime() + offsetMs);
    states.push(card);
    card = reviewCard({ card, rating, now, options: { desiredRetention: 0.9, enableFuzz: false, day: UTC0 } }).card;
    reviews.push({ rating, reviewedAt: now });
  }
  return { card, reviews, states };
}

const PLAN: [number, Rating][] = [
  [0, 3],
  [10 * 60_000, 3],
  [2 * DAY, 3],
  [9 * DAY, 1],
  [9 * DAY + 10 * 60_000, 3],
  [12 * DAY, 4],
];

describe("replayMemory", () => {
  it("replaying a card's log with the parameters it was scheduled with gives back its stability and difficulty", () => {
    const { card, reviews, states } = answered(PLAN);
    const replay = replayMemory({ reviews, params: null, dayOptions: UTC0 });
    expect(replay.after!.stability).toBeCloseTo(card.stability, 6);
    expect(replay.after!.difficulty).toBeCloseTo(card.difficulty, 6);
    const beforeLast = states[states.length - 1]!;
    expect(replay.beforeLast!.stability).toBeCloseTo(beforeLast.stability, 6);
    expect(replay.beforeLast!.difficulty).toBeCloseTo(beforeLast.difficulty, 6);
  });

  it("other parameters give another memory state from the same log", () => {
    const { reviews } = answered(PLAN);
    const a = replayMemory({ reviews, params: null, dayOptions: UTC0 }).after!;
    const b = replayMemory({ reviews, params: OTHER, dayOptions: UTC0 }).after!;
    expect(b.stability).not.toBeCloseTo(a.stability, 3);
  });

  it("a log missing its first reviews continues from the state stored before its first logged review", () => {
    const { reviews, states } = answered(PLAN);
    const full = replayMemory({ reviews, params: null, dayOptions: UTC0 });
    const startCard = states[2]!;
    const trimmed = replayMemory({ reviews: reviews.slice(2), params: null, dayOptions: UTC0, start: startCard });
    expect(trimmed.after!.stability).toBeCloseTo(full.after!.stability, 6);
    expect(trimmed.after!.difficulty).toBeCloseTo(full.after!.difficulty, 6);
  });

  it("counts elapsed days in learning days: 23:30 and 08:00 in Kolkata are one day apart, not zero", () => {
    const kolkata = { timezone: "Asia/Kolkata", dayStartHour: 4 };
    const reviews = [
      { rating: 3 as Rating, reviewedAt: new Date("2025-03-01T03:00:00Z") }, // 08:30 local
      { rating: 3 as Rating, reviewedAt: new Date("2025-03-01T18:00:00Z") }, // 23:30 local, same day
      { rating: 3 as Rating, reviewedAt: new Date("2025-03-02T02:30:00Z") }, // 08:00 local next day
    ];
    expect(learningDaysBetween(reviews[1]!.reviewedAt, reviews[2]!.reviewedAt, kolkata)).toBe(1);
    const sameDayTwice = replayMemory({ reviews: reviews.slice(0, 2), params: null, dayOptions: kolkata }).after!;
    const nextDay = replayMemory({ reviews, params: null, dayOptions: kolkata }).after!;
    expect(nextDay.stability).toBeGreaterThan(sameDayTwice.stability);
  });

  it("refuses reviews out of time order", () => {
    const reviews = [
      { rating: 3 as Rating, reviewedAt: new Date("2025-03-02T00:00:00Z") },
      { rating: 3 as Rating, reviewedAt: new Date("2025-03-01T00:00:00Z") },
    ];
    expect(() => replayMemory({ reviews, params: null, dayOptions: UTC0 })).toThrow(/time order/);
  });
});

const reviewCardRow = (over: Partial<ScheduledCard> = {}): ScheduledCard => ({
  id: "card-1",
  state: "REVIEW",
  due: new Date("2025-03-20T04:00:00Z"),
  stability: 20,
  lastReview: new Date("2025-03-10T21:30:00Z"),
  elapsedDays: 8,
  suspended: false,
  ...over,
});

describe("rescheduledDue", () => {
  it("is due at the start of a learning day, scheduledDays learning days after the last review (Pacific/Chatham, +13:45)", () => {
    const chatham = { timezone: "Pacific/Chatham", dayStartHour: 4 };
    const card = reviewCardRow();
    const out = rescheduledDue({ card, params: null, desiredRetention: 0.9, dayOptions: chatham })!;
    const localMs = out.due.getTime() + timezoneOffsetMs(out.due.getTime(), chatham.timezone);
    expect(new Date(localMs).toISOString().slice(11, 19)).toBe("04:00:00");
    expect(learningDaysBetween(card.lastReview!, out.due, chatham)).toBe(out.scheduledDays);
    expect(out.scheduledDays).toBeGreaterThan(10);
  });

  it("a higher desired retention brings the card back sooner; the same card gets the same date twice", () => {
    const card = reviewCardRow();
    const at90 = rescheduledDue({ card, params: null, desiredRetention: 0.9, dayOptions: UTC0 })!;
    const at95 = rescheduledDue({ card, params: null, desiredRetention: 0.95, dayOptions: UTC0 })!;
    expect(at95.scheduledDays).toBeLessThan(at90.scheduledDays);
    expect(rescheduledDue({ card, params: null, desiredRetention: 0.9, dayOptions: UTC0 })).toEqual(at90);
  });

  it("leaves learning, relearning, suspended and unreviewed cards where they are", () => {
    for (const over of [{ state: "LEARNING" as const }, { state: "RELEARNING" as const }, { suspended: true }, { lastReview: null }, { state: "NEW" as const, stability: 0 }]) {
      expect(rescheduledDue({ card: reviewCardRow(over), params: null, desiredRetention: 0.9, dayOptions: UTC0 })).toBeNull();
    }
  });
});

describe("workloadPreview", () => {
  const paris = { timezone: "Europe/Paris", dayStartHour: 4 };
  // 2025-03-29 12:00 local; the clocks go forward on the 30th.
  const now = new Date("2025-03-29T11:00:00Z");

  it("counts cards per learning day for 30 days, an overdue card on today, across a DST change", () => {
    const days = workloadPreview({
      now,
      dayOptions: paris,
      cards: [
        { dueBefore: new Date("2025-03-20T03:00:00Z"), dueAfter: new Date("2025-03-31T02:00:00Z"), suspended: false }, // overdue → 31st 04:00 local
        { dueBefore: new Date("2025-03-30T02:00:00Z"), dueAfter: new Date("2025-03-30T02:00:00Z"), suspended: false }, // 30th 04:00 CEST
        { dueBefore: new Date("2025-03-30T01:30:00Z"), dueAfter: new Date("2025-06-01T00:00:00Z"), suspended: false }, // 03:30 CEST: still the 29th; → past the window
        { dueBefore: new Date("2025-03-29T12:00:00Z"), dueAfter: new Date("2025-03-29T12:00:00Z"), suspended: true },
      ],
    });
    expect(days).toHaveLength(30);
    expect(days[0]).toEqual({ day: "2025-03-29", before: 2, after: 0 });
    expect(days[1]).toEqual({ day: "2025-03-30", before: 1, after: 1 });
    expect(days[2]).toEqual({ day: "2025-03-31", before: 0, after: 1 });
    expect(days[29]!.day).toBe("2025-04-27");
    expect(days.reduce((n, d) => n + d.after, 0)).toBe(2);
    expect(learningDay(now, paris)).toBe("2025-03-29");
  });
});
