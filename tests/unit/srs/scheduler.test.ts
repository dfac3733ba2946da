import { describe, expect, it } from "vitest";
import { State, forgetting_curve } from "ts-fsrs";
import {
  DEFAULT_PARAMS,
  LEECH_LAPSES,
  RATINGS,
  fromFsrsCard,
  intervalLabel,
  isLeech,
  isRecalled,
  newCard,
  previewIntervals,
  retrievability,
  reviewCard,
  toFsrsCard,
  validateParams,
  type CardState,
  type Rating,
  type SchedulerOptions,
  type SrsCard,
} from "@/lib/srs/scheduler";
import { DAY_MS, learningDaysBetween, startOfLearningDayAfter } from "@/lib/srs/day";

const NOW = new Date("2025-03-03T09:00:00Z");
const UTC_MIDNIGHT = { timezone: "UTC", dayStartHour: 0 };
const OPTIONS: SchedulerOptions = { desiredRetention: 0.9, enableFuzz: false, day: UTC_MIDNIGHT };
const MINUTE_MS = 60_000;

function review(card: SrsCard, rating: Rating, now = card.due, options = OPTIONS) {
  return reviewCard({ card, rating, now, options });
}

/** A card in each state, reached the way a learner would reach it. */
function cardIn(state: CardState): SrsCard {
  const fresh = newCard(NOW);
  if (state === "NEW") return fresh;
  const learning = review(fresh, 3, NOW).card; // first step done
  if (state === "LEARNING") return learning;
  const graduated = review(learning, 3).card;
  if (state === "REVIEW") return graduated;
  return review(graduated, 1).card; // lapsed
}

function intervalMs(card: SrsCard, rating: Rating): number {
  return review(card, rating).card.due.getTime() - card.due.getTime();
}

describe("newCard", () => {
  it("is NEW, due now, never reviewed", () => {
    const zeroes = { stability: 0, difficulty: 0, elapsedDays: 0, scheduledDays: 0, learningSteps: 0, reps: 0, lapses: 0 };
    expect(newCard(NOW)).toEqual({ due: NOW, state: "NEW", lastReview: null, ...zeroes });
  });
});

describe("reviewCard state transitions", () => {
  const expected: Record<CardState, Record<Rating, CardState>> = {
    NEW: { 1: "LEARNING", 2: "LEARNING", 3: "LEARNING", 4: "REVIEW" },
    LEARNING: { 1: "LEARNING", 2: "LEARNING", 3: "REVIEW", 4: "REVIEW" },
    REVIEW: { 1: "RELEARNING", 2: "REVIEW", 3: "REVIEW", 4: "REVIEW" },
    RELEARNING: { 1: "RELEARNING", 2: "RELEARNING", 3: "REVIEW", 4: "REVIEW" },
  };

  for (const from of Object.keys(expected) as CardState[]) {
    describe(`from ${from}`, () => {
      const card = cardIn(from);

      it("starts in that state", () => {
        expect(card.state).toBe(from);
      });

      for (const rating of RATINGS) {
        it(`rating ${rating} → ${expected[from][rating]}`, () => {
          const { card: after, log } = review(card, rating);
          expect(after.state).toBe(expected[from][rating]);
          expect(after.reps).toBe(card.reps + 1);
          expect(after.lastReview).toEqual(card.due);
          expect(after.due.getTime()).toBeGreaterThan(card.due.getTime());
          expect(log).toMatchObject({ rating, stateBefore: from, stateAfter: after.state, scheduledDays: after.scheduledDays });
        });
      }

      it("orders intervals Again < Hard < Good < Easy", () => {
        const [again, hard, good, easy] = RATINGS.map((r) => intervalMs(card, r));
        expect(again).toBeLessThan(hard!);
        expect(hard).toBeLessThan(good!);
        expect(good).toBeLessThan(easy!);
      });
    });
  }

  it("uses the learning steps 1m and 10m for a new card, and Hard halfway", () => {
    const card = cardIn("NEW");
    expect(intervalMs(card, 1)).toBe(1 * MINUTE_MS);
    expect(intervalMs(card, 2)).toBe(6 * MINUTE_MS);
    expect(intervalMs(card, 3)).toBe(10 * MINUTE_MS);
    // Easy graduates at once: due at the start of a learning day (UTC midnight here), not 24 h multiples from 09:00.
    const easy = review(card, 4).card;
    expect(easy.state).toBe("REVIEW");
    expect(easy.due).toEqual(startOfLearningDayAfter(NOW, easy.scheduledDays, UTC_MIDNIGHT));
    expect(easy.due.getUTCHours()).toBe(0);
  });

  it("Again on a learning card goes back to the first step", () => {
    const { card } = review(cardIn("LEARNING"), 1);
    expect(card.learningSteps).toBe(0);
    expect(card.due.getTime() - card.lastReview!.getTime()).toBe(MINUTE_MS);
  });

  it("graduates a relearning card on Good after its single 10-minute step", () => {
    const card = cardIn("RELEARNING");
    expect(card.due.getTime() - card.lastReview!.getTime()).toBe(10 * MINUTE_MS);
    expect(review(card, 3).card.scheduledDays).toBeGreaterThanOrEqual(1);
  });

  it("keeps Easy at least a day beyond Good when a card graduates", () => {
    for (const state of ["NEW", "LEARNING", "RELEARNING"] as const) {
      const card = cardIn(state);
      const good = review(card, 3).card;
      const easy = review(card, 4).card;
      if (good.state === "REVIEW") expect(easy.scheduledDays).toBeGreaterThan(good.scheduledDays);
      expect(easy.due).toEqual(startOfLearningDayAfter(card.due, easy.scheduledDays, UTC_MIDNIGHT));
    }
  });
});

describe("lapses", () => {
  it("Again on a review card counts a lapse, moves to RELEARNING and lowers stability", () => {
    const card = cardIn("REVIEW");
    const { card: after, log } = review(card, 1);
    expect(after.lapses).toBe(card.lapses + 1);
    expect(after.state).toBe("RELEARNING");
    expect(after.stability).toBeLessThan(card.stability);
    expect(log.stateBefore).toBe("REVIEW");
  });

  it("Again during (re)learning is not another lapse", () => {
    const card = cardIn("RELEARNING");
    expect(review(card, 1).card.lapses).toBe(card.lapses);
    expect(review(cardIn("LEARNING"), 1).card.lapses).toBe(0);
  });

  it(`makes a leech at ${LEECH_LAPSES} lapses`, () => {
    let card = cardIn("REVIEW");
    let lapses = 0;
    while (!isLeech(card)) {
      card = review(card, 1).card; // lapse
      lapses++;
      expect(isLeech(card)).toBe(lapses >= LEECH_LAPSES);
      card = review(card, 3).card; // relearned
    }
    expect(card.lapses).toBe(LEECH_LAPSES);
    expect(isLeech({ lapses: LEECH_LAPSES - 1 })).toBe(false);
  });
});

describe("reviewCard purity", () => {
  it("does not mutate the card it is given, so undo can restore it", () => {
    for (const state of ["NEW", "LEARNING", "REVIEW", "RELEARNING"] as const) {
      const card = cardIn(state);
      const snapshot = structuredClone(card);
      for (const rating of RATINGS) review(card, rating);
      previewIntervals({ card, now: card.due, options: OPTIONS });
      expect(card).toEqual(snapshot);
    }
  });

  it("gives the same result for the same input", () => {
    const card = cardIn("REVIEW");
    const later = new Date(card.due.getTime() + 3 * DAY_MS);
    expect(review(card, 3, later)).toEqual(review(card, 3, later));
  });

  it("treats a review timed before the previous one (clock skew) as no time elapsed", () => {
    const card = cardIn("REVIEW");
    const skewed = new Date(card.lastReview!.getTime() - 5000);
    const { card: after, log } = review(card, 3, skewed);
    expect(after.lastReview).toEqual(card.lastReview);
    expect(log.reviewedAt).toEqual(card.lastReview);
  });

  it("rejects a rating outside 1–4 and an invalid retention", () => {
    expect(() => review(cardIn("NEW"), 0 as Rating)).toThrow(RangeError);
    expect(() => review(cardIn("NEW"), 3, NOW, { ...OPTIONS, desiredRetention: 1.2 })).toThrow(RangeError);
    expect(() => review(cardIn("NEW"), 3, new Date(Number.NaN))).toThrow(RangeError);
  });

  it("rejects malformed learning steps", () => {
    expect(() => review(cardIn("NEW"), 3, NOW, { ...OPTIONS, learningSteps: ["ten minutes"] })).toThrow(/learningSteps/);
  });
});

describe("the log", () => {
  it("records the card before the review and the predicted recall", () => {
    const card = cardIn("REVIEW");
    const at = new Date(card.due.getTime() + 2 * DAY_MS);
    const { log } = review(card, 3, at);
    expect(log).toMatchObject({
      rating: 3,
      reviewedAt: at,
      stateBefore: "REVIEW",
      stateAfter: "REVIEW",
      dueBefore: card.due,
      stabilityBefore: card.stability,
      difficultyBefore: card.difficulty,
    });
    expect(log.elapsedDays).toBe(learningDaysBetween(card.lastReview!, at, UTC_MIDNIGHT));
    expect(log.retrievabilityBefore).toBeCloseTo(retrievability(card, at), 10);
  });
});

describe("options", () => {
  it("a higher desired retention gives shorter intervals", () => {
    const card = cardIn("REVIEW");
    const at = (r: number) => review(card, 3, card.due, { ...OPTIONS, desiredRetention: r }).card.scheduledDays;
    expect(at(0.95)).toBeLessThan(at(0.9));
    expect(at(0.9)).toBeLessThan(at(0.8));
  });

  it("caps intervals at maximumIntervalDays", () => {
    let card = cardIn("REVIEW");
    const options = { ...OPTIONS, maximumIntervalDays: 30 };
    for (let i = 0; i < 8; i++) card = review(card, 4, card.due, options).card;
    expect(card.scheduledDays).toBe(30);
    for (const rating of [2, 3, 4] as const) expect(review(card, rating, card.due, options).card.scheduledDays).toBeLessThanOrEqual(30);
  });

  it("custom learning steps", () => {
    const card = newCard(NOW);
    const options = { ...OPTIONS, learningSteps: ["5m", "30m", "2h"] };
    expect(review(card, 1, NOW, options).card.due.getTime() - NOW.getTime()).toBe(5 * MINUTE_MS);
    expect(review(card, 3, NOW, options).card.due.getTime() - NOW.getTime()).toBe(30 * MINUTE_MS);
  });

  it("uses fitted parameters, and falls back to the defaults for invalid ones", () => {
    const card = cardIn("NEW");
    const slower = [...DEFAULT_PARAMS];
    slower[3] = 30; // initial stability after Easy
    const easy = (params: readonly number[] | null) => review(card, 4, NOW, { ...OPTIONS, params }).card.scheduledDays;
    expect(easy(slower)).toBeGreaterThan(easy(null));
    expect(easy([1, 2, 3])).toBe(easy(null));
  });

  it("fuzz changes long intervals deterministically and within a few days", () => {
    let card = cardIn("REVIEW");
    for (let i = 0; i < 3; i++) card = review(card, 3).card;
    const plain = review(card, 3).card.scheduledDays;
    const fuzzy = review(card, 3, card.due, { ...OPTIONS, enableFuzz: true }).card.scheduledDays;
    expect(review(card, 3, card.due, { ...OPTIONS, enableFuzz: true }).card.scheduledDays).toBe(fuzzy);
    expect(Math.abs(fuzzy - plain)).toBeLessThanOrEqual(Math.ceil(plain * 0.15) + 1);
  });
});

describe("previewIntervals", () => {
  it("shows Anki-style labels for a new card", () => {
    const preview = previewIntervals({ card: newCard(NOW), now: NOW, options: OPTIONS });
    expect(Object.fromEntries(RATINGS.map((r) => [r, preview[r].intervalLabel]))).toEqual({ 1: "1m", 2: "6m", 3: "10m", 4: "8d" });
  });

  it("matches what reviewCard does for each rating", () => {
    for (const state of ["NEW", "LEARNING", "REVIEW", "RELEARNING"] as const) {
      const card = cardIn(state);
      const preview = previewIntervals({ card, now: card.due, options: OPTIONS });
      for (const rating of RATINGS) expect(preview[rating].due).toEqual(review(card, rating).card.due);
    }
  });
});

describe("isRecalled", () => {
  it("is FSRS's pass/fail: every grade but Again", () => {
    expect(RATINGS.map(isRecalled)).toEqual([false, true, true, true]);
  });
});

describe("intervalLabel", () => {
  const cases: [number, string][] = [
    [0, "0s"],
    [-5000, "0s"],
    [45_000, "45s"],
    [60_000, "1m"],
    [10 * MINUTE_MS, "10m"],
    [59.6 * MINUTE_MS, "1h"],
    [3 * 60 * MINUTE_MS, "3h"],
    [23.6 * 60 * MINUTE_MS, "1d"],
    [4 * DAY_MS, "4d"],
    [29.6 * DAY_MS, "1mo"],
    [63 * DAY_MS, "2.1mo"],
    [90 * DAY_MS, "3mo"],
    [365 * DAY_MS, "1y"],
    [474.5 * DAY_MS, "1.3y"],
  ];
  for (const [ms, label] of cases) it(`${ms} ms → ${label}`, () => expect(intervalLabel(ms)).toBe(label));
});

describe("retrievability", () => {
  it("is 0 for a new card", () => {
    expect(retrievability(newCard(NOW), NOW)).toBe(0);
  });

  it("is 1 right after a review, 0.9 after `stability` days, and falls with time", () => {
    const card = cardIn("REVIEW");
    const at = (days: number) => retrievability(card, new Date(card.lastReview!.getTime() + days * DAY_MS));
    expect(at(0)).toBe(1);
    expect(at(card.stability)).toBeCloseTo(0.9, 4);
    const curve = [0.01, 1, 2, 5, 10, 30, 100, 1000].map(at);
    for (let i = 1; i < curve.length; i++) expect(curve[i]).toBeLessThan(curve[i - 1]!);
    expect(curve.at(-1)).toBeGreaterThan(0);
  });

  it("matches ts-fsrs's forgetting curve and never exceeds 1 before the last review", () => {
    const card = cardIn("REVIEW");
    const later = new Date(card.lastReview!.getTime() + 7 * DAY_MS);
    expect(retrievability(card, later)).toBe(forgetting_curve([...DEFAULT_PARAMS], 7, card.stability));
    expect(retrievability(card, new Date(card.lastReview!.getTime() - DAY_MS))).toBe(1);
  });
});

describe("validateParams", () => {
  it("accepts the FSRS-6 defaults", () => {
    expect(validateParams([...DEFAULT_PARAMS])).toEqual({ ok: true });
  });

  it.each([
    ["not an array", "0.2,1.2", /array/],
    ["19 numbers (FSRS-5)", DEFAULT_PARAMS.slice(0, 19), /21/],
    ["a NaN", DEFAULT_PARAMS.map((w, i) => (i === 4 ? Number.NaN : w)), /w\[4\]/],
    ["a string", DEFAULT_PARAMS.map((w, i) => (i === 2 ? String(w) : w)), /w\[2\]/],
    ["w[4] (initial difficulty) above 10", DEFAULT_PARAMS.map((w, i) => (i === 4 ? 11 : w)), /w\[4\] = 11 is outside \[1, 10\]/],
    ["w[20] (decay) below 0.1", DEFAULT_PARAMS.map((w, i) => (i === 20 ? 0.05 : w)), /w\[20\]/],
  ])("rejects %s", (_name, params, reason) => {
    const result = validateParams(params);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe("conversion to and from ts-fsrs", () => {
  it("round-trips every state", () => {
    for (const state of ["NEW", "LEARNING", "REVIEW", "RELEARNING"] as const) {
      const card = cardIn(state);
      expect(fromFsrsCard(toFsrsCard(card))).toEqual(card);
    }
  });

  it("maps state names to ts-fsrs's enum and null lastReview to undefined", () => {
    expect(toFsrsCard(cardIn("RELEARNING")).state).toBe(State.Relearning);
    expect(toFsrsCard(newCard(NOW)).last_review).toBeUndefined();
  });
});
