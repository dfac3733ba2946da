// After new parameters or a new desired retention: what each card's memory state would be under the
// new parameters, replayed from its own review log (as Anki recomputes memory states), where a review
// card would then be due, and what that does to the next 30 days. Pure: no I/O, `now` a parameter.

import { FSRSAlgorithm } from "ts-fsrs";
import { addDaysToDayString, DAY_MS, type DayOptions, learningDay, startOfDayString } from "./day";
import { DEFAULT_MAXIMUM_INTERVAL_DAYS, resolveParams, type CardState, type Rating } from "./scheduler";

export interface MemoryState {
  stability: number;
  difficulty: number;
}

export interface LoggedReview {
  rating: Rating;
  reviewedAt: Date;
}

export interface ReplayResult {
  /** The state before the card's last review: what undoing that review must give back. */
  beforeLast: MemoryState | null;
  /** The state after every review: the card's state now. */
  after: MemoryState | null;
}

const algorithms = new Map<string, FSRSAlgorithm>();

function algorithmFor(params: readonly number[] | null | undefined, desiredRetention = 0.9, maximumIntervalDays = DEFAULT_MAXIMUM_INTERVAL_DAYS): FSRSAlgorithm {
  const w = resolveParams(params);
  const key = `${desiredRetention}|${maximumIntervalDays}|${w.join(",")}`;
  let algorithm = algorithms.get(key);
  if (!algorithm) {
    algorithm = new FSRSAlgorithm({ w, request_retention: desiredRetention, maximum_interval: maximumIntervalDays, enable_fuzz: true, enable_short_term: true });
    if (algorithms.size >= 16) algorithms.delete(algorithms.keys().next().value!);
    algorithms.set(key, algorithm);
  }
  return algorithm;
}


/** The learning day of an instant as a day count, so elapsed days are a subtraction (as `learningDaysBetween`). */
function dayNumber(instant: Date, dayOptions: DayOptions): number {
  return Math.round(Date.parse(`${learningDay(instant, dayOptions)}T00:00:00Z`) / DAY_MS);
}

/**
 * Replays a card's reviews (in time order) with `params`, counting elapsed days in learning days as
 * the scheduler and fitting do. A log that does not begin with the card's first answer (history
 * imported or trimmed) starts from `start`, the memory state stored before its first logged review.
 */
export function replayMemory({
  reviews,
  params,
  dayOptions,
  start = null,
}: {
  reviews: readonly LoggedReview[];
  params: readonly number[] | null | undefined;
  dayOptions: DayOptions;
  start?: (MemoryState & { lastReview: Date | null }) | null;
}): ReplayResult {
  const algorithm = algorithmFor(params);
  const known = start && start.stability > 0 && start.difficulty > 0 ? start : null;
  let state: MemoryState | null = known ? { stability: known.stability, difficulty: known.difficulty } : null;
  let beforeLast: MemoryState | null = state;
  let previous = known?.lastReview ?? null;
  // Each review's learning day is computed once (it is the next review's "previous" day too): the
  // time-zone lookup behind it is most of a replay's cost.
  let previousDay = previous ? dayNumber(previous, dayOptions) : 0;
  for (const review of reviews) {
    if (previous && review.reviewedAt.getTime() < previous.getTime()) throw new RangeError("Reviews must be in time order.");
    const day = dayNumber(review.reviewedAt, dayOptions);
    const deltaT = previous && state ? Math.max(0, day - previousDay) : 0;
    previous = review.reviewedAt;
    previousDay = day;
    beforeLast = state;
    const next = algorithm.next_state(state, deltaT, review.rating);
    state = { stability: next.stability, difficulty: next.difficulty };
  }
  return { beforeLast, after: state };
}

export interface ScheduledCard {
  id: string;
  state: CardState;
  due: Date;
  stability: number;
  lastReview: Date | null;
  /** Learning days between the last review and the one before it. */
  elapsedDays: number;
  suspended: boolean;
}

/** A deterministic fuzz seed per card, so the preview and the reschedule agree card by card. */
function fuzzSeed(cardId: string): string {
  return `reschedule:${cardId}`;
}

/**
 * Where a review card is due under `stability` and `desiredRetention`: FSRS's interval (fuzzed with a
 * seed fixed per card), counted from the learning day of its last review, due at the start of that
 * learning day (Anki's rule). Cards not in review (learning steps run in minutes), suspended or never
 * reviewed keep their due date: null.
 */
export function rescheduledDue({
  card,
  params,
  desiredRetention,
  dayOptions,
  maximumIntervalDays = DEFAULT_MAXIMUM_INTERVAL_DAYS,
}: {
  card: ScheduledCard;
  params: readonly number[] | null | undefined;
  desiredRetention: number;
  dayOptions: DayOptions;
  maximumIntervalDays?: number;
}): { due: Date; scheduledDays: number } | null {
  if (card.state !== "REVIEW" || card.suspended || !card.lastReview || !(card.stability > 0)) return null;
  if (!(desiredRetention > 0 && desiredRetention < 1)) throw new RangeError(`desiredRetention must be between 0 and 1, got ${desiredRetention}.`);
  const algorithm = algorithmFor(params, desiredRetention, maximumIntervalDays);
  algorithm.seed = fuzzSeed(card.id);
  const scheduledDays = algorithm.next_interval(card.stability, card.elapsedDays);
  const due = startOfDayString(addDaysToDayString(learningDay(card.lastReview, dayOptions), scheduledDays), dayOptions);
  return { due, scheduledDays };
}

export interface WorkloadDay {
  /** Learning day, YYYY-MM-DD. */
  day: string;
  before: number;
  after: number;
}

/**
 * Cards due on each of the next `days` learning days, before and after: an overdue card counts on
 * today, as the queue shows it now. Suspended cards count on neither side.
 */
export function workloadPreview({
  cards,
  now,
  dayOptions,
  days = 30,
}: {
  cards: readonly { dueBefore: Date; dueAfter: Date; suspended: boolean }[];
  now: Date;
  dayOptions: DayOptions;
  days?: number;
}): WorkloadDay[] {
  const today = learningDay(now, dayOptions);
  const out: WorkloadDay[] = Array.from({ length: days }, (_, i) => ({ day: addDaysToDayString(today, i), before: 0, after: 0 }));
  const index = new Map(out.map((d, i) => [d.day, i]));
  const slot = (due: Date): number | undefined => (due.getTime() <= now.getTime() ? 0 : index.get(learningDay(due, dayOptions)));
  for (const card of cards) {
    if (card.suspended) continue;
    const b = slot(card.dueBefore);
    const a = slot(card.dueAfter);
    if (b !== undefined) out[b]!.before++;
    if (a !== undefined) out[a]!.after++;
  }
  return out;
}
