// Whether fitted parameters predict what the learner does NEXT, judged as srs-benchmark judges models
// (open-spaced-repetition/srs-benchmark, other.py `process`): the scored reviews in time order are cut
// by scikit-learn's TimeSeriesSplit into n + 1 equal blocks; for each of the last n blocks, parameters
// are fitted on every review before it and scored on it. The predictions of all n test blocks are
// pooled into one log loss and one RMSE(bins). The parameters in use are scored on the same blocks, so
// the two figures compare like with like. Pure: the fitting itself is passed in.

import type { DayOptions } from "./day";
import { logLossOf, predictions, rmseBinsOf, type Prediction, type ReviewRecord } from "./fit";
import { validateParams } from "./scheduler";

export interface HoldoutSplit {
  /** Reviews before this instant were the training set; the test block starts here. */
  testFrom: Date;
  trainReviews: number;
  testReviews: number;
}

export interface HoldoutScore {
  logLoss: number;
  rmseBins: number;
}

export interface HoldoutEvaluation {
  splits: HoldoutSplit[];
  /** Reviews scored across all test blocks. */
  reviews: number;
  current: HoldoutScore;
  fitted: HoldoutScore;
}

/**
 * scikit-learn's TimeSeriesSplit over `n` items in time order: test blocks of ⌊n / (splits + 1)⌋ items,
 * the last block ending at the last item; each block's training set is every item before it.
 * Returns the [start, end) index of each test block.
 */
export function timeSeriesSplit(n: number, splits: number): { testStart: number; testEnd: number }[] {
  if (!Number.isInteger(splits) || splits < 2) throw new RangeError(`splits must be an integer ≥ 2, got ${splits}.`);
  const testSize = Math.floor(n / (splits + 1));
  if (testSize < 1) throw new RangeError(`${n} scored reviews cannot be cut into ${splits + 1} blocks.`);
  return Array.from({ length: splits }, (_, k) => {
    const testStart = n - (splits - k) * testSize;
    return { testStart, testEnd: testStart + testSize };
  });
}

/** Predictions in time order; reviews at the same instant keep the order `predictions` gave them. */
function byTime(scored: Prediction[]): Prediction[] {
  return scored
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.reviewedAt.getTime() - b.p.reviewedAt.getTime() || a.i - b.i)
    .map(({ p }) => p);
}

/** The predictions of `params` whose review falls in [from, to). */
function inWindow(scored: readonly Prediction[], from: number, to: number): Prediction[] {
  return scored.filter((p) => p.reviewedAt.getTime() >= from && p.reviewedAt.getTime() < to);
}

/** What the held-out check needs: the learner's reviews, the parameters in use and a fitting procedure. */
export interface HoldoutInput {
  history: readonly ReviewRecord[];
  /** Parameters in use; null for the FSRS-6 defaults. */
  current: readonly number[] | null;
  fit: (train: ReviewRecord[]) => Promise<readonly number[]>;
  splits?: number;
  dayOptions?: Partial<DayOptions>;
}

/** srs-benchmark's default number of splits. */
export const HOLDOUT_SPLITS = 5;

/**
 * Fits on the past and scores on the future, `splits` times. `fit` receives the reviews before a test
 * block (every review, same-day ones included, as fitting wants them) and returns parameters; every
 * test review is predicted from the card's whole history up to it, as in srs-benchmark.
 */
export async function evaluateHoldout({ history, current, fit, splits = HOLDOUT_SPLITS, dayOptions }: HoldoutInput): Promise<HoldoutEvaluation> {
  const currentScored = byTime(predictions(history, current, dayOptions));
  // Too few reviews on a later day to cut into blocks: nothing to judge a fit on (decideHoldout says so).
  if (currentScored.length < splits + 1) {
    const unscored = { logLoss: Number.NaN, rmseBins: Number.NaN };
    return { splits: [], reviews: 0, current: unscored, fitted: unscored };
  }
  const blocks = timeSeriesSplit(currentScored.length, splits);
  const sorted = history.slice().sort((a, b) => a.reviewedAt.getTime() - b.reviewedAt.getTime());
  const out: HoldoutEvaluation = { splits: [], reviews: 0, current: { logLoss: 0, rmseBins: 0 }, fitted: { logLoss: 0, rmseBins: 0 } };
  const currentTest: Prediction[] = [];
  const fittedTest: Prediction[] = [];
  for (const [k, block] of blocks.entries()) {
    const from = currentScored[block.testStart]!.reviewedAt.getTime();
    // The last block runs to the end; the others stop where the next one starts.
    const to = k === blocks.length - 1 ? Number.POSITIVE_INFINITY : currentScored[block.testEnd]!.reviewedAt.getTime();
    const train = sorted.filter((r) => r.reviewedAt.getTime() < from);
    const params = await fit(train);
    const validation = validateParams(params);
    if (!validation.ok) throw new RangeError(`Split ${k + 1}: ${validation.reason}`);
    const currentBlock = inWindow(currentScored, from, to);
    const fittedBlock = inWindow(byTime(predictions(history, params, dayOptions)), from, to);
    currentTest.push(...currentBlock);
    fittedTest.push(...fittedBlock);
    out.splits.push({ testFrom: new Date(from), trainReviews: train.length, testReviews: currentBlock.length });
  }
  out.reviews = currentTest.length;
  out.current = { logLoss: logLossOf(currentTest), rmseBins: rmseBinsOf(currentTest) };
  out.fitted = { logLoss: logLossOf(fittedTest), rmseBins: rmseBinsOf(fittedTest) };
  return out;
}

export type HoldoutDecision = { keep: true; reason: string } | { keep: false; reason: string };

const f4 = (x: number) => x.toFixed(4);

/**
 * A fit is kept only if its held-out log loss is at least this much lower (relative) than that of the
 * parameters in use, and its RMSE(bins) is no worse. See docs/decisions/013-fitting-on-held-out-reviews.md
 * for the measurements behind the figure.
 */
export const MIN_RELATIVE_LOG_LOSS_GAIN = 0.01;

/**
 * Keep the fit only if, on reviews it had not seen, it predicted better by the margin: log loss lower
 * by at least MIN_RELATIVE_LOG_LOSS_GAIN and RMSE(bins) no higher. The reason quotes both figures.
 */
export function decideHoldout({ current, fitted }: Pick<HoldoutEvaluation, "current" | "fitted">, margin = MIN_RELATIVE_LOG_LOSS_GAIN): HoldoutDecision {
  const figures = `held-out log loss ${f4(current.logLoss)} (current) vs ${f4(fitted.logLoss)} (fitted), RMSE(bins) ${f4(current.rmseBins)} vs ${f4(fitted.rmseBins)}`;
  if (![current.logLoss, fitted.logLoss, current.rmseBins, fitted.rmseBins].every(Number.isFinite)) {
    return { keep: false, reason: "Too few later reviews to score the fit; the current parameters stay." };
  }
  const gain = (current.logLoss - fitted.logLoss) / current.logLoss;
  if (gain < margin) {
    return {
      keep: false,
      reason: `The fit did not predict your later reviews at least ${(margin * 100).toFixed(0)}% better: ${figures}. The current parameters stay.`,
    };
  }
  if (fitted.rmseBins > current.rmseBins) {
    return { keep: false, reason: `The fit's predictions were less well calibrated: ${figures}. The current parameters stay.` };
  }
  return { keep: true, reason: `The fit predicted your later reviews ${(gain * 100).toFixed(1)}% better: ${figures}.` };
}

export interface FitChoice {
  evaluation: HoldoutEvaluation;
  decision: HoldoutDecision;
  /** The parameters to use from now on when the fit is kept (refitted on every review); null when not. */
  params: readonly number[] | null;
}

/**
 * The whole fitting rule, as the app applies it: judge the fitting on held-out reviews, and when it
 * wins, refit on every review (the held-out check judged the procedure; the kept parameters should
 * also learn from the most recent reviews, as srs-benchmark's final split and Anki's optimiser do).
 */
export async function chooseParameters(input: HoldoutInput): Promise<FitChoice> {
  const { history, fit } = input;
  const evaluation = await evaluateHoldout(input);
  const decision = decideHoldout(evaluation);
  if (!decision.keep) return { evaluation, decision, params: null };
  const params = await fit(history.slice());
  const validation = validateParams(params);
  if (!validation.ok) return { evaluation, decision: { keep: false, reason: `The fit on all your reviews gave invalid parameters (${validation.reason}); the current parameters stay.` }, params: null };
  return { evaluation, decision, params };
}
