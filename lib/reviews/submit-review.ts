import { ACCOUNT_REFUSED, actorId, type Actor } from "@/lib/auth/actor";
import { poolOf, type Db } from "@/lib/db/client";
import { pgTransaction, runHot, type HotClient } from "@/lib/db/pg-transaction";
import { utcTimestamp } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import { toSrsCard, toSrsCardSnapshot } from "@/lib/srs/card-fields";
import { relearnCard } from "@/lib/srs/leech";
import { resolveDayOptions } from "@/lib/srs/day";
import { isLeech, isRecalled, newCard, nextReviewLabel, reviewCard, type Rating, type SrsCard } from "@/lib/srs/scheduler";
import { isRatingAllowed } from "@/lib/quiz/grade";
import type { QuestionResponse } from "@/lib/quiz/types";
import type { Prisma } from "@/lib/db/generated/client";
import { INSERT_CARD_AND_LOG, SELECT_ACCOUNT_AND_CARD, SELECT_CARD_VERSION, SELECT_LOG_BY_KEY, START_LESSON, UPDATE_CARD_AND_LOG } from "./answer-statements";
import { gradeResponse, loadLiveQuestion } from "./grade-answer";

import { recordInputSchema } from "./schemas";

export interface SubmitReviewOptions {
  db: Db;
  /**
   * The answer is recorded as this account's, with its settings as the database has them now. A
   * session's actor carries the session's tokenVersion (POST /api/reviews decodes the cookie without
   * reading the account): the answer is then refused once that version moved on (signed out everywhere).
   */
  actor: Actor & { tokenVersion?: number };
  input: unknown;
  now?: Date;
  /** Fuzz spreads due dates in the app; tests turn it off to get exact intervals. */
  enableFuzz?: boolean;
}

/** Waiting for a connection: up to 10 s. At a peak the pool is the queue, and a learner is better served by an answer saved a few seconds late than by "try again". */
const CONNECTION_WAIT_MS = 10_000;

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

/** The first statement's row: the account, and the card's columns (null without a card). */
type AccountCardRow = {
  desiredRetention: number;
  fsrsParams: Prisma.JsonValue;
  timezone: string;
  dayStartHour: number;
  tokenVersion: number;
  disabled: boolean;
} & ({ id: string; version: number; answerHash: string; leech: boolean; suspended: boolean; relearnedAtLapses: number } & SrsCard | { id: null });

type LoggedAnswer = { id: string; correct: boolean; cardAfter: Prisma.JsonValue; cardId: string; questionId: string; rating: number; response: Prisma.JsonValue };

function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: string }).code === "23505" || /unique constraint/i.test(String((e as Error).message));
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
async function findDuplicate(client: HotClient, userId: string, idempotencyKey: string, answer: { questionId: string; rating: number; response: unknown }) {
  const [log] = await runHot<LoggedAnswer>(client, SELECT_LOG_BY_KEY, [userId, idempotencyKey]);
  if (log && (log.questionId !== answer.questionId || log.rating !== answer.rating || canonical(log.response) !== canonical(answer.response))) {
    throw new AppError("CONFLICT", "This idempotency key was already used for a different answer; send a new key for a new answer.");
  }
  return log;
}

async function duplicateResult(client: HotClient, userId: string, log: LoggedAnswer, now: Date): Promise<SubmitReviewResult> {
  const [card] = await runHot<{ version: number }>(client, SELECT_CARD_VERSION, [userId, log.cardId]);
  // Logs written before relearning existed carry no `leech`: then no card had been relearned.
  const after = log.cardAfter as { due: string; state: SrsCard["state"]; scheduledDays: number; lapses: number; leech?: boolean };
  const due = new Date(after.due);
  return {
    reviewLogId: log.id,
    duplicate: true,
    correct: log.correct,
    nextDue: due,
    nextIntervalLabel: nextReviewLabel({ state: after.state, scheduledDays: after.scheduledDays, due }, now),
    state: after.state,
    leech: after.leech ?? isLeech(after),
    version: card?.version ?? 0,
  };
}

const timestampOrNull = (instant: Date | null) => (instant ? utcTimestamp(instant) : null);

/**
 * Records one answer: grades it again on the server, schedules the card with FSRS and appends the
 * review log, in one transaction. A retried request (same idempotency key) records nothing new; a
 * second tab answering a card that changed since it was shown gets CONFLICT ("already reviewed").
 *
 * The transaction's statements go through `pg` as prepared statements (lib/reviews/answer-statements.ts):
 * the account check is the first of them, read with the card it locks, so an answer costs one read
 * of the account, no more (docs/decisions/029, 030).
 */
export async function submitReview({ db, actor, input, now = new Date(), enableFuzz = true }: SubmitReviewOptions): Promise<SubmitReviewResult> {
  const userId = actorId(actor);
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

  try {
    return await pgTransaction(db, { maxWaitMs: CONNECTION_WAIT_MS }, async (client) => {
      const [row] = await runHot<AccountCardRow>(client, SELECT_ACCOUNT_AND_CARD, [userId, questionId]);
      // The data layer's account check (requireActiveUser's rules), on the row the first statement read.
      if (!row || row.disabled) throw new AppError("FORBIDDEN", ACCOUNT_REFUSED);
      if (actor.tokenVersion !== undefined && actor.tokenVersion !== row.tokenVersion) throw new AppError("UNAUTHENTICATED", "Sign in to record answers.");
      const options = {
        desiredRetention: row.desiredRetention,
        params: Array.isArray(row.fsrsParams) ? (row.fsrsParams as number[]) : null,
        enableFuzz,
        day: resolveDayOptions(row),
      };
      const existing = row.id === null ? null : row;
      if (existing && expectedVersion !== existing.version) {
        // A concurrent retry of this very answer that committed first moved the version on: that is a
        // duplicate, not a conflict. (With the version unchanged no such retry can have committed, so
        // the hot path skips this query; a retry racing the card's creation hits the unique index.)
        const raced = await findDuplicate(client, userId, idempotencyKey, answer);
        if (raced) return duplicateResult(client, userId, raced, now);
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
      const logValues = [
        userId,
        questionId,
        rating,
        JSON.stringify(response),
        correct,
        durationMs,
        utcTimestamp(now),
        before.state,
        // The card as stored (a leech stays a leech if this answer is undone), for undo.
        JSON.stringify({ ...toSrsCardSnapshot(stored), existed: Boolean(existing), leech: existing?.leech ?? false, relearnedAtLapses: existing?.relearnedAtLapses ?? 0 }),
        JSON.stringify({ ...toSrsCardSnapshot(after), leech }),
        scheduled.elapsedDays,
        after.scheduledDays,
        idempotencyKey,
        sessionId,
        source,
      ];
      const cardValues = [
        utcTimestamp(after.due),
        after.stability,
        after.difficulty,
        after.elapsedDays,
        after.scheduledDays,
        after.learningSteps,
        after.reps,
        after.lapses,
        after.state,
        timestampOrNull(after.lastReview),
        question.answerHash,
        leech,
        // A leech is set aside (suspended) until the learner relearns it.
        leech,
      ];
      // The card and its log in one statement (one round trip).
      const [written] = existing
        ? await runHot<{ cardId: string; version: number; logId: string }>(client, UPDATE_CARD_AND_LOG, [...logValues, existing.id, ...cardValues, relearnedAtLapses])
        : await runHot<{ cardId: string; version: number; logId: string }>(client, INSERT_CARD_AND_LOG, [...logValues, ...cardValues]);
      if (!written) throw new AppError("CONFLICT", "Already reviewed in another tab or window: this card has moved on.");
      // A lesson counts as started from its first answer there, not from opening the page (a GET writes nothing).
      if (!existing && source === "lesson") await runHot(client, START_LESSON, [userId, question.lessonId, utcTimestamp(now)]);
      return {
        reviewLogId: written.logId,
        duplicate: false,
        correct,
        nextDue: after.due,
        nextIntervalLabel: nextReviewLabel(after, now),
        state: after.state,
        leech,
        version: written.version,
      };
    });
  } catch (e) {
    if (isUniqueViolation(e)) {
      const dup = await findDuplicate(poolOf(db), userId, idempotencyKey, answer);
      if (dup) return duplicateResult(poolOf(db), userId, dup, now);
      throw new AppError("CONFLICT", "Already reviewed in another tab or window.");
    }
    throw e;
  }
}
