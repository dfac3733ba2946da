// The scheduling core: a thin, pure layer over ts-fsrs (FSRS-6) in the shape the database stores.
// No I/O and no clock: every function takes `now`, so tests pin time and replays are exact.
//
// Days are the learner's learning days (lib/srs/day): elapsed days are learning days between two
// answers, and a review card is due at the start of the learning day its interval lands on. Learning
// and relearning steps (minutes) run in real time.

import {
  CLAMP_PARAMETERS,
  State,
  W17_W18_Ceiling,
  default_w,
  forgetting_curve,
  fsrs,
  type Card as FsrsCard,
  type FSRS,
  type Grade,
  type StepUnit,
} from "ts-fsrs";
import { DAY_MS, learningDayClockMs, startOfLearningDayAfter, type DayOptions } from "./day";

import type { Rating } from "./rating";

export { RATINGS, type Rating } from "./rating";

/** Matches the Prisma `CardState` enum. */
export type CardState = "NEW" | "LEARNING" | "REVIEW" | "RELEARNING";

/** The scheduling fields of a card, named as in the Prisma `Card` model. */
export interface SrsCard {
  due: Date;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  scheduledDays: number;
  /** Index of the current (re)learning step, as ts-fsrs counts it. */
  learningSteps: number;
  reps: number;
  lapses: number;
  state: CardState;
  lastReview: Date | null;
}

export interface SchedulerOptions {
  /** Target probability of recall when a review comes due, in (0, 1). */
  desiredRetention: number;
  /** The learner's time zone and day start: what a day is for elapsed days and due dates. */
  day: DayOptions;
  /** 21 FSRS-6 parameters fitted to the learner; null or absent means the FSRS-6 defaults. */
  params?: readonly number[] | null;
  /** Spreads due dates so cards learned together do not stay together. On in the app, off in tests. */
  enableFuzz: boolean;
  maximumIntervalDays?: number;
  /** Steps like "1m", "10m", "1h", "1d". */
  learningSteps?: readonly string[];
  relearningSteps?: readonly string[];
}

export interface ReviewLogEntry {
  rating: Rating;
  /** When the review counted; `now`, unless `now` was before the previous review (clock skew). */
  reviewedAt: Date;
  stateBefore: CardState;
  stateAfter: CardState;
  /** Learning days since the previous review, the number the scheduler used (0 for a new card). */
  elapsedDays: number;
  scheduledDays: number;
  dueBefore: Date;
  stabilityBefore: number;
  difficultyBefore: number;
  /** Predicted probability of recall just before this review (0 for a new card). */
  retrievabilityBefore: number;
}

export interface IntervalPreview {
  due: Date;
  intervalLabel: string;
}

export const DEFAULT_LEARNING_STEPS = ["1m", "10m"] as const;
export const DEFAULT_RELEARNING_STEPS = ["10m"] as const;
export const DEFAULT_MAXIMUM_INTERVAL_DAYS = 36500;
export const DEFAULT_DESIRED_RETENTION = 0.9;
/** The FSRS-6 default parameters (fitted by the FSRS authors on ~10k Anki collections). */
export const DEFAULT_PARAMS: readonly number[] = default_w;

const TO_FSRS_STATE: Record<CardState, State> = {
  NEW: State.New,
  LEARNING: State.Learning,
  REVIEW: State.Review,
  RELEARNING: State.Relearning,
};

const FROM_FSRS_STATE: Record<State, CardState> = {
  [State.New]: "NEW",
  [State.Learning]: "LEARNING",
  [State.Review]: "REVIEW",
  [State.Relearning]: "RELEARNING",
};

/** A card lapsed this many times (since it was last relearned) is a leech: it is suspended and flagged for the learner to rework. */
export const LEECH_LAPSES = 8;

/** `relearnedAtLapses`: the lapse count when the learner last relearned the card (0 if never). */
export function isLeech(card: Pick<SrsCard, "lapses">, relearnedAtLapses = 0): boolean {
  return card.lapses - relearnedAtLapses >= LEECH_LAPSES;
}

export type ParamsValidation = { ok: true } | { ok: false; reason: string };

export const FSRS6_PARAM_COUNT = 21;

/** 21 finite numbers, each within the bounds ts-fsrs and fsrs-rs clip FSRS-6 parameters to. */
export function validateParams(params: unknown): ParamsValidation {
  if (!Array.isArray(params)) return { ok: false, reason: "Parameters must be an array of numbers." };
  if (params.length !== FSRS6_PARAM_COUNT) {
    return { ok: false, reason: `FSRS-6 takes ${FSRS6_PARAM_COUNT} parameters, got ${params.length}.` };
  }
  const bounds = CLAMP_PARAMETERS(W17_W18_Ceiling, true);
  for (let i = 0; i < params.length; i++) {
    const value: unknown = params[i];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      return { ok: false, reason: `w[${i}] is not a finite number.` };
    }
    const [min, max] = bounds[i]!;
    if (value < min || value > max) {
      return { ok: false, reason: `w[${i}] = ${value} is outside [${min}, ${max}].` };
    }
  }
  return { ok: true };
}

/**
 * The parameters to schedule with. Fitted parameters are an optimisation and the defaults always give
 * a sound schedule, so a malformed stored value degrades to the defaults rather than blocking reviews
 * (fitting validates before it stores anything, so this only guards against hand-edited data).
 */
export function resolveParams(params: readonly number[] | null | undefined): readonly number[] {
  return params && validateParams(params).ok ? params : DEFAULT_PARAMS;
}

const STEP_PATTERN = /^\d+(\.\d+)?[mhd]$/;

function checkSteps(steps: readonly string[], name: string): StepUnit[] {
  for (const step of steps) {
    if (!STEP_PATTERN.test(step)) throw new RangeError(`${name}: "${step}" is not a step like "10m", "1h" or "1d".`);
  }
  return steps as StepUnit[];
}

const schedulers = new Map<string, FSRS>();
const SCHEDULER_CACHE_SIZE = 32;

/** A ts-fsrs instance for the options; instances are stateless between calls, so they are shared. */
function schedulerFor(options: SchedulerOptions): FSRS {
  const { desiredRetention } = options;
  if (!(desiredRetention > 0 && desiredRetention < 1)) {
    throw new RangeError(`desiredRetention must be between 0 and 1, got ${desiredRetention}.`);
  }
  const w = resolveParams(options.params);
  const maximumIntervalDays = options.maximumIntervalDays ?? DEFAULT_MAXIMUM_INTERVAL_DAYS;
  const learningSteps = checkSteps(options.learningSteps ?? DEFAULT_LEARNING_STEPS, "learningSteps");
  const relearningSteps = checkSteps(options.relearningSteps ?? DEFAULT_RELEARNING_STEPS, "relearningSteps");
  const key = [desiredRetention, options.enableFuzz, maximumIntervalDays, learningSteps.join(","), relearningSteps.join(","), w.join(",")].join("|");
  let scheduler = schedulers.get(key);
  if (!scheduler) {
    scheduler = fsrs({
      request_retention: desiredRetention,
      w,
      enable_fuzz: options.enableFuzz,
      enable_short_term: true,
      maximum_interval: maximumIntervalDays,
      learning_steps: learningSteps,
      relearning_steps: relearningSteps,
    });
    if (schedulers.size >= SCHEDULER_CACHE_SIZE) schedulers.delete(schedulers.keys().next().value!);
    schedulers.set(key, scheduler);
  }
  return scheduler;
}

export function newCard(now: Date): SrsCard {
  return {
    due: new Date(now.getTime()),
    stability: 0,
    difficulty: 0,
    elapsedDays: 0,
    scheduledDays: 0,
    learningSteps: 0,
    reps: 0,
    lapses: 0,
    state: "NEW",
    lastReview: null,
  };
}

// Grouped by kind: fields named alike, fields renamed (camelCase ↔ snake_case), fields converted.
export function toFsrsCard(c: SrsCard): FsrsCard {
  return {
    due: new Date(c.due.getTime()), stability: c.stability, difficulty: c.difficulty, reps: c.reps, lapses: c.lapses,
    elapsed_days: c.elapsedDays, scheduled_days: c.scheduledDays, learning_steps: c.learningSteps,
    state: TO_FSRS_STATE[c.state], last_review: c.lastReview ? new Date(c.lastReview.getTime()) : undefined,
  };
}

export function fromFsrsCard(c: FsrsCard): SrsCard {
  return {
    due: new Date(c.due.getTime()), stability: c.stability, difficulty: c.difficulty, reps: c.reps, lapses: c.lapses,
    elapsedDays: c.elapsed_days, scheduledDays: c.scheduled_days, learningSteps: c.learning_steps,
    state: FROM_FSRS_STATE[c.state], lastReview: c.last_review ? new Date(c.last_review.getTime()) : null,
  };
}

function checkRating(rating: number): asserts rating is Rating {
  if (rating !== 1 && rating !== 2 && rating !== 3 && rating !== 4) throw new RangeError(`Rating must be 1–4, got ${rating}.`);
}

function checkDate(date: Date, name: string) {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new RangeError(`${name} is not a valid date.`);
}

/**
 * A review cannot happen before the previous one. Clocks on two servers can disagree by a little;
 * such a review is treated as happening at the previous review's time (no time elapsed).
 */
function reviewTime(card: SrsCard, now: Date): Date {
  return card.lastReview && now.getTime() < card.lastReview.getTime() ? new Date(card.lastReview.getTime()) : now;
}

type Outcome = { card: SrsCard; elapsedDays: number };

/**
 * ts-fsrs counts elapsed days as UTC dates between `last_review` and now. It is given both on the
 * learning-day clock (lib/srs/day), whose UTC dates are the learner's learning days, so the days it
 * counts, and stores as elapsed days, are learning days (both instants in the learner's current zone,
 * so a move counts in the new days). That clock steps back an hour when the clocks fall back; should
 * a zone's rules ever carry an answer into an earlier learning day than the previous one, no time has
 * elapsed: FSRS must never see a negative interval.
 */
function onLearningDayClock(card: SrsCard, reviewedAt: Date, day: DayOptions): { card: FsrsCard; nowMs: number } {
  const nowMs = learningDayClockMs(reviewedAt, day);
  const lastMs = card.lastReview ? Math.min(learningDayClockMs(card.lastReview, day), nowMs) : null;
  return { card: { ...toFsrsCard(card), last_review: lastMs === null ? undefined : new Date(lastMs) }, nowMs };
}

/**
 * Back to real instants: a review card is due at the start of the learning day its interval lands
 * on; a (re)learning step is due its minutes after the answer.
 */
function fromLearningDayClock(next: FsrsCard, reviewedAt: Date, nowMs: number, day: DayOptions): SrsCard {
  const card = fromFsrsCard(next);
  card.lastReview = new Date(reviewedAt.getTime());
  card.due =
    card.state === "REVIEW"
      ? startOfLearningDayAfter(reviewedAt, card.scheduledDays, day)
      : new Date(reviewedAt.getTime() + (next.due.getTime() - nowMs));
  return card;
}

/**
 * ts-fsrs, plus two corrections a learner would notice:
 * - it keeps Easy a day beyond Good for review cards but not when a (re)learning card graduates,
 *   where both often round to one day; pressing Easy should buy more time than Good, so the same
 *   rule is applied there;
 * - its "Good ≥ Hard + 1, Easy ≥ Good + 1" rule can push a review past the maximum interval; the
 *   maximum wins.
 */
function outcomeFor(scheduler: FSRS, card: SrsCard, reviewedAt: Date, rating: Rating, options: SchedulerOptions): Outcome {
  const maximumIntervalDays = options.maximumIntervalDays ?? DEFAULT_MAXIMUM_INTERVAL_DAYS;
  const { card: input, nowMs } = onLearningDayClock(card, reviewedAt, options.day);
  const now = new Date(nowMs);
  const result = scheduler.next(input, now, rating as Grade);
  let next = result.card;
  if (rating === 4 && card.state !== "REVIEW" && next.state === State.Review) {
    const good = scheduler.next(input, now, 3 as Grade).card;
    if (good.state === State.Review && next.scheduled_days <= good.scheduled_days) next = { ...next, scheduled_days: good.scheduled_days + 1 };
  }
  if (next.state === State.Review && next.scheduled_days > maximumIntervalDays) next = { ...next, scheduled_days: maximumIntervalDays };
  return { card: fromLearningDayClock(next, reviewedAt, nowMs, options.day), elapsedDays: result.log.elapsed_days };
}

/**
 * Schedules one review. Returns a new card and the log of what happened; the input is not touched,
 * so undo is the caller keeping the card it had before.
 */
export function reviewCard({ card, rating, now, options }: { card: SrsCard; rating: Rating; now: Date; options: SchedulerOptions }): {
  card: SrsCard;
  log: ReviewLogEntry;
} {
  checkRating(rating);
  checkDate(now, "now");
  const reviewedAt = reviewTime(card, now);
  const outcome = outcomeFor(schedulerFor(options), card, reviewedAt, rating, options);
  const after = outcome.card;
  return {
    card: after,
    log: {
      rating,
      reviewedAt: new Date(reviewedAt.getTime()),
      stateBefore: card.state,
      stateAfter: after.state,
      elapsedDays: outcome.elapsedDays,
      scheduledDays: after.scheduledDays,
      dueBefore: new Date(card.due.getTime()),
      stabilityBefore: card.stability,
      difficultyBefore: card.difficulty,
      retrievabilityBefore: retrievability(card, reviewedAt, options.params),
    },
  };
}

/** Where each rating would send the card, with the label its button shows. */
export function previewIntervals({ card, now, options }: { card: SrsCard; now: Date; options: SchedulerOptions }): Record<Rating, IntervalPreview> {
  checkDate(now, "now");
  const reviewedAt = reviewTime(card, now);
  const scheduler = schedulerFor(options);
  const entry = (rating: Rating): IntervalPreview => {
    const next = outcomeFor(scheduler, card, reviewedAt, rating, options).card;
    return { due: next.due, intervalLabel: nextReviewLabel(next, now) };
  };
  return { 1: entry(1), 2: entry(2), 3: entry(3), 4: entry(4) };
}

/**
 * How long until a card comes back, as its button and the "next review in" line say it: a review
 * card in learning days ("4d": due on the fourth learning day from today, at its start, which may be
 * fewer than 96 hours away), a (re)learning step in real time ("10m").
 */
export function nextReviewLabel(card: Pick<SrsCard, "state" | "scheduledDays" | "due">, now: Date): string {
  return card.state === "REVIEW" ? intervalLabel(card.scheduledDays * DAY_MS) : intervalLabel(card.due.getTime() - now.getTime());
}

/** FSRS's own pass/fail: a review counts as recalled (correct) for every rating but Again. */
export function isRecalled(rating: Rating): boolean {
  return rating > 1;
}

/** "45s", "10m", "3h", "4d", "2.1mo", "1.3y": Anki's labels (a month is 30 days, a year 365). */
export function intervalLabel(intervalMs: number): string {
  const seconds = Math.max(0, intervalMs) / 1000;
  const minutes = seconds / 60;
  const hours = minutes / 60;
  const days = hours / 24;
  // Each unit is chosen after rounding, so 59.6 minutes reads "1h", not "60m".
  if (Math.round(seconds) < 60) return `${Math.round(seconds)}s`;
  if (Math.round(minutes) < 60) return `${Math.round(minutes)}m`;
  if (Math.round(hours) < 24) return `${Math.round(hours)}h`;
  if (Math.round(days) < 30) return `${Math.round(days)}d`;
  const oneDecimal = (n: number) => (Math.round(n * 10) / 10).toFixed(1).replace(/\.0$/, "");
  if (days < 365) return `${oneDecimal(days / 30)}mo`;
  return `${oneDecimal(days / 365)}y`;
}

/**
 * Probability of recalling the card at `now`, from FSRS-6's forgetting curve. Elapsed time is measured
 * in fractional days so that cards reviewed the same day still order by how long ago they were seen.
 */
export function retrievability(
  card: Pick<SrsCard, "state" | "stability" | "lastReview">,
  now: Date,
  params?: readonly number[] | null,
): number {
  if (card.state === "NEW" || !card.lastReview || !(card.stability > 0)) return 0;
  const elapsedDays = Math.max(0, (now.getTime() - card.lastReview.getTime()) / DAY_MS);
  const r = forgetting_curve(resolveParams(params), elapsedDays, card.stability);
  return Math.min(1, Math.max(0, r));
}
