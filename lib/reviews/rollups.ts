// The rollups of the review log (LearnerDay, QuestionDay, and CardSummary: each card's first answer and
// its last days of answers): what the dashboards read instead of the log, so their cost follows days
// and cards, not answers. Triggers on ReviewLog keep them in the answer's own
// transaction (prisma/migrations/*_rollups: an insert adds, a delete subtracts, each answer on the
// learning day stamped on it when it was recorded; *_card_summaries: an answer updates its card's
// summary, deleting one recomputes it from the card's log); this module rebuilds them from the log, after a
// restore from elsewhere, a hand edit of the log or a change to what they count. LearnerSession (one row
// per learner, session and learning day; *_learner_sessions) is kept the same way: an insert adds, a
// delete recounts the sessions it touched from their own answers.
//
// The rebuild's SELECTs are the full recomputation the rollups must always equal; the integration test
// compares the maintained rows with them.
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";

export interface LearnerDayRow {
  userId: string;
  day: string;
  courseId: string;
  answers: number;
  correct: number;
  reviews: number;
  reviewsCorrect: number;
  newCards: number;
  lapses: number;
  durationMs: number;
}

export interface QuestionDayRow {
  userId: string;
  questionId: string;
  day: string;
  answers: number;
  correct: number;
  reviews: number;
  reviewsCorrect: number;
  lapses: number;
}

export interface CardSummaryRow {
  userId: string;
  questionId: string;
  cardId: string;
  firstLogId: string;
  firstAt: Date;
  firstDay: string;
  firstCorrect: boolean;
  firstChoiceIds: string[];
  recentAt: Date[];
  recentDueBefore: Date[];
  answers: number;
  lapses: number;
}

export interface LearnerSessionRow {
  userId: string;
  sessionId: string;
  day: string;
  answers: number;
  correct: number;
  newCards: number;
  lessonAnswers: number;
  durationMs: number;
  startedAt: Date;
  endedAt: Date;
  lessonIds: string[];
}

/** LearnerDay recomputed from the log (of the learners `scope` keeps): one row per learner, stamped day and course with any answer. */
const learnerDaysFromLog = (scope: Prisma.Sql) => Prisma.sql`
  SELECT r."userId", r."learningDay" AS day, l."courseId", count(*)::int AS answers, count(*) FILTER (WHERE r.correct)::int AS correct,
         count(*) FILTER (WHERE r."stateBefore" = 'REVIEW')::int AS reviews,
         count(*) FILTER (WHERE r."stateBefore" = 'REVIEW' AND r.correct)::int AS "reviewsCorrect",
         count(*) FILTER (WHERE r."stateBefore" = 'NEW')::int AS "newCards",
         count(*) FILTER (WHERE r."stateBefore" = 'REVIEW' AND r.rating = 1)::int AS lapses,
         coalesce(sum(r."durationMs"), 0)::bigint AS "durationMs"
  FROM "ReviewLog" r JOIN "Question" q ON q.id = r."questionId" JOIN "Lesson" l ON l.id = q."lessonId"
  WHERE ${scope}
  GROUP BY 1, 2, 3`;

/** QuestionDay recomputed from the log. */
const questionDaysFromLog = (scope: Prisma.Sql) => Prisma.sql`
  SELECT r."userId", r."questionId", r."learningDay" AS day, count(*)::int AS answers, count(*) FILTER (WHERE r.correct)::int AS correct,
         count(*) FILTER (WHERE r."stateBefore" = 'REVIEW')::int AS reviews,
         count(*) FILTER (WHERE r."stateBefore" = 'REVIEW' AND r.correct)::int AS "reviewsCorrect",
         count(*) FILTER (WHERE r."stateBefore" = 'REVIEW' AND r.rating = 1)::int AS lapses
  FROM "ReviewLog" r
  WHERE ${scope}
  GROUP BY 1, 2, 3`;

const cardSummaryColumns = Prisma.sql`"userId"::text AS "userId", "questionId", "cardId"::text AS "cardId", "firstLogId"::text AS "firstLogId", "firstAt",
  "firstDay"::text AS "firstDay", "firstCorrect", "firstChoiceIds", "recentAt", "recentDueBefore", answers, lapses`;

/** LearnerSession recomputed from the log: one row per learner, session id and stamped day. */
const learnerSessionsFromLog = (scope: Prisma.Sql) => Prisma.sql`
  SELECT r."userId", r."sessionId", r."learningDay" AS day, count(*)::int AS answers, count(*) FILTER (WHERE r.correct)::int AS correct,
         count(*) FILTER (WHERE r."stateBefore" = 'NEW')::int AS "newCards",
         count(*) FILTER (WHERE r.source = 'lesson')::int AS "lessonAnswers",
         coalesce(sum(r."durationMs"), 0)::bigint AS "durationMs",
         min(r."reviewedAt") AS "startedAt", max(r."reviewedAt") AS "endedAt",
         array_agg(DISTINCT q."lessonId" ORDER BY q."lessonId") AS "lessonIds"
  FROM "ReviewLog" r JOIN "Question" q ON q.id = r."questionId"
  WHERE ${scope}
  GROUP BY 1, 2, 3`;

const SESSION_COLUMNS = Prisma.sql`"userId"::text, "sessionId", day::text, answers, correct, "newCards", "lessonAnswers", "durationMs"::float8 AS "durationMs", "startedAt", "endedAt", "lessonIds"`;

/** The maintained LearnerDay rows with answers (rows subtracted to zero by an undo are left in place). */
export async function readLearnerDays({ db }: { db: Db }): Promise<LearnerDayRow[]> {
  const rows = await db.$queryRaw<LearnerDayRow[]>`
    SELECT "userId"::text, day::text, "courseId", answers, correct, reviews, "reviewsCorrect", "newCards", lapses, "durationMs"::float8 AS "durationMs"
    FROM "LearnerDay" WHERE answers <> 0 ORDER BY 1, 2, 3`;
  return rows;
}

export async function readQuestionDays({ db }: { db: Db }): Promise<QuestionDayRow[]> {
  return db.$queryRaw<QuestionDayRow[]>`
    SELECT "userId"::text, "questionId", day::text, answers, correct, reviews, "reviewsCorrect", lapses
    FROM "QuestionDay" WHERE answers <> 0 ORDER BY 1, 2, 3`;
}

export function readCardSummaries({ db }: { db: Db }): Promise<CardSummaryRow[]> {
  return db.$queryRaw<CardSummaryRow[]>`SELECT ${cardSummaryColumns} FROM "CardSummary" ORDER BY 1, 2`;
}

/** The maintained LearnerSession rows. */
export function readLearnerSessions({ db }: { db: Db }): Promise<LearnerSessionRow[]> {
  return db.$queryRaw<LearnerSessionRow[]>`SELECT ${SESSION_COLUMNS} FROM "LearnerSession" ORDER BY 1, 2, 3`;
}

const scoped = (userIds?: readonly string[]) => (userIds ? Prisma.sql`r."userId" = ANY(${userIds as string[]}::uuid[])` : Prisma.sql`TRUE`);

/**
 * What LearnerDay should hold, computed from the whole log of every learner or of `userIds` (read-only):
 * the full scan the learner's dashboard ran on every request before the rollups, the bench's baseline.
 */
export function computeLearnerDaysFromLog({ db, userIds }: { db: Db; userIds?: readonly string[] }): Promise<LearnerDayRow[]> {
  return db.$queryRaw<LearnerDayRow[]>`
    SELECT "userId"::text, day::text, "courseId", answers, correct, reviews, "reviewsCorrect", "newCards", lapses, "durationMs"::float8 AS "durationMs"
    FROM (${learnerDaysFromLog(scoped(userIds))}) x ORDER BY 1, 2, 3`;
}

/** What QuestionDay should hold, computed from the log in the same way (the cohort dashboard's old full scan). */
export function computeQuestionDaysFromLog({ db, userIds }: { db: Db; userIds?: readonly string[] }): Promise<QuestionDayRow[]> {
  return db.$queryRaw<QuestionDayRow[]>`
    SELECT "userId"::text, "questionId", day::text, answers, correct, reviews, "reviewsCorrect", lapses
    FROM (${questionDaysFromLog(scoped(userIds))}) x ORDER BY 1, 2, 3`;
}

/** What CardSummary should hold, from the whole log (recall_card_summaries in the migration); every learner's, or of `userIds`. */
export function computeCardSummariesFromLog({ db, userIds }: { db: Db; userIds?: readonly string[] }): Promise<CardSummaryRow[]> {
  const cards = userIds ? Prisma.sql`ARRAY(SELECT DISTINCT r."cardId" FROM "ReviewLog" r WHERE ${scoped(userIds)})` : Prisma.sql`NULL`;
  return db.$queryRaw<CardSummaryRow[]>`SELECT ${cardSummaryColumns} FROM recall_card_summaries(${cards}) ORDER BY 1, 2`;
}

/** What LearnerSession should hold, computed from the log (the dashboard's recent sessions summed before). */
export function computeLearnerSessionsFromLog({ db, userIds }: { db: Db; userIds?: readonly string[] }): Promise<LearnerSessionRow[]> {
  return db.$queryRaw<LearnerSessionRow[]>`SELECT ${SESSION_COLUMNS} FROM (${learnerSessionsFromLog(scoped(userIds))}) x ORDER BY 1, 2, 3`;
}

/**
 * Recounts one learner's rollups from their log, inside the caller's transaction: for when the log's
 * instants themselves moved (the test clock, lib/reviews/shift-time.ts), which no trigger sees.
 */
export async function recountLearnerRollups({ db, userId }: { db: Db | Prisma.TransactionClient; userId: string }): Promise<void> {
  const scope = Prisma.sql`r."userId" = ${userId}::uuid`;
  await db.$executeRaw`DELETE FROM "LearnerDay" WHERE "userId" = ${userId}::uuid`;
  await db.$executeRaw`DELETE FROM "QuestionDay" WHERE "userId" = ${userId}::uuid`;
  await db.$executeRaw`DELETE FROM "CardSummary" WHERE "userId" = ${userId}::uuid`;
  await db.$executeRaw`DELETE FROM "LearnerSession" WHERE "userId" = ${userId}::uuid`;
  await db.$executeRaw`
    INSERT INTO "LearnerDay" ("userId", day, "courseId", answers, correct, reviews, "reviewsCorrect", "newCards", lapses, "durationMs")
    ${learnerDaysFromLog(scope)}`;
  await db.$executeRaw`
    INSERT INTO "QuestionDay" ("userId", "questionId", day, answers, correct, reviews, "reviewsCorrect", lapses)
    ${questionDaysFromLog(scope)}`;
  await db.$executeRaw`
    INSERT INTO "CardSummary" SELECT * FROM recall_card_summaries(ARRAY(SELECT DISTINCT r."cardId" FROM "ReviewLog" r WHERE ${scope}))`;
  await db.$executeRaw`
    INSERT INTO "LearnerSession" ("userId", "sessionId", day, answers, correct, "newCards", "lessonAnswers", "durationMs", "startedAt", "endedAt", "lessonIds")
    ${learnerSessionsFromLog(scope)}`;
}

/**
 * Replaces the rollups with a recomputation from the log, in one transaction that holds off new answers
 * (SHARE lock on ReviewLog) so none is counted twice or lost. A log without a stamped day (written with
 * the trigger disabled) gets the learner's current one. Returns the rows written.
 */
export async function rebuildRollups({ db }: { db: Db }): Promise<{ learnerDays: number; questionDays: number; cardSummaries: number; learnerSessions: number; stampedLogs: number }> {
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`LOCK TABLE "ReviewLog" IN SHARE MODE`;
      const stampedLogs = await tx.$executeRaw`
        UPDATE "ReviewLog" r SET "learningDay" = recall_learning_day(r."reviewedAt", u.timezone, u."dayStartHour")
        FROM "User" u WHERE u.id = r."userId" AND r."learningDay" IS NULL`;
      await tx.$executeRaw`TRUNCATE "LearnerDay", "QuestionDay", "CardSummary", "LearnerSession"`;
      const learnerDays = await tx.$executeRaw`
        INSERT INTO "LearnerDay" ("userId", day, "courseId", answers, correct, reviews, "reviewsCorrect", "newCards", lapses, "durationMs")
        ${learnerDaysFromLog(Prisma.sql`TRUE`)}`;
      const questionDays = await tx.$executeRaw`
        INSERT INTO "QuestionDay" ("userId", "questionId", day, answers, correct, reviews, "reviewsCorrect", lapses)
        ${questionDaysFromLog(Prisma.sql`TRUE`)}`;
      const cardSummaries = await tx.$executeRaw`INSERT INTO "CardSummary" SELECT * FROM recall_card_summaries(NULL)`;
      const learnerSessions = await tx.$executeRaw`
        INSERT INTO "LearnerSession" ("userId", "sessionId", day, answers, correct, "newCards", "lessonAnswers", "durationMs", "startedAt", "endedAt", "lessonIds")
        ${learnerSessionsFromLog(Prisma.sql`TRUE`)}`;
      return { learnerDays, questionDays, cardSummaries, learnerSessions, stampedLogs };
    },
    { timeout: 30 * 60_000, maxWait: 60_000 },
  );
}
