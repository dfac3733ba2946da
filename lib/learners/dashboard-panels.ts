// One function per panel of the learner's dashboard, each one query, composed by get-dashboard.ts.
// Figures over the answers read the LearnerDay rollup (one row per learning day and course the learner
// answered on, kept by ReviewLog's triggers), so their cost follows days, not answers; figures about
// cards now (forecast, memory, card counts) read Card, which grows with cards, not with history; the
// recent sessions read the LearnerSession rollup (one row per session). Nothing reads the log itself.
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { localDay, ts } from "@/lib/db/sql";
import { bucketForecast, FORECAST_DAYS, type ForecastDay } from "@/lib/analytics/forecast";
import { forgettingCurve } from "@/lib/analytics/memory";
import { addDaysToDayString, startOfDayString, type DayOptions } from "@/lib/srs/day";

/** A review card whose interval reached this many days is "mature", as Anki counts it. */
export const MATURE_INTERVAL_DAYS = 21;
export const RECENT_SESSIONS = 10;

export interface TopicMemory {
  topicId: string;
  title: string;
  cards: number;
  dueNow: number;
  /** Mean probability of recall now over the topic's reviewed cards; null if none is reviewed yet. */
  retrievability: number | null;
}

export interface SessionSummary {
  sessionId: string;
  /** Learning day the session happened on. */
  day: string;
  startedAt: Date;
  endedAt: Date;
  reviews: number;
  correct: number;
  newCards: number;
  durationMs: number;
  /** "lesson" when answered while reading, else "review". */
  kind: "lesson" | "review";
  lessonTitles: string[];
}

export type CardCounts = {
  courseId: string;
  cards: number;
  new: number;
  learning: number;
  young: number;
  mature: number;
  leeches: number;
  dueNow: number;
  dueLaterToday: number;
  inLearning: number;
  nextDue: Date | null;
};

export type CourseRow = {
  id: string;
  title: string;
  lessons: number;
  started: number;
  read: number;
  questions: number;
  nextLessonId: string | null;
  nextLessonTitle: string | null;
};

/** Answers of one learning day on one course, from LearnerDay. */
export type ActivityRow = { day: string; courseId: string; answers: number; reviews: number; correct: number; newCards: number };

interface PanelOptions {
  db: Db;
  userId: string;
}

const uuid = (userId: string) => Prisma.sql`${userId}::uuid`;

/** The learner's live cards per course: states, leeches, what is due now and later today. */
export function readCardCounts({ db, userId, now, tomorrowStart }: PanelOptions & { now: Date; tomorrowStart: Date }): Promise<CardCounts[]> {
  const nowSql = ts(now);
  return db.$queryRaw<CardCounts[]>`
    SELECT l."courseId" AS "courseId",
           count(*)::int AS cards,
           count(*) FILTER (WHERE c.state = 'NEW')::int AS "new",
           count(*) FILTER (WHERE c.state IN ('LEARNING', 'RELEARNING'))::int AS learning,
           count(*) FILTER (WHERE c.state = 'REVIEW' AND c."scheduledDays" < ${MATURE_INTERVAL_DAYS})::int AS young,
           count(*) FILTER (WHERE c.state = 'REVIEW' AND c."scheduledDays" >= ${MATURE_INTERVAL_DAYS})::int AS mature,
           count(*) FILTER (WHERE c.leech)::int AS leeches,
           count(*) FILTER (WHERE NOT c.suspended AND c.due <= ${nowSql})::int AS "dueNow",
           count(*) FILTER (WHERE NOT c.suspended AND c.due > ${nowSql} AND c.due < ${ts(tomorrowStart)})::int AS "dueLaterToday",
           count(*) FILTER (WHERE NOT c.suspended AND c.state IN ('LEARNING', 'RELEARNING'))::int AS "inLearning",
           min(c.due) FILTER (WHERE NOT c.suspended AND c.due > ${nowSql}) AS "nextDue"
    FROM "Card" c
    JOIN "Question" q ON q.id = c."questionId"
    JOIN "Lesson" l ON l.id = q."lessonId"
    WHERE c."userId" = ${uuid(userId)} AND q."retiredAt" IS NULL
    GROUP BY l."courseId"`;
}

/** Cards coming due on each of the next FORECAST_DAYS learning days (overdue ones count today). */
export async function readForecast({ db, userId, day, today }: PanelOptions & { day: DayOptions; today: string }): Promise<ForecastDay[]> {
  const forecastEnd = startOfDayString(addDaysToDayString(today, FORECAST_DAYS), day);
  const rows = await db.$queryRaw<{ day: string; count: number }[]>`
    SELECT ${localDay(Prisma.sql`c.due`, day)} AS day, count(*)::int AS count
    FROM "Card" c
    JOIN "Question" q ON q.id = c."questionId"
    WHERE c."userId" = ${uuid(userId)} AND NOT c.suspended AND q."retiredAt" IS NULL AND c.due < ${ts(forecastEnd)}
    GROUP BY 1`;
  return bucketForecast({ rows, today, days: FORECAST_DAYS });
}

/** Every learning day with an answer, ever (the longest streak needs them all): one row per day in the rollup. */
export async function readStudyDays({ db, userId }: PanelOptions): Promise<string[]> {
  const rows = await db.$queryRaw<{ day: string }[]>`
    SELECT day::text AS day FROM "LearnerDay" WHERE "userId" = ${uuid(userId)} AND answers > 0 GROUP BY day`;
  return rows.map((r) => r.day);
}

/** Answers per learning day and course from `first` to `last` (both included): the heatmap's and retention's input. */
export function readActivity({ db, userId, first, last }: PanelOptions & { first: string; last: string }): Promise<ActivityRow[]> {
  return db.$queryRaw<ActivityRow[]>`
    SELECT day::text AS day, "courseId", answers, reviews, "reviewsCorrect" AS correct, "newCards"
    FROM "LearnerDay"
    WHERE "userId" = ${uuid(userId)} AND day BETWEEN ${first}::date AND ${last}::date AND answers > 0`;
}

/** Memory per topic now: a card counts for a topic through its question's topics or its lesson's, as /review?topic= does. */
export async function readTopicMemory({ db, userId, now, fsrsParams }: PanelOptions & { now: Date; fsrsParams: number[] | null }): Promise<TopicMemory[]> {
  const curve = forgettingCurve(fsrsParams);
  const nowSql = ts(now);
  const uid = uuid(userId);
  const rows = await db.$queryRaw<TopicMemory[]>`
    WITH live AS (
      SELECT c."questionId", q."lessonId", c.state, c.stability, c."lastReview", c.due, c.suspended
      FROM "Card" c JOIN "Question" q ON q.id = c."questionId"
      WHERE c."userId" = ${uid} AND q."retiredAt" IS NULL
    ), card_topic AS (
      SELECT live.*, qt."topicId" FROM live JOIN "QuestionTopic" qt ON qt."questionId" = live."questionId"
      UNION
      SELECT live.*, lt."topicId" FROM live JOIN "LessonTopic" lt ON lt."lessonId" = live."lessonId"
    )
    SELECT t.id AS "topicId", t.title,
           count(*)::int AS cards,
           count(*) FILTER (WHERE NOT ct.suspended AND ct.due <= ${nowSql})::int AS "dueNow",
           avg(power(1 + ${curve.factor}::float8 * greatest(0, extract(epoch FROM (${nowSql} - ct."lastReview")) / 86400.0) / ct.stability, ${curve.decay}::float8))
             FILTER (WHERE ct.state <> 'NEW' AND ct."lastReview" IS NOT NULL AND ct.stability > 0) AS retrievability
    FROM card_topic ct JOIN "Topic" t ON t.id = ct."topicId"
    GROUP BY t.id, t.title
    ORDER BY retrievability ASC NULLS LAST, t.title`;
  return rows.map((t) => ({ ...t, retrievability: t.retrievability === null ? null : Number(t.retrievability) }));
}

/** Every live course with the learner's lesson progress, question count and next unread lesson, in catalogue order. */
export function readCourses({ db, userId }: PanelOptions): Promise<CourseRow[]> {
  const uid = uuid(userId);
  return db.$queryRaw<CourseRow[]>`
    SELECT co.id, co.title, les.lessons, les.started, les.read, qs.questions,
           nx.id AS "nextLessonId", nx.title AS "nextLessonTitle"
    FROM "Course" co
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS lessons, count(p."lessonId")::int AS started, count(p."completedAt")::int AS read
      FROM "Lesson" l LEFT JOIN "LessonProgress" p ON p."lessonId" = l.id AND p."userId" = ${uid}
      WHERE l."courseId" = co.id AND l."retiredAt" IS NULL
    ) les
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS questions
      FROM "Question" q JOIN "Lesson" l ON l.id = q."lessonId"
      WHERE l."courseId" = co.id AND l."retiredAt" IS NULL AND q."retiredAt" IS NULL
    ) qs
    LEFT JOIN LATERAL (
      SELECT l.id, l.title
      FROM "Lesson" l LEFT JOIN "LessonProgress" p ON p."lessonId" = l.id AND p."userId" = ${uid}
      WHERE l."courseId" = co.id AND l."retiredAt" IS NULL AND p."completedAt" IS NULL
      ORDER BY l.position, l.id
      LIMIT 1
    ) nx ON true
    WHERE co."retiredAt" IS NULL
    ORDER BY co.position, co.title`;
}

/**
 * The last sessions, from the LearnerSession rollup: its last RECENT_SESSIONS rows by end (index on
 * userId, endedAt), each already summed, with the titles of its lessons. A lesson's answers share one
 * session id across visits, so a session is also split by learning day (the day each answer was
 * stamped with, as the rollups count it).
 */
export async function readRecentSessions({ db, userId }: PanelOptions): Promise<SessionSummary[]> {
  const rows = await db.$queryRaw<(Omit<SessionSummary, "kind"> & { lesson: boolean })[]>`
    SELECT s."sessionId", s.day::text AS day, s."startedAt", s."endedAt", s.answers AS reviews, s.correct, s."newCards",
           s."durationMs"::float8 AS "durationMs", s."lessonAnswers" > 0 AS lesson,
           ARRAY(SELECT DISTINCT l.title FROM "Lesson" l WHERE l.id = ANY(s."lessonIds") ORDER BY l.title) AS "lessonTitles"
    FROM "LearnerSession" s
    WHERE s."userId" = ${uuid(userId)}
    ORDER BY s."endedAt" DESC
    LIMIT ${RECENT_SESSIONS}`;
  return rows.map(({ lesson, ...s }) => ({ ...s, durationMs: Number(s.durationMs), kind: lesson ? "lesson" : "review" }));
}
