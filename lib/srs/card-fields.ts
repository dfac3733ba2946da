// The card's scheduling fields, named once: the columns a query selects to build an SrsCard, the
// mapper that takes them off a wider row, and the JSON snapshot a review log keeps for undo.
// Pure: a Prisma `select` is a plain object, so this module does no I/O.

import type { CardState, SrsCard } from "./scheduler";

/** `select` these on a Prisma `Card` query to get every field an SrsCard needs. */
export const SRS_CARD_SELECT = {
  due: true,
  stability: true,
  difficulty: true,
  elapsedDays: true,
  scheduledDays: true,
  learningSteps: true,
  reps: true,
  lapses: true,
  state: true,
  lastReview: true,
} as const satisfies Record<keyof SrsCard, true>;

/** The scheduling part of a wider card row (a copy: later changes to the row do not leak in). */
export function toSrsCard(row: SrsCard): SrsCard {
  const { stability, difficulty, elapsedDays, scheduledDays, learningSteps, reps, lapses, state } = row;
  return { stability, difficulty, elapsedDays, scheduledDays, learningSteps, reps, lapses, state, due: new Date(row.due.getTime()), lastReview: row.lastReview ? new Date(row.lastReview.getTime()) : null };
}

/** An SrsCard as JSON keeps it: instants as ISO strings. */
export type SrsCardSnapshot = Omit<SrsCard, "due" | "lastReview"> & { due: string; lastReview: string | null; state: CardState };

export function toSrsCardSnapshot(card: SrsCard): SrsCardSnapshot {
  const { due, lastReview, ...rest } = toSrsCard(card);
  return { due: due.toISOString(), ...rest, lastReview: lastReview ? lastReview.toISOString() : null };
}

export function fromSrsCardSnapshot(snapshot: SrsCardSnapshot): SrsCard {
  return toSrsCard({ ...snapshot, due: new Date(snapshot.due), lastReview: snapshot.lastReview ? new Date(snapshot.lastReview) : null });
}
