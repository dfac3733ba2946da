import { requireActiveUser, type Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { ts as sqlTs } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import { toSrsCard, toSrsCardSnapshot } from "@/lib/srs/card-fields";
import { relearnCard } from "@/lib/srs/leech";
import { resolveDayOptions } from "@/lib/srs/day";
import { isLeech, isRecalled, newCard, nextReviewLabel, reviewCard, type Rating, type SrsCard } from "@/lib/srs/scheduler";
import { isRatingAllowed } from "@/lib/quiz/grade";
import type { QuestionResponse } from "@/lib/quiz/types";
import { gradeResponse, loadLiveQuestion } from "./grade-answer";
import { startLesson } from "./lesson-state";

import { recordInputSchema } from "./schemas";

export interface SubmitReviewOptions {
  db: Db;
  /** The answer is recorded as this account's, with its settings as the database has them now. */
  actor: Actor;
  input: unknown;
  now?: Date;
  /** Fuzz spreads due dates in the app; tests turn it off to get exact intervals. */
  enableFuzz?: boolean;
}

const ANSWER_TRANSACTION = { maxWait: 10_000, timeout: 15_000 } as const;

export interface SubmitReviewResult {
  reviewLogId: string;
  duplicate: boolean;
  /** Recalled: any grade but Again, whatever the machine made of the answer. */
  correct: boolean;
  nextDue: Date;
  nextIntervalLabel: string;
  state: SrsCard["state"];
  leech: boolean;
  /** The card's version now, for the next answer's concurrency check. */
  version: number;
}

type CardRow = SrsCard & { id: string; version: number; answerHash: string; leech: boolean; suspended: boolean; relearnedAtLapses: number };

const CARD_COLUMNS = `"id", "due", "stability", "difficulty", "elapsedDays", "scheduledDays", "learningSteps", "reps", "lapses", "state", "lastReview", "version", "answerHash", "leech", "suspended", "relearnedAtLapses"`;

function sqlTsOrNull(instant: Date | null): Prisma.Sql {
  return instant ? sqlTs(instant) : Prisma.sql`NULL::timestamp`;
}

function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: string }).code === "P2002" || /unique constraint/i.test(String((e as Error).message));
}

/** JSON with sorted keys: jsonb stores keys in its own order, so the stored response is compared in this form. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * The answer already recorded under this key, if any. A key names one answer: reusing it for another
 * question, grade or response is refused (nothing is recorded) rather than answered with the first
 * answer's result. Only what the answer is counts; the time taken changes between retries.
 */
async function findDuplicate(db: Db | Prisma.TransactionClient, userId: string, idempotencyKey: string, answer: { questionId: string; rating: number; response: unknown }) {
  const log = await db.reviewLog.findUnique({
    where: { userId_idempotencyKey: { userId, idempotencyKey } },
    select: { id: true, correct: true, cardAfter: true, cardId: true, userId: true, questionId: true, rating: true, response: true },
  });
  if (log && (log.questionId !== answer.questionId || log.rating !== answer.rating || canonical(log.response) !== canonical(answer.response))) {
    throw new AppError("CONFLICT", "This idempotency key was already used for a different answer; send a new key for a new answer.");
  }
  return log;
}

async function duplicateResult(
  db: Db | Prisma.TransactionClient,
  log: { id: bigint; correct: boolean; cardAfter: Prisma.JsonValue; cardId: string; userId: string },
  now: Date,
): Promise<SubmitReviewResult> {
  const card = await db.card.findUnique({ where: { id: log.cardId, userId: log.userId }, select: { version: true } });
  // Logs written before relearning existed carry no `leech`: then no card had been relearned.
  const after = log.cardAfter as { due: string; state: SrsCard["state"]; scheduledDays: number; lapses: number; leech?: boolean };
  const due = new Date(after.due);
  return {
    reviewLogId: log.id.toString(),
    duplicate: true,
    correct: log.correct,
    nextDue: due,
    nextIntervalLabel: nextReviewLabel({ state: after.state, scheduledDays: after.scheduledDays, due }, now),
    state: after.state,
    leech: after.leech ?? isLeech(after),
    version: card?.version ?? 0,
  };
}

/**
 * Records one answer: grades it again on the server, schedules the card with FSRS and appends the
 * review log, in one transaction. A retried request (same idempotency key) records nothing new; a
 * second tab answering a card that changed since it was shown gets CONFLICT ("already reviewed").
 */
export async function submitReview({ db, actor, input, now = new Date(), enableFuzz = true }: SubmitReviewOptions): Promise<SubmitReviewResult> {
  const user = await requireActiveUser({ db, actor });
  const parsed = recordInputSchema.safeParse(input);
  if (!parsed.success) throw new AppError("INVALID_INPUT", parsed.error.issues[0]?.message ?? "Invalid answer.");
  const { questionId, rating, durationMs, idempotencyKey, sessionId, source, expectedVersion } = parsed.data;
  const response = parsed.data.response as QuestionResponse;

  // A retry is found inside the transaction (the card's version moved on) or by the unique index on the
  // key (a retry racing the card's creation): no look-up before it, one round trip less per answer.
  const answer = { questionId, rating, response };

  const question = await loadLiveQuestion(db, questionId);
  const graded = gradeResponse(question.payload, response);
  if (!isRatingAllowed(question.kind, graded.correct, rating as Rating)) {
    throw new AppError("INVALID_INPUT", graded.correct ? "A right answer is graded Hard, Good or Easy." : "A wrong answer is graded Again.");
  }
  // What is stored is whether the learner recalled it (their grade), for every kind: for free recall
  // the key points only suggested a grade.
  const correct = isRecalled(rating as Rating);
  const options = {
    desiredRetention: user.desiredRetention,
    params: Array.isArray(user.fsrsParams) ? (user.fsrsParams as number[]) : null,
    enableFuzz,
    day: resolveDayOptions(user),
  };

  try {
    return await db.$transaction(async (tx) => {
      const rows = await tx.$queryRawUnsafe<CardRow[]>(
        `SELECT ${CARD_COLUMNS} FROM "Card" WHERE "userId" = $1::uuid AND "questionId" = $2 FOR UPDATE`,
        user.id,
        questionId,
      );
      const existing = rows[0];
      if (existing && expectedVersion !== existing.version) {
        // A concurrent retry of this very answer that committed first moved the version on: that is a
        // duplicate, not a conflict. (With the version unchanged no such retry can have committed, so
        // the hot path skips this query; a retry racing the card's creation hits the unique index.)
        const raced = await findDuplicate(tx, user.id, idempotencyKey, answer);
        if (raced) return duplicateResult(tx, raced, now);
        throw new AppError("CONFLICT", "Already reviewed in another tab or window: this card has moved on.");
      }
      if (!existing && expectedVersion !== null) {
        throw new AppError("CONFLICT", "This card was reset since the page loaded. Reload to see it again.");
      }
      // Answering a leech in its lesson, after rereading it, brings it back as relearning does; a
      // stale review page answering it does not (it was set aside after that page loaded).
      const relearning = Boolean(existing?.leech && existing.suspended && source === "lesson");
      const stored = existing ? toSrsCard(existing) : newCard(now);
      const before = relearning ? relearnCard(stored, now) : stored;
      const relearnedAtLapses = existing ? (relearning ? existing.lapses : existing.relearnedAtLapses) : 0;
      const { card: after, log: scheduled } = reviewCard({ card: before, rating: rating as Rating, now, options });
      const leech = isLeech(after, relearnedAtLapses);
      const data = {
        ...toSrsCard(after),
        answerHash: question.answerHash,
        leech,
        suspended: leech,
        relearnedAtLapses,
      };
      const logData = {
        response: JSON.stringify(response),
        // The card as stored (a leech stays a leech if this answer is undone), for undo.
        cardBefore: JSON.stringify({ ...toSrsCardSnapshot(stored), existed: Boolean(existing), leech: existing?.leech ?? false, relearnedAtLapses: existing?.relearnedAtLapses ?? 0 }),
        cardAfter: JSON.stringify({ ...toSrsCardSnapshot(after), leech }),
        elapsedDays: scheduled.elapsedDays,
      };
      // The card and its log in one statement (one round trip, no ORM work on the hot path). Timestamps
      // go in as UTC wall time, as the columns store them, whatever the session's TimeZone.
      const cardRow = existing
        ? Prisma.sql`UPDATE "Card" SET due = ${sqlTs(data.due)}, stability = ${data.stability}, difficulty = ${data.difficulty},
              "elapsedDays" = ${data.elapsedDays}, "scheduledDays" = ${data.scheduledDays}, "learningSteps" = ${data.learningSteps},
              reps = ${data.reps}, lapses = ${data.lapses}, state = ${data.state}::"CardState", "lastReview" = ${sqlTsOrNull(data.lastReview)},
              "answerHash" = ${data.answerHash}, leech = ${data.leech}, suspended = ${data.suspended}, "relearnedAtLapses" = ${data.relearnedAtLapses},
              version = version + 1
            WHERE id = ${existing.id}::uuid AND "userId" = ${user.id}::uuid
            RETURNING id, version`
        : Prisma.sql`INSERT INTO "Card" (id, "userId", "questionId", due, stability, difficulty, "elapsedDays", "scheduledDays", "learningSteps",
              reps, lapses, state, "lastReview", "answerHash", leech, suspended)
            VALUES (gen_random_uuid(), ${user.id}::uuid, ${questionId}, ${sqlTs(data.due)}, ${data.stability}, ${data.difficulty}, ${data.elapsedDays},
              ${data.scheduledDays}, ${data.learningSteps}, ${data.reps}, ${data.lapses}, ${data.state}::"CardState", ${sqlTsOrNull(data.lastReview)},
              ${data.answerHash}, ${data.leech}, ${data.suspended})
            RETURNING id, version`;
      const [written] = await tx.$queryRaw<{ cardId: string; version: number; logId: bigint }[]>`
        WITH card AS (${cardRow}), log AS (
          INSERT INTO "ReviewLog" ("userId", "questionId", "cardId", rating, response, correct, "durationMs", "reviewedAt", "stateBefore",
                                   "cardBefore", "cardAfter", "elapsedDays", "scheduledDays", "idempotencyKey", "sessionId", source)
          SELECT ${user.id}::uuid, ${questionId}, card.id, ${rating}, ${logData.response}::jsonb, ${correct}, ${durationMs}, ${sqlTs(now)},
                 ${before.state}::"CardState", ${logData.cardBefore}::jsonb, ${logData.cardAfter}::jsonb, ${logData.elapsedDays}, ${after.scheduledDays},
                 ${idempotencyKey}, ${sessionId}, ${source}
          FROM card
          RETURNING id
        )
        SELECT card.id::text AS "cardId", card.version, log.id AS "logId" FROM card, log`;
      if (!written) throw new AppError("CONFLICT", "Already reviewed in another tab or window: this card has moved on.");
      // A lesson counts as started from its first answer there, not from opening the page (a GET writes nothing).
      if (!existing && source === "lesson") await startLesson({ db: tx, userId: user.id, lessonId: question.lessonId, at: now });
      const card = { id: written.cardId, version: written.version };
      const log = { id: written.logId };
      return {
        reviewLogId: log.id.toString(),
        duplicate: false,
        correct,
        nextDue: after.due,
        nextIntervalLabel: nextReviewLabel(after, now),
        state: after.state,
        leech,
        version: card.version,
      };
      // Waiting for a connection: up to 10 s (Prisma's default is 2 s). At a peak the pool is the queue,
      // and a learner is better served by an answer saved a few seconds late than by "try again".
    }, ANSWER_TRANSACTION);
  } catch (e) {
    if (isUniqueViolation(e)) {
      const dup = await findDuplicate(db, user.id, idempotencyKey, answer);
      if (dup) return duplicateResult(db, dup, now);
      throw new AppError("CONFLICT", "Already reviewed in another tab or window.");
    }
    throw e;
  }
}
