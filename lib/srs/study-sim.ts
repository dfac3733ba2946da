// A year of study, simulated: one learner, a deck, a memory model that decides what they recall and a
// scheduling policy that decides when they see each card again. The policy only sees ratings, as in the
// app; the memory model is the truth the policy has to discover. Used by the scheduling benchmark (which
// plugs in memory models and policies that are not ours) and by the learner's retention advisor (their
// own parameters as the memory, our scheduler at each candidate retention).
//
// Pure and deterministic: randomness comes from seeds, so two policies run on the same learner see the
// same days off, the same first answers and the same draws behind every recall. A policy that shows a
// card at the same moment as another gets the same answer from the learner.

import { FSRSAlgorithm } from "ts-fsrs";
import { DAY_MS, UTC_MIDNIGHT_DAYS } from "./day";
import { hashString, mulberry32, pickWeighted } from "./random";
import { DEFAULT_PARAMS, newCard, reviewCard, type Rating, type SchedulerOptions, type SrsCard } from "./scheduler";
import { DEFAULT_RATING_MODEL, type RatingModel } from "./simulate";

const HOUR_MS = 3_600_000;

/** What a learner remembers of one card: the truth a policy never sees. */
export interface MemoryModel<M> {
  /** Probability of recalling the card at `atMs`, given its memory so far. */
  recallProbability(memory: M, atMs: number): number;
  /**
   * The memory after a review at `atMs` rated `rating` (`memory` null: the first time the card is seen).
   * `cardIndex` is the card's place in the deck, for models whose cards differ in difficulty.
   */
  afterReview(memory: M | null, atMs: number, rating: Rating, cardIndex: number): M;
}

/** The scheduler under test, as a pure function of its own state and the learner's ratings. */
export interface Policy<P> {
  name: string;
  /** The state of a card never seen, first shown at `atMs`. */
  start(atMs: number): P;
  /** After a review: the policy's new state and when the card is due next (an instant). */
  next(state: P, rating: Rating, atMs: number): { state: P; dueMs: number };
  /**
   * Called at the start of each study day with the reviews so far (in time order). A policy that fits
   * parameters to the learner's history does it here, as the app does when the learner asks.
   */
  onDay?(day: number, history: readonly SimReview[], cards: ReadonlyMap<string, P>): Promise<ReadonlyMap<string, P> | void> | ReadonlyMap<string, P> | void;
}

export interface SimReview {
  cardId: string;
  reviewedAt: Date;
  rating: Rating;
  /** Seconds the review took, from the cost table. */
  seconds: number;
  /** The policy's interval after this review, in days (fractions for learning steps). */
  intervalDays: number;
}

/**
 * Seconds a review takes by card state and rating, Again to Easy: fsrs-rs's simulator defaults,
 * measured on Anki users' review logs. A failed review costs more than a pass, which is what makes a
 * very high retention target expensive and a very low one wasteful.
 */
export interface ReviewCosts {
  learning: readonly [number, number, number, number];
  review: readonly [number, number, number, number];
  relearning: readonly [number, number, number, number];
}

export const DEFAULT_REVIEW_COSTS: ReviewCosts = {
  learning: [19.58, 18.79, 13.78, 10.71],
  review: [19.38, 17.59, 12.38, 8.94],
  relearning: [16.44, 15.25, 12.32, 8.03],
};

export interface StudyOptions<M, P> {
  seed: number;
  /** Card ids, introduced in order, `newCardsPerDay` a day. */
  cardIds: readonly string[];
  days: number;
  newCardsPerDay: number;
  /** New cards introduced on each day (e.g. one lesson's questions a day); days past its end take `newCardsPerDay`. */
  newCardsSchedule?: readonly number[];
  memory: MemoryModel<M>;
  policy: Policy<P>;
  ratingModel?: RatingModel;
  costs?: ReviewCosts;
  /** Probability that the learner skips a whole day (drawn per learner and day, the same for every policy). */
  skipDayProbability?: number;
  /** Cards already studied, with their memory and the policy's state (the advisor starts from today's deck). */
  existing?: readonly { id: string; memory: M; state: P; dueMs: number; lastMs: number }[];
  /** Day 0 begins here; a learning day is a UTC day (the simulation's learner lives at UTC, day start 00:00). */
  startMs?: number;
}

export interface StudyResult {
  reviews: number;
  seconds: number;
  reviewsPerDay: number[];
  secondsPerDay: number[];
  /** Sum over every card seen of its recall probability at the end: the cards the learner knows. */
  rememberedAtEnd: number;
  introduced: number;
  history: SimReview[];
}

interface SimCard<M, P> {
  id: string;
  index: number;
  memory: M | null;
  state: P;
  dueMs: number;
  reviews: number;
  /** Has had an interval of a day or more (so a short interval now is relearning, not learning). */
  graduated: boolean;
  lastIntervalDays: number;
}

type Phase = keyof ReviewCosts;

function phaseOf(card: SimCard<unknown, unknown>): Phase {
  if (!card.graduated) return "learning";
  return card.lastIntervalDays < 1 ? "relearning" : "review";
}

/** A uniform draw fixed by (learner seed, card, review number): the same whichever policy shows the card. */
function drawFor(seed: number, cardIndex: number, reviewNumber: number): number {
  return mulberry32(hashString(`${seed}:${cardIndex}:${reviewNumber}`))();
}


export async function simulateStudy<M, P>(opts: StudyOptions<M, P>): Promise<StudyResult> {
  const { days, newCardsPerDay, memory, policy } = opts;
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a non-negative integer, got ${days}.`);
  const ratings = opts.ratingModel ?? DEFAULT_RATING_MODEL;
  const costs = opts.costs ?? DEFAULT_REVIEW_COSTS;
  const skip = opts.skipDayProbability ?? 0;
  const startMs = opts.startMs ?? 0;
  const dayRandom = mulberry32(hashString(`${opts.seed}:days`));

  const cards: SimCard<M, P>[] = (opts.existing ?? []).map((e, i) => ({
    id: e.id,
    index: -1 - i,
    memory: e.memory,
    state: e.state,
    dueMs: e.dueMs,
    reviews: 1,
    graduated: true,
    lastIntervalDays: (e.dueMs - e.lastMs) / DAY_MS,
  }));
  const history: SimReview[] = [];
  const result: StudyResult = { reviews: 0, seconds: 0, reviewsPerDay: [], secondsPerDay: [], rememberedAtEnd: 0, introduced: 0, history };
  let nextNew = 0;

  for (let day = 0; day < days; day++) {
    const dayStartMs = startMs + day * DAY_MS;
    const dayEndMs = dayStartMs + DAY_MS;
    // Two draws a day whatever happens, so every policy sees the same days off and session times.
    const skipped = dayRandom() < skip;
    let clockMs = dayStartMs + 8 * HOUR_MS + Math.floor(dayRandom() * 12 * HOUR_MS);
    if (policy.onDay) {
      const replaced = await policy.onDay(day, history, new Map(cards.map((c) => [c.id, c.state])));
      if (replaced) for (const c of cards) c.state = replaced.get(c.id) ?? c.state;
    }
    if (skipped) {
      result.reviewsPerDay.push(0);
      result.secondsPerDay.push(0);
      continue;
    }
    const queue = cards.filter((c) => c.dueMs < dayEndMs);
    const newToday = opts.newCardsSchedule?.[day] ?? newCardsPerDay;
    for (let i = 0; i < newToday && nextNew < opts.cardIds.length; i++) {
      const card: SimCard<M, P> = { id: opts.cardIds[nextNew]!, index: nextNew, memory: null, state: policy.start(clockMs), dueMs: clockMs, reviews: 0, graduated: false, lastIntervalDays: 0 };
      nextNew++;
      cards.push(card);
      queue.push(card);
    }
    queue.sort((a, b) => a.dueMs - b.dueMs || a.index - b.index);

    let reviews = 0;
    let seconds = 0;
    while (queue.length > 0) {
      const card = queue.shift()!;
      clockMs = Math.max(clockMs, card.dueMs);
      if (clockMs >= dayEndMs) continue;
      const u = drawFor(opts.seed, card.index, card.reviews);
      let rating: Rating;
      if (card.memory === null) rating = (pickWeighted(() => u, ratings.firstRatingWeights) + 1) as Rating;
      else {
        const p = memory.recallProbability(card.memory, clockMs);
        // One draw decides recall and, when recalled, the grade: the same u gives the same answer.
        rating = u >= p ? 1 : ((pickWeighted(() => u / p, ratings.recallRatingWeights) + 2) as Rating);
      }
      const cost = costs[phaseOf(card)][rating - 1]!;
      card.memory = memory.afterReview(card.memory, clockMs, rating, card.index);
      const next = policy.next(card.state, rating, clockMs);
      card.state = next.state;
      card.dueMs = next.dueMs;
      card.reviews++;
      const intervalDays = (next.dueMs - clockMs) / DAY_MS;
      card.lastIntervalDays = intervalDays;
      if (intervalDays >= 1) card.graduated = true;
      history.push({ cardId: card.id, reviewedAt: new Date(clockMs), rating, seconds: cost, intervalDays });
      reviews++;
      seconds += cost;
      clockMs += cost * 1000;
      if (card.dueMs < dayEndMs) {
        const at = queue.findIndex((c) => c.dueMs > card.dueMs);
        queue.splice(at === -1 ? queue.length : at, 0, card);
      }
    }
    result.reviewsPerDay.push(reviews);
    result.secondsPerDay.push(seconds);
    result.reviews += reviews;
    result.seconds += seconds;
  }

  const endMs = startMs + days * DAY_MS;
  result.introduced = nextNew;
  result.rememberedAtEnd = cards.reduce((sum, c) => sum + (c.memory === null ? 0 : memory.recallProbability(c.memory, endMs)), 0);
  return result;
}

// ── FSRS-6 as a memory model and our scheduler as a policy ─────────────────────────────────────────

export interface FsrsMemory {
  stability: number;
  difficulty: number;
  lastMs: number;
}

/** A learner whose memory follows FSRS-6 with `params`: elapsed days for the state update are calendar days. */
export function fsrsMemory(params: readonly number[] = DEFAULT_PARAMS): MemoryModel<FsrsMemory> {
  const algorithm = new FSRSAlgorithm({ w: [...params], enable_short_term: true });
  return {
    recallProbability: (m, atMs) => algorithm.forgetting_curve(Math.max(0, (atMs - m.lastMs) / DAY_MS), m.stability),
    afterReview(m, atMs, rating) {
      const elapsedDays = m ? Math.floor(atMs / DAY_MS) - Math.floor(m.lastMs / DAY_MS) : 0;
      const next = algorithm.next_state(m ? { stability: m.stability, difficulty: m.difficulty } : null, elapsedDays, rating);
      return { stability: next.stability, difficulty: next.difficulty, lastMs: atMs };
    },
  };
}

/** Our scheduler (lib/srs/scheduler.ts) exactly as the app calls it, at fixed options, in the simulation's UTC days. */
export function fsrsPolicy(policy: Omit<SchedulerOptions, "day">, name = `FSRS-6 (ours) @ ${policy.desiredRetention}`): Policy<SrsCard> {
  const options: SchedulerOptions = { ...policy, day: UTC_MIDNIGHT_DAYS };
  return {
    name,
    start: (atMs) => newCard(new Date(atMs)),
    next(card, rating, atMs) {
      const after = reviewCard({ card, rating, now: new Date(atMs), options }).card;
      return { state: after, dueMs: after.due.getTime() };
    },
  };
}
