import { describe, expect, it } from "vitest";
import { HOLDOUT_SPLITS, MIN_RELATIVE_LOG_LOSS_GAIN, decideHoldout, evaluateHoldout, timeSeriesSplit } from "@/lib/srs/evaluate";
import { logLoss, type ReviewRecord } from "@/lib/srs/fit";
import { DEFAULT_PARAMS } from "@/lib/srs/scheduler";
import { generateHistory } from "@/lib/srs/simulate";

const NOW = new Date("2025-06-01T12:00:00Z");
/** A learner who forgets faster than the FSRS-6 defaults assume. */
const FORGETFUL = DEFAULT_PARAMS.map((w, i) => ({ 0: w * 0.4, 1: w * 0.4, 2: w * 0.5, 3: w * 0.5, 8: 1.4, 20: 0.35 })[i] ?? w);

describe("timeSeriesSplit", () => {
  it("cuts like scikit-learn's TimeSeriesSplit: equal test blocks, the last one ending at the last item", () => {
    expect(timeSeriesSplit(12, 5)).toEqual([
      { testStart: 2, testEnd: 4 },
      { testStart: 4, testEnd: 6 },
      { testStart: 6, testEnd: 8 },
      { testStart: 8, testEnd: 10 },
      { testStart: 10, testEnd: 12 },
    ]);
    // 13 items: the remainder goes to the first training set, as in scikit-learn.
    expect(timeSeriesSplit(13, 5).map((b) => b.testStart)).toEqual([3, 5, 7, 9, 11]);
  });

  it("refuses fewer items than blocks and fewer than two splits", () => {
    expect(() => timeSeriesSplit(5, 5)).toThrow(/cannot be cut/);
    expect(() => timeSeriesSplit(100, 1)).toThrow(/≥ 2/);
  });
});

describe("evaluateHoldout", () => {
  const history = generateHistory({ seed: 7, cards: 80, days: 120, now: NOW, learnerParams: FORGETFUL });

  it("fits each split only on reviews before its test block, on a growing past", async () => {
    const trainSets: ReviewRecord[][] = [];
    const evaluation = await evaluateHoldout({
      history,
      current: null,
      fit: async (train) => {
        trainSets.push(train);
        return DEFAULT_PARAMS;
      },
    });
    expect(evaluation.splits).toHaveLength(HOLDOUT_SPLITS);
    evaluation.splits.forEach((split, k) => {
      const train = trainSets[k]!;
      expect(train.length).toBe(split.trainReviews);
      expect(Math.max(...train.map((r) => r.reviewedAt.getTime()))).toBeLessThan(split.testFrom.getTime());
      if (k > 0) expect(split.trainReviews).toBeGreaterThan(evaluation.splits[k - 1]!.trainReviews);
    });
    expect(evaluation.reviews).toBe(evaluation.splits.reduce((n, s) => n + s.testReviews, 0));
  });

  it("scores the fit and the current parameters on the same later reviews: the same parameters score the same", async () => {
    const evaluation = await evaluateHoldout({ history, current: null, fit: async () => DEFAULT_PARAMS });
    expect(evaluation.fitted).toEqual(evaluation.current);
    expect(decideHoldout(evaluation).keep).toBe(false);
  });

  it("a model of the learner's true memory beats the defaults on their later reviews and is kept", async () => {
    const evaluation = await evaluateHoldout({ history, current: null, fit: async () => FORGETFUL });
    expect(evaluation.fitted.logLoss).toBeLessThan(evaluation.current.logLoss * (1 - MIN_RELATIVE_LOG_LOSS_GAIN));
    expect(decideHoldout(evaluation)).toMatchObject({ keep: true });
  });

  it("scores only the later reviews: its log loss differs from the whole history's", async () => {
    const evaluation = await evaluateHoldout({ history, current: null, fit: async () => DEFAULT_PARAMS });
    expect(evaluation.current.logLoss).not.toBeCloseTo(logLoss(history, null), 6);
  });

  it("with fewer reviews on a later day than blocks, scores nothing and fits nothing; the decision keeps the current parameters", async () => {
    const sameDayOnly: ReviewRecord[] = [
      { cardId: "a", reviewedAt: new Date("2025-01-01T10:00:00Z"), rating: 3 },
      { cardId: "a", reviewedAt: new Date("2025-01-01T10:10:00Z"), rating: 3 },
      { cardId: "a", reviewedAt: new Date("2025-01-03T10:10:00Z"), rating: 3 },
    ];
    let fits = 0;
    const evaluation = await evaluateHoldout({ history: sameDayOnly, current: null, fit: async () => (fits++, DEFAULT_PARAMS) });
    expect(fits).toBe(0);
    expect(evaluation.reviews).toBe(0);
    expect(decideHoldout(evaluation)).toMatchObject({ keep: false, reason: expect.stringMatching(/Too few later reviews/) });
  });

  it("rejects a split whose fit returns invalid parameters", async () => {
    await expect(evaluateHoldout({ history, current: null, fit: async () => [1, 2, 3] })).rejects.toThrow(/Split 1/);
  });
});

describe("decideHoldout", () => {
  const current = { logLoss: 0.4, rmseBins: 0.05 };

  it("keeps a fit that wins by the margin and is no worse calibrated, quoting both figures", () => {
    const decision = decideHoldout({ current, fitted: { logLoss: 0.39, rmseBins: 0.04 } });
    expect(decision.keep).toBe(true);
    expect(decision.reason).toContain("0.4000");
    expect(decision.reason).toContain("0.3900");
  });

  it("keeps the current parameters when the fit wins by less than the margin", () => {
    const decision = decideHoldout({ current, fitted: { logLoss: 0.398, rmseBins: 0.04 } });
    expect(decision).toMatchObject({ keep: false, reason: expect.stringMatching(/at least 1% better.*0\.4000.*0\.3980/) });
  });

  it("keeps the current parameters when the fit's RMSE(bins) is worse, however low its log loss", () => {
    expect(decideHoldout({ current, fitted: { logLoss: 0.3, rmseBins: 0.06 } })).toMatchObject({ keep: false, reason: expect.stringMatching(/calibrated/) });
  });

  it("keeps the current parameters when nothing could be scored", () => {
    expect(decideHoldout({ current: { logLoss: Number.NaN, rmseBins: Number.NaN }, fitted: { logLoss: 0.3, rmseBins: 0.01 } }).keep).toBe(false);
  });
});
