// How a simulated learner behaves, shared by the demo seed (lib/demo/history.ts, cohort.ts) and the
// scale population of the benches (tests/bench/lib/population.ts), so both answer as one model says.
// Pure: every draw takes the seeded PRNG.
//
// Recall follows the FSRS memory model: a review is recalled with the card's retrievability at that
// moment; first answers and "Hard / Good / Easy when recalled" follow fsrs-rs's rating defaults. A
// learner of a cohort also has an ability, a logit shift: against a per-question difficulty on a first
// attempt, and at half strength on the retrievability in reviews.
import { hashString, mulberry32, pickWeighted } from "@/lib/srs/random";
import { retrievability, type Rating, type SrsCard } from "@/lib/srs/scheduler";
import { DEFAULT_RATING_MODEL } from "@/lib/srs/simulate";

export type Random = () => number;

/** Chance that a learner skips a day they would have reviewed on: reviews pile up and come back late. */
export const SKIP_PROBABILITY = 0.2;

/** Base first-attempt success: the default rating model's share of first answers not rated Again. */
const FIRST_WEIGHTS = DEFAULT_RATING_MODEL.firstRatingWeights;
export const FIRST_CORRECT = 1 - FIRST_WEIGHTS[0]! / FIRST_WEIGHTS.reduce((s, w) => s + w, 0);
/** Spread (standard deviation, in logits) of the question difficulties. */
const DIFFICULTY_SD = 0.9;

export function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export function logit(p: number): number {
  const q = Math.min(1 - 1e-9, Math.max(1e-9, p));
  return Math.log(q / (1 - q));
}

/** A standard normal draw (Box–Muller). */
export function normal(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export function between(random: Random, min: number, max: number): number {
  return min + random() * (max - min);
}

export function intBetween(random: Random, min: number, max: number): number {
  return Math.floor(between(random, min, max + 1));
}

/**
 * How hard a question is, in logits (0 average, about ±2 at the extremes): a function of its id
 * alone, so it is the same for every learner and every run.
 */
export function questionDifficulty(questionId: string): number {
  return DIFFICULTY_SD * normal(mulberry32(hashString(`difficulty:${questionId}`)));
}

/** Probability that a learner of this ability gets the card right at `at`. */
export function chanceRight(card: SrsCard, at: Date, { ability, difficulty }: { ability: number; difficulty: number }): number {
  return card.state === "NEW" ? logistic(logit(FIRST_CORRECT) + ability - difficulty) : logistic(logit(retrievability(card, at)) + ability * 0.5);
}

/**
 * The grade a simulated learner gives the card at `at`. Without `learner`, the default model: first
 * answers drawn from the first-rating weights, reviews recalled with the retrievability.
 */
export function drawRating(random: Random, card: SrsCard, at: Date, learner?: { ability: number; difficulty: number }): Rating {
  if (!learner) {
    if (card.state === "NEW") return (pickWeighted(random, FIRST_WEIGHTS) + 1) as Rating;
    return random() < retrievability(card, at) ? ((pickWeighted(random, DEFAULT_RATING_MODEL.recallRatingWeights) + 2) as Rating) : 1;
  }
  if (random() >= chanceRight(card, at, learner)) return 1;
  return card.state === "NEW" ? ((pickWeighted(random, FIRST_WEIGHTS.slice(1)) + 2) as Rating) : ((pickWeighted(random, DEFAULT_RATING_MODEL.recallRatingWeights) + 2) as Rating);
}

/** Whole days a due review waits: each day is skipped with `skipProbability`. */
export function daysLate(random: Random, skipProbability = SKIP_PROBABILITY): number {
  let days = 0;
  while (random() < skipProbability) days++;
  return days;
}
