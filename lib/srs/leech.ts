// Bringing a leech back. Pure: `now` is a parameter.

import type { SrsCard } from "./scheduler";

/**
 * A leech the learner chose to relearn: a relearning card at its first relearning step, due now. Its
 * memory state (stability, difficulty, last review) and lapse count stay as they are: they are FSRS's
 * best estimate of what the learner holds, and the lapses stay true to the review log. What restarts is
 * the leech counter, which the caller keeps as the lapse count at this moment (see `isLeech`).
 */
export function relearnCard(card: SrsCard, now: Date): SrsCard {
  return { ...card, state: "RELEARNING", learningSteps: 0, scheduledDays: 0, due: new Date(now.getTime()) };
}
