// A seeded simulation of a learner working through questions under our scheduler. The learner's
// "true" memory follows FSRS-6 (default parameters unless told otherwise); whether they recall a card
// is drawn from that memory, and the scheduler only sees their ratings, as in the app. Pure and
// deterministic: the same options give the same result, for benchmarks, the author's workload preview
// and demo data.

import { FSRSAlgorithm } from "ts-fsrs";
import type { ReviewRecord } from "./fit";
import { mulberry32, pickWeighted } from "./random";
import { DAY_MS, UTC_MIDNIGHT_DAYS } from "./day";
import { DEFAULT_PARAMS, newCard, reviewCard, type Rating, type SchedulerOptions, type SrsCard } from "./scheduler";

const HOUR_MS = 3_600_000;

/**
 * How a learner rates: the first answer (Again, Hard, Good, Easy) and, when they recall a card later,
 * Hard, Good or Easy. The defaults are fsrs-rs's simulator defaults, measured on Anki users.
 */
export interface RatingModel {
  firstRatingWeights: readonly [number, number, number, number];
  recallRatingWeights: readonly [number, number, number];
}

export const DEFAULT_RATING_MODEL: RatingModel = {
  firstRatingWeights: [0.24, 0.094, 0.495, 0.171],
  recallRatingWeights: [0.224, 0.632, 0.144],
};

export interface SimulationOptions {
  seed: number;
  /** Introduced in order, `newCardsPerDay` a day. Anything with an id (QuestionData fits). */
  questions: readonly { id: string }[];
  days: number;
  newCardsPerDay: number;
  /** Overrides `newCardsPerDay` day by day (e.g. one lesson's questions a day); days past its end use 0. */
  newCardsSchedule?: readonly number[];
  /**
   * The schedule under test: our FSRS scheduler with these options (retention, params, steps, fuzz).
   * The simulated learner's learning days are the simulation's days: UTC dates (UTC_MIDNIGHT_DAYS).
   */
  policy: Omit<SchedulerOptions, "day">;
  /** Seconds a review takes, first answers and learning steps included. */
  secondsPerReview: number;
  /** The learner's true memory; FSRS-6 defaults if absent. */
  learnerParams?: readonly number[];
  ratingModel?: RatingModel;
  /** Day 0 begins here (UTC midnight of a fixed date by default, so results never depend on the clock). */
  start?: Date;
}

export interface SimulationResult {
  /** Reviews on each day, first answers and learning steps included. */
  reviewsPerDay: number[];
  secondsPerDay: number[];
  newCardsPerDay: number[];
  totalReviews: number;
  /** Questions started. */
  introduced: number;
  /** Expected number of cards the learner would recall if tested at the end (sum of true recall probabilities). */
  rememberedAtEnd: number;
}

export const DEFAULT_SIMULATION_START = new Date("2025-01-06T00:00:00Z");

interface SimCard {
  id: string;
  card: SrsCard;
  /** The learner's true memory, by the learner's parameters. */
  memory: { stability: number; difficulty: number } | null;
  lastReviewMs: number;
  lastReviewDay: number;
}

type ReviewListener = (review: ReviewRecord) => void;

function run(opts: SimulationOptions, onReview?: ReviewListener): SimulationResult {
  const { days, newCardsPerDay, secondsPerReview, policy } = opts;
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a non-negative integer, got ${days}.`);
  if (!(newCardsPerDay >= 0)) throw new RangeError(`newCardsPerDay must be ≥ 0, got ${newCardsPerDay}.`);
  if (!(secondsPerReview >= 0)) throw new RangeError(`secondsPerReview must be ≥ 0, got ${secondsPerReview}.`);
  const random = mulberry32(opts.seed);
  const memory = new FSRSAlgorithm({ w: opts.learnerParams ?? DEFAULT_PARAMS, enable_short_term: true });
  const ratings = opts.ratingModel ?? DEFAULT_RATING_MODEL;
  const startMs = (opts.start ?? DEFAULT_SIMULATION_START).getTime();

  const active: SimCard[] = [];
  let nextQuestion = 0;
  const result: SimulationResult = { reviewsPerDay: [], secondsPerDay: [], newCardsPerDay: [], totalReviews: 0, introduced: 0, rememberedAtEnd: 0 };

  const answer = (sim: SimCard, atMs: number): Rating => {
    if (!sim.memory) return (pickWeighted(random, ratings.firstRatingWeights) + 1) as Rating;
    const elapsedDays = (atMs - sim.lastReviewMs) / DAY_MS;
    if (random() >= memory.forgetting_curve(elapsedDays, sim.memory.stability)) return 1;
    return (pickWeighted(random, ratings.recallRatingWeights) + 2) as Rating;
  };

  for (let day = 0; day < days; day++) {
    const dayStartMs = startMs + day * DAY_MS;
    const dayEndMs = dayStartMs + DAY_MS;
    // A session some time between 08:00 and 20:00; learning steps are answered as they come due.
    let clockMs = dayStartMs + 8 * HOUR_MS + Math.floor(random() * 12 * HOUR_MS);

    const planned = opts.newCardsSchedule ? (opts.newCardsSchedule[day] ?? 0) : newCardsPerDay;
    const introduceCount = Math.min(planned, opts.questions.length - nextQuestion);
    const queue: SimCard[] = active.filter((c) => c.card.due.getTime() < dayEndMs);
    for (let i = 0; i < introduceCount; i++) {
      const sim: SimCard = { id: opts.questions[nextQuestion++]!.id, card: newCard(new Date(clockMs)), memory: null, lastReviewMs: 0, lastReviewDay: 0 };
      active.push(sim);
      queue.push(sim);
    }
    queue.sort((a, b) => a.card.due.getTime() - b.card.due.getTime());

    let reviews = 0;
    while (queue.length > 0) {
      const sim = queue.shift()!;
      clockMs = Math.max(clockMs, sim.card.due.getTime());
      if (clockMs >= dayEndMs) continue;
      const rating = answer(sim, clockMs);
      const now = new Date(clockMs);
      const { card } = reviewCard({ card: sim.card, rating, now, options: { ...policy, day: UTC_MIDNIGHT_DAYS } });
      sim.memory = memory.next_state(sim.memory, sim.memory ? day - sim.lastReviewDay : 0, rating);
      sim.card = card;
      sim.lastReviewMs = clockMs;
      sim.lastReviewDay = day;
      onReview?.({ cardId: sim.id, reviewedAt: now, rating });
      reviews++;
      clockMs += secondsPerReview * 1000;
      const dueMs = card.due.getTime();
      if (dueMs < dayEndMs) {
        const at = queue.findIndex((c) => c.card.due.getTime() > dueMs);
        queue.splice(at === -1 ? queue.length : at, 0, sim);
      }
    }
    result.reviewsPerDay.push(reviews);
    result.secondsPerDay.push(reviews * secondsPerReview);
    result.newCardsPerDay.push(introduceCount);
    result.totalReviews += reviews;
  }

  const endMs = startMs + days * DAY_MS;
  result.introduced = active.length;
  result.rememberedAtEnd = active.reduce((sum, c) => sum + (c.memory ? memory.forgetting_curve((endMs - c.lastReviewMs) / DAY_MS, c.memory.stability) : 0), 0);
  return result;
}

export function simulate(opts: SimulationOptions): SimulationResult {
  return run(opts);
}

/**
 * Review logs of a made-up learner, ending at `now`: `cards` questions started evenly over the first
 * half of `days`, reviewed under the default scheduler (fuzz on, for varied intervals) with recall
 * drawn from the learner's memory. Realistic enough for demo data and for fitting parameters in tests.
 */
export function generateHistory({
  seed,
  cards,
  days,
  now,
  learnerParams,
  desiredRetention = 0.9,
}: {
  seed: number;
  cards: number;
  days: number;
  now: Date;
  learnerParams?: readonly number[];
  desiredRetention?: number;
}): ReviewRecord[] {
  const history: ReviewRecord[] = [];
  const introductionDays = Math.max(1, Math.floor(days / 2));
  run(
    {
      seed,
      questions: Array.from({ length: cards }, (_, i) => ({ id: `card-${String(i + 1).padStart(5, "0")}` })),
      days,
      newCardsPerDay: Math.ceil(cards / introductionDays),
      policy: { desiredRetention, enableFuzz: true },
      secondsPerReview: 0,
      learnerParams,
      start: new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS - days * DAY_MS),
    },
    (review) => {
      if (review.reviewedAt.getTime() <= now.getTime()) history.push(review);
    },
  );
  return history;
}
