// Bulk inserts of cards and review logs, for seeding and tests: a few statements, one array parameter
// per column through unnest(), much cheaper than createMany for tens of thousands of rows.
import type { Prisma } from "./generated/client";
import type { CardState } from "./generated/enums";
import { utcTimestamp } from "./sql";
import type { SrsCard } from "@/lib/srs/scheduler";

/** Rows per INSERT: unnest() takes one array per column, so the statement's size is what limits it. */
const BATCH = 5000;

/** A review log as the bulk insert takes it (every column but the id). */
export interface ReviewLogRow {
  userId: string;
  questionId: string;
  cardId: string;
  rating: number;
  response: Prisma.InputJsonValue;
  correct: boolean;
  durationMs: number;
  reviewedAt: Date;
  stateBefore: CardState;
  cardBefore: Prisma.InputJsonValue;
  cardAfter: Prisma.InputJsonValue;
  elapsedDays: number;
  scheduledDays: number;
  idempotencyKey: string;
  sessionId: string;
  source: string;
}

/** A card as the bulk insert takes it (createdAt is left to its default): the scheduling fields and its identity. */
export interface CardRow extends SrsCard {
  id: string;
  userId: string;
  questionId: string;
  answerHash: string;
  leech: boolean;
  suspended: boolean;
  version: number;
}

type Executor = Pick<Prisma.TransactionClient, "$executeRaw">;

function column<T, V>(rows: readonly T[], pick: (row: T) => V): V[] {
  return rows.map(pick);
}

/**
 * Inserts review logs in a few statements, one array parameter per column through unnest(): much
 * cheaper than createMany, whose client-side work per field dominates for tens of thousands of rows.
 */
export async function insertReviewLogs(db: Executor, rows: readonly ReviewLogRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const r = rows.slice(i, i + BATCH);
    await db.$executeRaw`
      INSERT INTO "ReviewLog" ("userId", "questionId", "cardId", rating, response, correct, "durationMs", "reviewedAt", "stateBefore",
                               "cardBefore", "cardAfter", "elapsedDays", "scheduledDays", "idempotencyKey", "sessionId", source)
      SELECT * FROM unnest(
        ${column(r, (x) => x.userId)}::uuid[], ${column(r, (x) => x.questionId)}::text[], ${column(r, (x) => x.cardId)}::uuid[],
        ${column(r, (x) => x.rating)}::int[], ${column(r, (x) => JSON.stringify(x.response))}::jsonb[], ${column(r, (x) => x.correct)}::boolean[],
        ${column(r, (x) => x.durationMs)}::int[], ${column(r, (x) => utcTimestamp(x.reviewedAt))}::timestamp[], ${column(r, (x) => x.stateBefore)}::"CardState"[],
        ${column(r, (x) => JSON.stringify(x.cardBefore))}::jsonb[], ${column(r, (x) => JSON.stringify(x.cardAfter))}::jsonb[],
        ${column(r, (x) => x.elapsedDays)}::int[], ${column(r, (x) => x.scheduledDays)}::int[], ${column(r, (x) => x.idempotencyKey)}::text[],
        ${column(r, (x) => x.sessionId)}::text[], ${column(r, (x) => x.source)}::text[])`;
  }
}

/** Inserts cards the same way. */
export async function insertCards(db: Executor, rows: readonly CardRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const r = rows.slice(i, i + BATCH);
    await db.$executeRaw`
      INSERT INTO "Card" (id, "userId", "questionId", due, stability, difficulty, "elapsedDays", "scheduledDays", "learningSteps", reps, lapses,
                          state, "lastReview", "answerHash", leech, suspended, version)
      SELECT * FROM unnest(
        ${column(r, (x) => x.id)}::uuid[], ${column(r, (x) => x.userId)}::uuid[], ${column(r, (x) => x.questionId)}::text[],
        ${column(r, (x) => utcTimestamp(x.due))}::timestamp[], ${column(r, (x) => x.stability)}::float8[], ${column(r, (x) => x.difficulty)}::float8[],
        ${column(r, (x) => x.elapsedDays)}::int[], ${column(r, (x) => x.scheduledDays)}::int[], ${column(r, (x) => x.learningSteps)}::int[],
        ${column(r, (x) => x.reps)}::int[], ${column(r, (x) => x.lapses)}::int[], ${column(r, (x) => x.state)}::"CardState"[],
        ${column(r, (x) => (x.lastReview ? utcTimestamp(x.lastReview) : null))}::timestamp[], ${column(r, (x) => x.answerHash)}::text[],
        ${column(r, (x) => x.leech)}::boolean[], ${column(r, (x) => x.suspended)}::boolean[], ${column(r, (x) => x.version)}::int[])`;
  }
}

