// Personal FSRS parameters: fitting them to a learner's review history (fsrs-rs, the optimiser of
// @open-spaced-repetition/binding) and scoring parameters on a history; whether to keep a fit is
// decided on reviews it was not fitted on (./evaluate.ts). The scoring is plain TypeScript over
// ts-fsrs, so it runs anywhere; only `fitParameters` loads the native optimiser, and it does so lazily.
//
// We depend on the optimiser's Linux x64 (glibc) build directly, as an optional dependency, rather
// than on the `binding` wrapper package: the wrapper lists a build for every platform, and the
// registry we install from has 0.5.0 only for linux-x64-gnu, which makes `npm ci` refuse the
// lockfile (decision 007). Where the build cannot load, fitting is unavailable and says so.

import { createRequire } from "node:module";
import { FSRSAlgorithm } from "ts-fsrs";
import { DEFAULT_DAY_OPTIONS, learningDaysBetween, type DayOptions } from "./day";
import { DEFAULT_PARAMS, validateParams, type Rating } from "./scheduler";

/**
 * Below this many reviews the learner keeps the default parameters. The defaults were fitted on
 * thousands of Anki collections and already predict a typical learner well; 21 parameters fitted to a
 * few hundred reviews mostly fit noise (fsrs-rs itself returns the defaults below 8 usable items and
 * fits only the initial stabilities below 64). A few hundred reviews is also the order of magnitude
 * at which Anki starts offering its optimiser, and `decideHoldout` still rejects a fit that does not
 * predict later reviews better.
 */
export const MIN_REVIEWS_FOR_FIT = 400;

export interface ReviewRecord {
  cardId: string;
  reviewedAt: Date;
  rating: Rating;
}

/** One review as fsrs-rs sees it: delta_t is whole learning days since the card's previous review. */
export interface ItemReview {
  rating: Rating;
  deltaT: number;
}

export interface FitOptions extends Partial<DayOptions> {
  /** Fits the same-day (short-term) parameters w17–w19 too; matches the scheduler, which uses steps. */
  enableShortTerm?: boolean;
  /** Relearning steps the scheduler uses; fsrs-rs narrows w17/w18 when there are several. */
  numRelearningSteps?: number;
  /** Defaults to MIN_REVIEWS_FOR_FIT; benchmarks may lower it. */
  minReviews?: number;
  progress?: (current: number, total: number) => void;
}

function dayOptions(opts: Partial<DayOptions> | undefined): DayOptions {
  return {
    timezone: opts?.timezone ?? DEFAULT_DAY_OPTIONS.timezone,
    dayStartHour: opts?.dayStartHour ?? DEFAULT_DAY_OPTIONS.dayStartHour,
  };
}

/** A review in a card's sequence, with when it happened (for time-series splits). */
interface TimedReview extends ItemReview {
  reviewedAt: Date;
}

function timedSequences(history: readonly ReviewRecord[], opts?: Partial<DayOptions>): TimedReview[][] {
  const days = dayOptions(opts);
  const byCard = new Map<string, ReviewRecord[]>();
  for (const review of history) {
    const list = byCard.get(review.cardId);
    if (list) list.push(review);
    else byCard.set(review.cardId, [review]);
  }
  return [...byCard.keys()].sort().map((cardId) => {
    const reviews = byCard.get(cardId)!.slice().sort((a, b) => a.reviewedAt.getTime() - b.reviewedAt.getTime());
    return reviews.map((review, i) => ({
      rating: review.rating,
      deltaT: i === 0 ? 0 : Math.max(0, learningDaysBetween(reviews[i - 1]!.reviewedAt, review.reviewedAt, days)),
      reviewedAt: review.reviewedAt,
    }));
  });
}

/**
 * Each card's reviews in time order with delta_t in the learner's learning days (so a review at 23:00
 * and one at 09:00 the next morning are a day apart, and two before the day-start hour are not).
 * Cards are ordered by id so the result does not depend on the order of `history`.
 */
export function cardSequences(history: readonly ReviewRecord[], opts?: Partial<DayOptions>): ItemReview[][] {
  return timedSequences(history, opts).map((sequence) => sequence.map(({ rating, deltaT }) => ({ rating, deltaT })));
}

/**
 * fsrs-rs training items: for every review after a card's first, the card's history up to and
 * including it. Items with no review on a later day carry no long-term signal and are dropped, as
 * the binding's own CSV conversion does.
 */
export function trainingItems(sequences: readonly ItemReview[][]): ItemReview[][] {
  const items: ItemReview[][] = [];
  for (const sequence of sequences) {
    let longTerm = false;
    for (let i = 1; i < sequence.length; i++) {
      if (sequence[i]!.deltaT > 0) longTerm = true;
      if (longTerm) items.push(sequence.slice(0, i + 1));
    }
  }
  return items;
}

/** The part of fsrs-rs's Node binding that fitting uses. */
interface OptimizerBinding {
  FSRSBindingReview: new (rating: number, deltaT: number) => object;
  FSRSBindingItem: new (reviews: object[]) => object;
  computeParameters(
    items: object[],
    opts: { enableShortTerm?: boolean; numRelearningSteps?: number; timeout?: number; progress?: (current: number, total: number) => void },
  ): Promise<number[]>;
}

/** Thrown when the native optimiser is not installed or cannot load on this platform. */
export class FitUnavailableError extends Error {
  constructor(cause: unknown) {
    super(
      `Fitting personal parameters needs the FSRS optimiser for Linux x64 (glibc), which is not available on ${process.platform}-${process.arch}; ` +
        "the default parameters stay in use.",
      { cause },
    );
    this.name = "FitUnavailableError";
  }
}

let optimizer: OptimizerBinding | null = null;

function loadOptimizer(): OptimizerBinding {
  if (optimizer) return optimizer;
  try {
    const require = createRequire(import.meta.url);
    optimizer = require("@open-spaced-repetition/binding-linux-x64-gnu") as OptimizerBinding;
    return optimizer;
  } catch (error) {
    throw new FitUnavailableError(error);
  }
}

/** Whether `fitParameters` can run here (the native optimiser loads). */
export function canFitParameters(): boolean {
  try {
    loadOptimizer();
    return true;
  } catch {
    return false;
  }
}

export type FitEligibility = { allowed: true } | { allowed: false; reason: string };

/**
 * When a learner may fit personal parameters: the optimiser runs on this server and they have at
 * least MIN_REVIEWS_FOR_FIT reviews. The settings page and the fit itself both ask this one rule.
 */
export function fitEligibility({ reviews, optimizerAvailable }: { reviews: number; optimizerAvailable: boolean }): FitEligibility {
  if (!optimizerAvailable) {
    return {
      allowed: false,
      reason: "Personal parameters cannot be fitted on this server (the FSRS optimiser is not available for its platform); the current parameters stay in use.",
    };
  }
  if (reviews < MIN_REVIEWS_FOR_FIT) return { allowed: false, reason: `Personal parameters need at least ${MIN_REVIEWS_FOR_FIT} reviews; you have ${reviews}.` };
  return { allowed: true };
}

/** Fits FSRS-6 parameters to a learner's history. Rejects histories under `minReviews`. */
export async function fitParameters(history: readonly ReviewRecord[], opts: FitOptions = {}): Promise<{ params: number[]; itemCount: number }> {
  const minReviews = opts.minReviews ?? MIN_REVIEWS_FOR_FIT;
  if (history.length < minReviews) {
    throw new RangeError(`Fitting needs at least ${minReviews} reviews; this history has ${history.length}.`);
  }
  const items = trainingItems(cardSequences(history, opts));
  const binding = loadOptimizer();
  const trainSet = items.map((reviews) => new binding.FSRSBindingItem(reviews.map((r) => new binding.FSRSBindingReview(r.rating, r.deltaT))));
  const progress = opts.progress;
  const raw = await binding.computeParameters(trainSet, {
    enableShortTerm: opts.enableShortTerm ?? true,
    numRelearningSteps: opts.numRelearningSteps ?? 1,
    // Despite its name, the binding's `timeout` is how often (ms) it polls training progress; the
    // call waits for at least one poll, so a long interval only adds latency.
    timeout: 50,
    ...(progress ? { progress: (current: number, total: number) => void progress(current, total) } : {}),
  });
  // fsrs-rs trains in f32; six decimals keep every value inside its bounds and the stored JSON tidy.
  return { params: raw.map((w) => Math.round(w * 1e6) / 1e6), itemCount: items.length };
}

export interface Prediction {
  /** Predicted probability of recall. */
  p: number;
  /** 1 when the learner recalled (rating > 1). */
  y: 0 | 1;
  deltaT: number;
  /** Reviews of the card so far, this one included. */
  reviewIndex: number;
  /** Earlier lapses on a later day than the review before. */
  lapses: number;
  reviewedAt: Date;
}

const P_EPSILON = 1e-6;

/**
 * Replays every card's history with FSRS and predicts each review on a later day than the card's
 * previous one. Same-day reviews still update the memory state (FSRS-6 has short-term parameters for
 * them) but are not scored: at zero elapsed days every model predicts ~100%, as in srs-benchmark.
 */
export function predictions(history: readonly ReviewRecord[], params: readonly number[] | null | undefined, opts?: Partial<DayOptions>): Prediction[] {
  // Unlike scheduling, scoring must not quietly swap in the defaults: that would grade the wrong model.
  if (params) {
    const validation = validateParams(params);
    if (!validation.ok) throw new RangeError(validation.reason);
  }
  const algorithm = new FSRSAlgorithm({ w: params ?? DEFAULT_PARAMS, enable_short_term: true });
  const out: Prediction[] = [];
  for (const sequence of timedSequences(history, opts)) {
    let state: { stability: number; difficulty: number } | null = null;
    let lapses = 0;
    sequence.forEach((review, i) => {
      if (state && review.deltaT > 0) {
        const p = algorithm.forgetting_curve(review.deltaT, state.stability);
        out.push({
          p: Math.min(1 - P_EPSILON, Math.max(P_EPSILON, p)),
          y: review.rating > 1 ? 1 : 0,
          deltaT: review.deltaT,
          reviewIndex: i + 1,
          lapses,
          reviewedAt: review.reviewedAt,
        });
        if (review.rating === 1) lapses++;
      }
      state = algorithm.next_state(state, review.deltaT, review.rating);
    });
  }
  return out;
}

/** Mean binary cross-entropy of scored predictions; NaN with none. */
export function logLossOf(scored: readonly Prediction[]): number {
  if (scored.length === 0) return Number.NaN;
  let sum = 0;
  for (const { p, y } of scored) sum -= y === 1 ? Math.log(p) : Math.log(1 - p);
  return sum / scored.length;
}

/** Mean binary cross-entropy of the predicted recall against what happened; lower is better. NaN with nothing to score. */
export function logLoss(history: readonly ReviewRecord[], params: readonly number[] | null | undefined, opts?: Partial<DayOptions>): number {
  return logLossOf(predictions(history, params, opts));
}

function logBin(x: number, scale: number, base: number): number {
  return Math.round(scale * Math.pow(base, Math.floor(Math.log(x) / Math.log(base))) * 100) / 100;
}

/**
 * srs-benchmark's RMSE(bins): reviews grouped by elapsed days, review count and lapses (each on a
 * log scale), then the root mean square of (mean predicted − observed recall) over the groups,
 * weighted by group size. Measures calibration, which log loss alone can hide.
 */
export function rmseBins(history: readonly ReviewRecord[], params: readonly number[] | null | undefined, opts?: Partial<DayOptions>): number {
  return rmseBinsOf(predictions(history, params, opts));
}

/** RMSE(bins) of scored predictions (see `rmseBins`); NaN with none. */
export function rmseBinsOf(scored: readonly Prediction[]): number {
  if (scored.length === 0) return Number.NaN;
  const bins = new Map<string, { p: number; y: number; n: number }>();
  for (const r of scored) {
    const key = [
      logBin(r.deltaT, 2.48, 3.62),
      Math.round(logBin(r.reviewIndex, 1.99, 1.89)),
      r.lapses === 0 ? 0 : Math.round(logBin(r.lapses, 1.65, 1.73)),
    ].join("|");
    const bin = bins.get(key) ?? { p: 0, y: 0, n: 0 };
    bin.p += r.p;
    bin.y += r.y;
    bin.n += 1;
    bins.set(key, bin);
  }
  let sum = 0;
  for (const { p, y, n } of bins.values()) sum += n * ((p - y) / n) ** 2;
  return Math.sqrt(sum / scored.length);
}
