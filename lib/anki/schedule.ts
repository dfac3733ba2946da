// PURE: a Recall card (and its review log) as Anki stores them, checked against Anki's source
// (rslib/src/storage/card/data.rs, rslib/src/scheduler/timing.rs, rslib/src/import_export/package/apkg).
// No I/O; `now` is a parameter.
import { learningDay, learningDaysBetween, startOfLearningDay, type DayOptions } from "@/lib/srs/day";
import { DEFAULT_LEARNING_STEPS, DEFAULT_RELEARNING_STEPS, type CardState } from "@/lib/srs/scheduler";

/** Anki's cards.type */
export const ANKI_TYPE = { NEW: 0, LEARNING: 1, REVIEW: 2, RELEARNING: 3 } as const satisfies Record<CardState, number>;
/** Anki's cards.queue: -1 suspended, 0 new, 1 learning today (due in epoch seconds), 2 review, 3 learning on a later day (due in days). */
export const ANKI_QUEUE = { SUSPENDED: -1, NEW: 0, LEARNING: 1, REVIEW: 2, DAY_LEARNING: 3 } as const;
/** Anki's revlog.type */
const REVLOG_TYPE = { NEW: 0, LEARNING: 0, REVIEW: 1, RELEARNING: 2 } as const satisfies Record<CardState, number>;
/** Anki's default starting ease (250%); FSRS ignores it, but an SM-2 deck reads it. */
const DEFAULT_EASE_PERMILLE = 2500;
/** Anki caps an answer's recorded time at 60 s by default. */
const MAX_ANSWER_MS = 60_000;

export interface RecallCard {
  state: CardState;
  due: Date;
  stability: number;
  difficulty: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  lastReview: Date | null;
  suspended: boolean;
}

export interface AnkiCardSchedule {
  type: number;
  queue: number;
  due: number;
  ivl: number;
  factor: number;
  reps: number;
  lapses: number;
  left: number;
  /** The cards.data column: FSRS memory state as Anki's CardData serialises it, "{}" when there is none. */
  data: string;
}

export interface ExportClock extends DayOptions {
  now: Date;
}

/**
 * The package's collection creation time (col.crt, in seconds): the start of the learner's current
 * learning day. A review card's due is a day number counted from it; Anki shifts those numbers onto its
 * own collection at import, using the days elapsed since crt at the moment of import, so the dates stay
 * right whenever the file is imported.
 */
export function collectionCreatedSecs(clock: ExportClock): number {
  return Math.floor(startOfLearningDay(clock.now, clock).getTime() / 1000);
}

/** Rounded the way Anki writes cards.data (CardData::convert_to_json), so a round trip is stable. */
function round(value: number, places: number): number {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
}

/**
 * The FSRS memory state in Anki's cards.data JSON: s (stability, days), d (difficulty, 1–10, the same
 * scale as ts-fsrs), dr (desired retention), decay (FSRS-6 w[20]) and lrt (last review, epoch seconds).
 */
export function memoryStateJson(card: Pick<RecallCard, "state" | "stability" | "difficulty" | "lastReview">, desiredRetention: number, decay: number): string {
  if (card.state === "NEW" || !card.lastReview || !(card.stability > 0)) return "{}";
  return JSON.stringify({
    s: round(card.stability, 4),
    d: round(card.difficulty, 3),
    dr: round(desiredRetention, 2),
    decay: round(decay, 3),
    lrt: Math.floor(card.lastReview.getTime() / 1000),
  });
}

/** A card's scheduling in Anki's terms. `newPosition` orders new cards (Anki's due for a new card). */
export function ankiSchedule({
  card,
  newPosition,
  clock,
  desiredRetention,
  decay,
}: {
  card: RecallCard;
  newPosition: number;
  clock: ExportClock;
  desiredRetention: number;
  decay: number;
}): AnkiCardSchedule {
  const today = learningDay(clock.now, clock);
  const dueDay = learningDaysBetween(clock.now, card.due, clock);
  const base = { type: ANKI_TYPE[card.state], reps: card.reps, lapses: card.lapses, data: memoryStateJson(card, desiredRetention, decay) };
  let schedule: AnkiCardSchedule;
  if (card.state === "NEW") {
    schedule = { ...base, queue: ANKI_QUEUE.NEW, due: newPosition, ivl: 0, factor: 0, left: 0 };
  } else if (card.state === "REVIEW") {
    schedule = { ...base, queue: ANKI_QUEUE.REVIEW, due: dueDay, ivl: Math.max(1, card.scheduledDays), factor: DEFAULT_EASE_PERMILLE, left: 0 };
  } else {
    const steps = card.state === "LEARNING" ? DEFAULT_LEARNING_STEPS.length : DEFAULT_RELEARNING_STEPS.length;
    const left = Math.max(1, steps - card.learningSteps);
    const ivl = card.state === "RELEARNING" ? Math.max(1, card.scheduledDays) : 0;
    // A step that ends on a later learning day waits in Anki's day-learning queue, counted in days.
    schedule =
      learningDay(card.due, clock) > today
        ? { ...base, queue: ANKI_QUEUE.DAY_LEARNING, due: dueDay, ivl, factor: DEFAULT_EASE_PERMILLE, left }
        : { ...base, queue: ANKI_QUEUE.LEARNING, due: Math.floor(card.due.getTime() / 1000), ivl, factor: DEFAULT_EASE_PERMILLE, left };
  }
  return card.suspended ? { ...schedule, queue: ANKI_QUEUE.SUSPENDED } : schedule;
}

export interface RecallReview {
  reviewedAt: Date;
  rating: number;
  stateBefore: CardState;
  scheduledDays: number;
  /** The interval before this answer, in days (the previous answer's scheduled days). */
  lastScheduledDays: number;
  durationMs: number;
}

export interface AnkiRevlog {
  ease: number;
  ivl: number;
  lastIvl: number;
  factor: number;
  time: number;
  type: number;
}

/** One answer as a row of Anki's revlog (its id, the answer time in ms, is assigned by the writer). */
export function ankiRevlog(review: RecallReview): AnkiRevlog {
  return {
    ease: review.rating,
    ivl: review.scheduledDays,
    lastIvl: review.lastScheduledDays,
    factor: DEFAULT_EASE_PERMILLE,
    time: Math.min(MAX_ANSWER_MS, Math.max(0, Math.round(review.durationMs))),
    type: REVLOG_TYPE[review.stateBefore],
  };
}
