import { describe, expect, it } from "vitest";
import { forgetting_curve } from "ts-fsrs";
import {
  MIN_REVIEWS_FOR_FIT,
  cardSequences,
  fitEligibility,
  fitParameters,
  logLoss,
  predictions,
  rmseBins,
  trainingItems,
  type ReviewRecord,
} from "@/lib/srs/fit";
import { DEFAULT_PARAMS, validateParams } from "@/lib/srs/scheduler";
import { generateHistory } from "@/lib/srs/simulate";

const NOW = new Date("2025-06-01T12:00:00Z");
const UTC = { timezone: "UTC", dayStartHour: 4 };
const r = (cardId: string, iso: string, rating: 1 | 2 | 3 | 4): ReviewRecord => ({ cardId, reviewedAt: new Date(iso), rating });

/** A learner who forgets faster than the FSRS-6 defaults assume. */
const FORGETFUL = DEFAULT_PARAMS.map((w, i) => ({ 0: w * 0.4, 1: w * 0.4, 2: w * 0.5, 3: w * 0.5, 8: 1.4, 20: 0.35 })[i] ?? w);

describe("converting histories for fsrs-rs", () => {
  it("groups by card, orders by time and counts delta_t in learning days", () => {
    const history = [
      r("b", "2025-01-02T10:00:00Z", 3),
      r("a", "2025-01-05T10:00:00Z", 3),
      r("a", "2025-01-01T10:00:00Z", 3),
      r("a", "2025-01-01T10:10:00Z", 3), // same day: 0
      r("a", "2025-01-02T03:00:00Z", 1), // before 04:00: still the 1st's learning day
    ];
    expect(cardSequences(history, UTC)).toEqual([
      [
        { rating: 3, deltaT: 0 },
        { rating: 3, deltaT: 0 },
        { rating: 1, deltaT: 0 },
        { rating: 3, deltaT: 4 },
      ],
      [{ rating: 3, deltaT: 0 }],
    ]);
  });

  it("uses the learner's time zone: 23:00 and 09:00 next morning in New York are a day apart", () => {
    const history = [r("a", "2025-01-16T04:00:00Z", 3), r("a", "2025-01-16T14:00:00Z", 3)];
    expect(cardSequences(history, { timezone: "America/New_York", dayStartHour: 4 })[0]![1]!.deltaT).toBe(1);
    expect(cardSequences(history, UTC)[0]![1]!.deltaT).toBe(0);
  });

  it("makes one training item per later review, once the card has a review on a later day", () => {
    const sequence = [
      { rating: 3, deltaT: 0 },
      { rating: 3, deltaT: 0 },
      { rating: 3, deltaT: 2 },
      { rating: 1, deltaT: 0 },
    ] as const;
    const items = trainingItems([[...sequence]]);
    expect(items).toEqual([sequence.slice(0, 3), sequence.slice(0, 4)]);
  });
});

describe("logLoss and rmseBins", () => {
  it("scores each review on a later day by the recall FSRS predicted for it", () => {
    const history = [r("a", "2025-01-01T10:00:00Z", 3), r("a", "2025-01-04T10:00:00Z", 3), r("b", "2025-01-01T10:00:00Z", 3), r("b", "2025-01-04T10:00:00Z", 1)];
    const p = forgetting_curve([...DEFAULT_PARAMS], 3, DEFAULT_PARAMS[2]!); // first Good: S0 = w2
    expect(logLoss(history, null, UTC)).toBeCloseTo((-Math.log(p) - Math.log(1 - p)) / 2, 10);
    expect(predictions(history, null, UTC).map((x) => x.y)).toEqual([1, 0]);
  });

  it("does not score same-day reviews, and is NaN with nothing to score", () => {
    const sameDay = [r("a", "2025-01-01T10:00:00Z", 3), r("a", "2025-01-01T10:10:00Z", 1)];
    expect(predictions(sameDay, null, UTC)).toEqual([]);
    expect(logLoss(sameDay, null, UTC)).toBeNaN();
    expect(rmseBins([], null)).toBeNaN();
  });

  it("refuses to score invalid parameters rather than scoring the defaults instead", () => {
    const history = [r("a", "2025-01-01T10:00:00Z", 3), r("a", "2025-01-04T10:00:00Z", 3)];
    expect(() => logLoss(history, [1, 2, 3])).toThrow(/21/);
  });

  it("a model closer to the learner's memory scores better", () => {
    const history = generateHistory({ seed: 3, cards: 150, days: 120, now: NOW, learnerParams: FORGETFUL });
    expect(logLoss(history, FORGETFUL)).toBeLessThan(logLoss(history, null));
    expect(rmseBins(history, FORGETFUL)).toBeLessThan(rmseBins(history, null));
  });
});

describe("fitEligibility", () => {
  it(`allows a fit from ${MIN_REVIEWS_FOR_FIT} reviews when the optimiser runs here, and says why not otherwise`, () => {
    expect(fitEligibility({ reviews: MIN_REVIEWS_FOR_FIT, optimizerAvailable: true })).toEqual({ allowed: true });
    expect(fitEligibility({ reviews: MIN_REVIEWS_FOR_FIT - 1, optimizerAvailable: true })).toEqual({
      allowed: false,
      reason: `Personal parameters need at least ${MIN_REVIEWS_FOR_FIT} reviews; you have ${MIN_REVIEWS_FOR_FIT - 1}.`,
    });
    expect(fitEligibility({ reviews: 10_000, optimizerAvailable: false })).toMatchObject({ allowed: false, reason: expect.stringMatching(/optimiser/) });
  });
});

describe("fitParameters", () => {
  it(`refuses histories under ${MIN_REVIEWS_FOR_FIT} reviews`, async () => {
    const history = generateHistory({ seed: 1, cards: 20, days: 30, now: NOW });
    expect(history.length).toBeLessThan(MIN_REVIEWS_FOR_FIT);
    await expect(fitParameters(history)).rejects.toThrow(RangeError);
  });

  it("fits valid FSRS-6 parameters to a generated history of over 1,000 reviews", async () => {
    const history = generateHistory({ seed: 11, cards: 130, days: 120, now: NOW });
    expect(history.length).toBeGreaterThanOrEqual(1000);
    const { params, itemCount } = await fitParameters(history);
    expect(params).toHaveLength(21);
    expect(validateParams(params)).toEqual({ ok: true });
    expect(itemCount).toBeGreaterThan(500);
    const after = logLoss(history, params);
    expect(Number.isFinite(after)).toBe(true);
    expect(after).toBeGreaterThan(0);
    expect(after).toBeLessThan(Math.log(2)); // better than a coin
    expect(rmseBins(history, params)).toBeLessThan(0.2);
  });

  it("for a learner who forgets faster than the defaults, the fit predicts them better", async () => {
    const history = generateHistory({ seed: 5, cards: 150, days: 120, now: NOW, learnerParams: FORGETFUL });
    const { params } = await fitParameters(history);
    expect(logLoss(history, params)).toBeLessThan(logLoss(history, null));
    expect(params[0]).toBeLessThan(DEFAULT_PARAMS[0]!); // shorter first-Again stability, as the learner's
  });
});
