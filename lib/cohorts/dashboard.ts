// The cohort dashboard: learners, topics × learners, item analysis and trend, for one cohort the
// actor runs. A fixed set of SQL aggregates over the cohort's learners and the cohort's courses,
// whatever the cohort's size. Answer counts come from the QuestionDay rollup (per learner, question and
// learning day, summed over the cohort's members at query time), so they cost days × cards, not
// answers; each answer counts on the learning day it was stamped with (the learner's), and the date
// range and the 7- and 30-day windows are ranges of those days ending on the instructor's today. First
// attempts and the backlog a week ago come from CardSummary (one narrow row per learner and question,
// kept by triggers on the log), the item analysis (totals, upper and lower groups, point-biserial,
// picks per choice) is counted in the database, and each table is read once per figure family, so
// what reaches JavaScript grows with questions and learners, not cards, and nothing reads the log
// unless a date range is asked for. The statistics' definitions and flags are
// lib/analytics/item-analysis's.
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { sqlRows, ts } from "@/lib/db/sql";
import { atRiskReasons, type RiskReason } from "@/lib/analytics/at-risk";
import { analyseItemCounts, itemCountsFromFirsts, type ItemStats } from "@/lib/analytics/item-analysis";
import { forgettingCurve } from "@/lib/analytics/memory";
import type { QuestionKind, QuestionPayload } from "@/lib/quiz/types";
import { addDaysToDayString, learningDay, type DayOptions } from "@/lib/srs/day";
import { DEFAULT_DESIRED_RETENTION } from "@/lib/srs/scheduler";
import { requireCohort, type Actor, type CohortSummary } from "./access";
import { answerWindow, NO_FILTERS, type Level, type ReportFilters } from "./report-filters";

const DAY_MS = 86_400_000;
/**
 * `work_mem` for the statements that aggregate one row per card or learner-day of the cohort, from
 * LARGE_COHORT learners: there their hash tables and sorts outgrow PostgreSQL's default 4 MB and spill
 * to disk (half their CPU at 5,000 learners, docs/performance.md part 8). Below it nothing spills and
 * the setting would only cost a round trip. Four such statements at most run at once. From the same
 * size they run without parallel workers: they already run side by side, and workers would only
 * contend with them for the same cores.
 */
const FIGURES_WORK_MEM_MB = 64;
const LARGE_COHORT = 1_000;
export const TREND_DAYS = 56;
export const RETENTION_DAYS = 30;

export interface CohortLearnerRow {
  userId: string;
  name: string;
  email: string;
  joinedAt: Date;
  lessonsRead: number;
  lessonsAssigned: number;
  cards: number;
  dueNow: number;
  overdue: number;
  /** Cards set aside as leeches now (the learner has not relearned them). */
  leeches: number;
  dueWeekAgo: number | null;
  retention30: number | null;
  retentionReviews30: number;
  reviews7: number;
  /** Answers given in the report's date range (all answers without one). */
  answersInRange: number;
  lastActiveAt: Date | null;
  risks: RiskReason[];
}

export interface CohortQuestion {
  id: string;
  lessonId: string;
  lessonTitle: string;
  courseId: string;
  kind: QuestionKind;
  prompt: string;
}

export interface CohortItemRow extends ItemStats {
  question: CohortQuestion;
  /** The cohort's learners whose card on the question is set aside as a leech now. */
  leeches: number;
}

export interface TopicColumn {
  topicId: string;
  title: string;
  /** Mean retrievability over the cohort's learners who have cards on it. */
  mean: number | null;
}

export interface CohortTrendDay {
  day: string;
  reviews: number;
  learners: number;
}

export interface CohortTrendWeek {
  /** First day of the 7-day window, `YYYY-MM-DD`. */
  start: string;
  reviews: number;
  correct: number;
  rate: number | null;
}

export interface CohortDashboard {
  cohort: CohortSummary;
  generatedAt: Date;
  /** The filters applied (a course outside the cohort leaves nothing to count). */
  filters: ReportFilters;
  /** The mean of the learners' own desired retention (FSRS), which the heatmap's colours are anchored on. */
  targetRetention: number;
  /** The topics of the cohort's courses, for the topic filter. */
  topicOptions: { topicId: string; title: string }[];
  lessonsAssigned: number;
  /** Every learner of the cohort before the at-risk filter (the overview's figures count them all). */
  memberCount: number;
  learners: CohortLearnerRow[];
  topics: TopicColumn[];
  /** retrievability[userId][topicId]: mean retrievability now of the learner's cards on the topic. */
  retrievability: Record<string, Record<string, number>>;
  items: CohortItemRow[];
  trend: { days: CohortTrendDay[]; weeks: CohortTrendWeek[] };
}

function uuids(ids: readonly string[]): Prisma.Sql {
  return Prisma.sql`${ids as string[]}::uuid[]`;
}

function texts(ids: readonly string[]): Prisma.Sql {
  return Prisma.sql`${ids as string[]}::text[]`;
}

/** The cohort's learners (not its instructors), in name order: one statement, however many they are. */
export async function cohortLearners({ db, cohortId }: { db: Db; cohortId: string }) {
  return sqlRows<{ userId: string; joinedAt: Date; name: string; email: string; desiredRetention: number }>(
    db,
    Prisma.sql`
    SELECT m."userId"::text AS "userId", m."joinedAt" AT TIME ZONE 'UTC' AS "joinedAt", u.name, u.email, u."desiredRetention"
    FROM "CohortMember" m JOIN "User" u ON u.id = m."userId"
    WHERE m."cohortId" = ${cohortId}::uuid AND m.role = 'LEARNER'
    ORDER BY u.name, m."userId"`,
  );
}

/** The question scope of a report: a level and a topic (through the question's topics or its lesson's). */
export interface QuestionScope {
  level?: Level | null;
  topicId?: string | null;
}

/** Questions of the cohort's courses (narrowed by level and topic), in course and lesson order: one statement. */
export async function cohortQuestions({ db, courseIds, scope = {} }: { db: Db; courseIds: readonly string[]; scope?: QuestionScope }) {
  const rows = await sqlRows<{ id: string; no: number; kind: QuestionKind; prompt: string; payload: QuestionPayload; lessonId: string; lessonTitle: string; courseId: string }>(
    db,
    Prisma.sql`
    SELECT q.id, q."no", q.kind::text AS kind, q.prompt, q.payload, q."lessonId", l.title AS "lessonTitle", l."courseId"
    FROM "Question" q JOIN "Lesson" l ON l.id = q."lessonId"
    WHERE q."retiredAt" IS NULL AND l."retiredAt" IS NULL AND l."courseId" = ANY(${texts(courseIds)})
      ${scope.level ? Prisma.sql`AND l.level = ${scope.level}::"Level"` : Prisma.empty}
      ${
        scope.topicId
          ? Prisma.sql`AND (EXISTS (SELECT 1 FROM "QuestionTopic" qt WHERE qt."questionId" = q.id AND qt."topicId" = ${scope.topicId})
                 OR EXISTS (SELECT 1 FROM "LessonTopic" lt WHERE lt."lessonId" = q."lessonId" AND lt."topicId" = ${scope.topicId}))`
          : Prisma.empty
      }
    ORDER BY array_position(${texts(courseIds)}, l."courseId"), l.position, q.position, q.id`,
  );
  return rows;
}

/** What a cohort report is asked for: the dashboard, and an item's detail with its question id. */
export interface CohortReportQuery {
  db: Db;
  actor: Actor;
  cohortId: string;
  now?: Date;
  /** The instructor's zone and day start: which learning day is today, where the trend, the windows and an open date range end. */
  day?: DayOptions;
  /** Course, level and topic narrow the questions; the date range, the answers counted; at-risk only, the learners. */
  filters?: ReportFilters;
}

/** The query with its defaults: now, UTC days from midnight, no filters. */
export function withReportDefaults(query: CohortReportQuery): Required<CohortReportQuery> {
  return { ...query, now: query.now ?? new Date(), day: query.day ?? { timezone: "UTC", dayStartHour: 0 }, filters: query.filters ?? NO_FILTERS };
}

export async function getCohortDashboard(query: CohortReportQuery): Promise<CohortDashboard> {
  const { db, actor, cohortId, now, day, filters } = withReportDefaults(query);
  const cohort = await requireCohort({ db, actor, cohortId });
  const allCourseIds = cohort.courses.map((c) => c.courseId);
  const courseIds = filters.courseId ? allCourseIds.filter((id) => id === filters.courseId) : allCourseIds;
  const scope: QuestionScope = { level: filters.level, topicId: filters.topicId };
  // The lesson counts and the topic filter's options are not needed by the figures' statements: they
  // run beside them (handled now, so a failure before they are awaited is not an unhandled rejection).
  const lessonCounts = sqlRows<{ courseId: string; lessons: number }>(
    db,
    Prisma.sql`
    SELECT l."courseId", count(*)::int AS lessons FROM "Lesson" l
    WHERE l."retiredAt" IS NULL AND l."courseId" = ANY(${texts(courseIds)})
      ${scope.level ? Prisma.sql`AND l.level = ${scope.level}::"Level"` : Prisma.empty}
      ${filters.topicId ? Prisma.sql`AND EXISTS (SELECT 1 FROM "LessonTopic" lt WHERE lt."lessonId" = l.id AND lt."topicId" = ${filters.topicId})` : Prisma.empty}
    GROUP BY 1`,
  );
  const topicOptions = sqlRows<{ topicId: string; title: string }>(
    db,
    Prisma.sql`
    SELECT DISTINCT t.id AS "topicId", t.title
    FROM "Topic" t
    WHERE t.id IN (
      SELECT lt."topicId" FROM "LessonTopic" lt JOIN "Lesson" l ON l.id = lt."lessonId" WHERE l."retiredAt" IS NULL AND l."courseId" = ANY(${texts(allCourseIds)})
      UNION
      SELECT qt."topicId" FROM "QuestionTopic" qt JOIN "Question" q ON q.id = qt."questionId" JOIN "Lesson" l ON l.id = q."lessonId"
      WHERE q."retiredAt" IS NULL AND l."retiredAt" IS NULL AND l."courseId" = ANY(${texts(allCourseIds)})
    )
    ORDER BY t.title`,
  );
  lessonCounts.catch(() => {});
  topicOptions.catch(() => {});
  const [members, questions] = await Promise.all([cohortLearners({ db, cohortId }), cohortQuestions({ db, courseIds, scope })]);
  const targetRetention = members.length > 0 ? members.reduce((s, m) => s + m.desiredRetention, 0) / members.length : DEFAULT_DESIRED_RETENTION;
  const ids = members.map((m) => m.userId);
  const qids = questions.map((q) => q.id);
  // Each question by its number (Question.no, which cards and summaries carry as questionNo).
  const idByNo: (string | undefined)[] = [];
  for (const q of questions) idByNo[q.no] = q.id;
  // What every answer of the dashboard carries, whatever the cohort's members have answered.
  const framing = async () => {
    const lessonsPerCourse = new Map((await lessonCounts).map((r) => [r.courseId, r.lessons]));
    const lessonsAssigned = [...lessonsPerCourse.values()].reduce((s, n) => s + n, 0);
    return { lessonsPerCourse, frame: { cohort, generatedAt: now, filters, targetRetention, topicOptions: await topicOptions, lessonsAssigned, memberCount: members.length } };
  };
  if (ids.length === 0 || qids.length === 0) {
    const { frame } = await framing();
    return { ...frame, learners: [], topics: [], retrievability: {}, items: analyse(questions, [], [], [], []), trend: { days: [], weeks: [] } };
  }

  const uid = uuids(ids);
  const qid = texts(qids);
  // The report's questions by number, which cards and summaries carry: an integer compare per row.
  const nos = Prisma.sql`${questions.map((q) => q.no)}::int[]`;
  const nowSql = ts(now);
  const weekAgo = new Date(now.getTime() - 7 * DAY_MS);
  const curve = forgettingCurve(null);
  const today = learningDay(now, day);
  const trendFirst = addDaysToDayString(today, -(TREND_DAYS - 1));
  // A span of learning days as a condition on QuestionDay's day.
  const dayIn = (from: string, to: string) => Prisma.sql`d.day >= ${from}::date AND d.day <= ${to}::date`;
  // A date range is a span of the instructor's days, so the answers in it are counted from the log's
  // instants, through its (userId, reviewedAt) index: the cost follows the answers in the range. Without
  // one (the report's default), every answer counts, from the rollup.
  const range = answerWindow(filters, day);
  const within = (at: Prisma.Sql) =>
    Prisma.sql`${range.from ? Prisma.sql`${at} >= ${ts(range.from)}` : Prisma.sql`TRUE`} AND ${range.until ? Prisma.sql`${at} < ${ts(range.until)}` : Prisma.sql`TRUE`}`;
  const inWindow = within(Prisma.sql`r."reviewedAt"`);
  const firstInWindow = within(Prisma.sql`s."firstAt"`);
  const weekAgoSql = ts(weekAgo);
  const ranged = Boolean(range.from || range.until);
  const large = ids.length >= LARGE_COHORT ? { workMemMb: FIGURES_WORK_MEM_MB, serial: true } : {};
  // Whole courses (no level or topic): the per-day figures can come from the per-course rollup.
  const wholeCourses = !scope.level && !scope.topicId;
  // Each learner's row, filled in by each statement's rows as they arrive while the others still run;
  // what is left for after the last is the backlog a week ago (parts from two statements) and the risks.
  const rowOf = new Map<string, CohortLearnerRow>();
  for (const m of members) {
    rowOf.set(m.userId, {
      userId: m.userId, name: m.name, email: m.email, joinedAt: m.joinedAt, lessonsRead: 0, lessonsAssigned: 0,
      cards: 0, dueNow: 0, overdue: 0, leeches: 0, dueWeekAgo: null, retention30: null, retentionReviews30: 0, reviews7: 0,
      answersInRange: 0, lastActiveAt: null, risks: [],
    });
  }
  const idleWeekAgo = new Map<string, number>();
  const recentWeekAgo = new Map<string, number>();
  const readOf = new Map<string, Map<string, number>>();
  const fill = (userId: string, set: (row: CohortLearnerRow) => void) => {
    const row = rowOf.get(userId);
    if (row) set(row);
  };
  const [{ lessonsPerCourse, frame }, cards, countRows, , summaryRows, dayRows] = await Promise.all([
    framing(),
    // One pass over the cards, grouped per learner and topic set and per question. A card counts for a
    // topic through its question's topics or its lesson's, as the learner's dashboard does; questions
    // are numbered by their set of topics, so each card is read once and only the sums per learner and
    // set are spread over the set's topics, in JavaScript (spread in SQL, the learner × topic rows cost
    // a tenth of the statement at 5,000 learners). Per learner: counts, backlog now, the part of last
    // week's backlog that is still unanswered, last activity, and the retrievability summed per topic
    // set (three arrays, one row per learner whatever the topics); per question: difficulty and leeches
    // of cards met; per topic set, its topics.
    sqlRows<CardFigureRow>(
      db,
      Prisma.sql`
      WITH topics_of AS (
        SELECT x."questionId", array_agg(DISTINCT x."topicId" ORDER BY x."topicId") AS topics FROM (
          SELECT qt."questionId", qt."topicId" FROM "QuestionTopic" qt WHERE qt."questionId" = ANY(${qid})
          UNION ALL
          SELECT q.id, lt."topicId" FROM "Question" q JOIN "LessonTopic" lt ON lt."lessonId" = q."lessonId" WHERE q.id = ANY(${qid})
        ) x
        GROUP BY 1
      ), sets AS (
        SELECT s.topics, row_number() OVER (ORDER BY s.topics)::int AS n FROM (SELECT DISTINCT t.topics FROM topics_of t) s
      ), set_of AS MATERIALIZED (
        -- Each question's topic set at its number's place (-1 between them): a card's set is one array
        -- subscript by its questionNo, not a lookup of its text id (≈ 55 ms at 5,000 learners).
        SELECT array_agg(coalesce(s.n, CASE WHEN u.id IS NULL THEN -1 ELSE 0 END) ORDER BY i.no) AS a
        FROM generate_series(1, ${Math.max(...questions.map((q) => q.no))}::int) AS i(no)
        LEFT JOIN unnest(${qid}, ${nos}) AS u(id, no) ON u.no = i.no
        LEFT JOIN topics_of t ON t."questionId" = u.id LEFT JOIN sets s ON s.topics = t.topics
      ), g AS (
        SELECT c."userId", q."set", c."questionNo", count(*) AS cards, count(*) FILTER (WHERE c.leech) AS leeches,
               count(*) FILTER (WHERE NOT c.suspended AND c.due <= ${nowSql}) AS "dueNow",
               count(*) FILTER (WHERE NOT c.suspended AND c.due <= ${nowSql} - interval '1 day') AS overdue,
               count(*) FILTER (WHERE c."lastReview" < ${weekAgoSql} AND c.due <= ${weekAgoSql}) AS "dueWeekAgoIdle",
               max(c."lastReview") FILTER (WHERE c."lastReview" <= ${nowSql}) AS "lastActiveAt",
               avg(c.difficulty) FILTER (WHERE c.state <> 'NEW') AS difficulty,
               count(*) FILTER (WHERE c.leech AND c.state <> 'NEW') AS "metLeeches",
               count(*) FILTER (WHERE c.state <> 'NEW' AND c."lastReview" IS NOT NULL AND c.stability > 0) AS remembered,
               -- float8 throughout: extract(epoch …) would make it numeric, several times slower per card.
               sum(power(1 + ${curve.factor}::float8 * greatest(0, date_part('epoch', ${nowSql} - c."lastReview") / 86400.0) / c.stability, ${curve.decay}::float8))
                 FILTER (WHERE c.state <> 'NEW' AND c."lastReview" IS NOT NULL AND c.stability > 0) AS r
        FROM "Card" c CROSS JOIN LATERAL (SELECT (SELECT s.a FROM set_of s)[c."questionNo"] AS "set") q
        WHERE c."userId" = ANY(${uid}) AND c."questionNo" = ANY(${nos})
        GROUP BY GROUPING SETS ((c."userId", q."set"), (c."questionNo"))
      )
      SELECT l."userId"::text AS "userId", NULL::int AS "questionNo", l.cards::int, l.leeches::int, l."dueNow"::int, l.overdue::int, l."dueWeekAgoIdle"::int,
             l."lastActiveAt" AT TIME ZONE 'UTC' AS "lastActiveAt", NULL::float8 AS difficulty, 0 AS "metLeeches",
             l."memorySets", l."memorySums", l."memoryCards", NULL::int AS "set", NULL::text[] AS "setTopics"
      FROM (SELECT g."userId", sum(g.cards) AS cards, sum(g.leeches) AS leeches, sum(g."dueNow") AS "dueNow", sum(g.overdue) AS overdue,
                   sum(g."dueWeekAgoIdle") AS "dueWeekAgoIdle", max(g."lastActiveAt") AS "lastActiveAt",
                   -- Three parallel arrays, not a JSON object: building the JSON cost ≈ 90 ms of the statement at 5,000 learners.
                   array_agg(g."set") FILTER (WHERE g."set" > 0 AND g.remembered > 0) AS "memorySets",
                   array_agg(g.r) FILTER (WHERE g."set" > 0 AND g.remembered > 0) AS "memorySums",
                   array_agg(g.remembered::int) FILTER (WHERE g."set" > 0 AND g.remembered > 0) AS "memoryCards"
            FROM g WHERE g."userId" IS NOT NULL GROUP BY 1) l
      UNION ALL
      SELECT NULL, g."questionNo", 0, 0, 0, 0, 0, NULL, g.difficulty::float8, g."metLeeches"::int, NULL, NULL, NULL, NULL, NULL
      FROM g WHERE g."questionNo" IS NOT NULL
      UNION ALL
      SELECT NULL, NULL, 0, 0, 0, 0, 0, NULL, NULL, 0, NULL, NULL, NULL, s.n, s.topics FROM sets s`,
      large,
    ).then((rows) => {
      const figures = cardFigures(rows, idByNo, filters.topicId ?? null);
      for (const [userId, c] of figures.byLearner) {
        const row = rowOf.get(userId);
        if (!row) continue;
        row.cards = c.cards;
        row.dueNow = c.dueNow;
        row.overdue = c.overdue;
        row.leeches = c.leeches;
        row.lastActiveAt = c.lastActiveAt;
        idleWeekAgo.set(userId, c.dueWeekAgoIdle);
      }
      return figures;
    }),
    // Answers and lapses per learner and per question over the date range, from its log (without a
    // range they come from the rollup, with the trend below).
    ranged
      ? sqlRows<{ userId: string | null; questionId: string | null; answers: number; lapses: number }>(
          db,
          Prisma.sql`
          SELECT r."userId"::text AS "userId", r."questionId" AS "questionId", count(*)::int AS answers,
                 count(*) FILTER (WHERE r.rating = 1 AND r."stateBefore" = 'REVIEW')::int AS lapses
          FROM "ReviewLog" r
          WHERE r."userId" = ANY(${uid}) AND r."questionId" = ANY(${qid}) AND r."reviewedAt" <= ${nowSql} AND ${inWindow}
          GROUP BY GROUPING SETS ((r."userId"), (r."questionId"))`,
        ).then((rows) => {
          for (const r of rows) if (r.userId !== null) fill(r.userId, (row) => (row.answersInRange = r.answers));
          return rows;
        })
      : Promise.resolve(null),
    sqlRows<{ userId: string; courseId: string; read: number }>(
      db,
      Prisma.sql`
      SELECT p."userId"::text AS "userId", l."courseId" AS "courseId", count(*)::int AS read
      FROM "LessonProgress" p JOIN "Lesson" l ON l.id = p."lessonId"
      WHERE p."userId" = ANY(${uid}) AND p."completedAt" IS NOT NULL AND l."retiredAt" IS NULL AND l."courseId" = ANY(${texts(courseIds)})
      GROUP BY 1, 2`,
      large,
    ).then((rows) => {
      for (const r of rows) {
        fill(r.userId, (row) => {
          row.lessonsRead += r.read;
          const m = readOf.get(r.userId) ?? new Map<string, number>();
          m.set(r.courseId, r.read);
          readOf.set(r.userId, m);
        });
      }
    }),
    // One pass over CardSummary, per learner and per question and set of first picks. Per learner: the
    // rest of the backlog a week ago, over the cards answered before then (a learner without any had no
    // backlog): those answered since, due by then according to their first answer since (CardSummary
    // keeps a card's last 8 days of answers in time order with the due date before each; width_bucket
    // finds how many came before a week ago); and, for the item analysis, the learner's total (correct
    // first attempts, counted when they fall in the date range) and their first attempts as one integer
    // each (the question's number · 2 + correct). The item analysis needs each learner's total before it
    // can rank them, so its second phase runs in JavaScript over those integers (itemCountsFromFirsts) instead of
    // a second pass over CardSummary joined with the ranking (≈ 400 ms of PostgreSQL CPU at 5,000
    // learners). Per question: answers and lapses of its attempted cards, and the picks per choice over
    // the same first attempts (a choice once per attempt) from the groups of equal picks.
    sqlRows<SummaryFigureRow>(
      db,
      Prisma.sql`
      WITH firsts AS MATERIALIZED (
        SELECT s."userId", s."questionId", s."firstChoiceIds",
               count(*) FILTER (WHERE s."firstCorrect" AND s."firstAt" <= ${nowSql} AND ${firstInWindow}) AS total,
               count(*) FILTER (WHERE s."firstAt" <= ${nowSql} AND ${firstInWindow}) AS attempted,
               array_agg(s."questionNo" * 2 + s."firstCorrect"::int) FILTER (WHERE s."firstAt" <= ${nowSql} AND ${firstInWindow}) AS firsts,
               sum(s.answers) FILTER (WHERE s."firstAt" <= ${nowSql} AND ${firstInWindow}) AS answers,
               sum(s.lapses) FILTER (WHERE s."firstAt" <= ${nowSql} AND ${firstInWindow}) AS lapses,
               count(*) FILTER (WHERE s."firstAt" < ${weekAgoSql}) AS "answeredBefore",
               count(*) FILTER (
                 WHERE s."firstAt" < ${weekAgoSql} AND s."recentAt"[array_upper(s."recentAt", 1)] >= ${weekAgoSql}
                   AND s."recentDueBefore"[width_bucket(${weekAgoSql} - interval '1 millisecond', s."recentAt") + 1] <= ${weekAgoSql}
               ) AS "dueWeekAgo"
        FROM "CardSummary" s
        WHERE s."userId" = ANY(${uid}) AND s."questionNo" = ANY(${nos})
        GROUP BY GROUPING SETS ((s."userId"), (s."questionId", s."firstChoiceIds"))
      )
      SELECT f."userId"::text AS "userId", NULL AS "questionId", NULL AS "choiceId", f.total::int AS total,
             CASE WHEN f."answeredBefore" > 0 THEN f."dueWeekAgo"::int END AS "dueWeekAgo", f.firsts, 0 AS answers, 0 AS lapses, 0 AS picks
      FROM firsts f WHERE f."userId" IS NOT NULL
      UNION ALL
      SELECT NULL, f."questionId", NULL, 0, NULL, NULL, sum(f.answers)::int, sum(f.lapses)::int, sum(f.attempted)::int
      FROM firsts f WHERE f."userId" IS NULL
      GROUP BY f."questionId" HAVING sum(f.attempted) > 0
      UNION ALL
      SELECT NULL, f."questionId", c.id, 0, NULL, NULL, 0, 0, sum(f.attempted)::int
      FROM firsts f CROSS JOIN LATERAL (SELECT DISTINCT unnest(f."firstChoiceIds") AS id) c
      WHERE f."userId" IS NULL AND cardinality(f."firstChoiceIds") > 0
      GROUP BY f."questionId", c.id HAVING sum(f.attempted) > 0`,
      large,
    ).then((rows) => {
      for (const r of rows) if (r.userId !== null && r.dueWeekAgo !== null) recentWeekAgo.set(r.userId, r.dueWeekAgo);
      return { rows, items: itemCountsFromFirsts(rows, idByNo) };
    }),
    // Per learner and day, summed from a rollup: LearnerDay (per learner, day and course) when the report
    // takes whole courses, QuestionDay (per learner, question and day) when a level or topic narrows
    // the questions. Then the trend's 56 days (learners active that day), the learners' 7- and 30-day
    // windows, and, without a date range, each learner's answers over every day.
    sqlRows<DayFigureRow>(
      db,
      Prisma.sql`
      WITH x AS (
        SELECT d."userId", d.day, sum(d.answers) AS answers, sum(d.reviews) AS reviews, sum(d."reviewsCorrect") AS correct
        FROM ${wholeCourses ? Prisma.sql`"LearnerDay"` : Prisma.sql`"QuestionDay"`} d
        WHERE d."userId" = ANY(${uid}) AND ${wholeCourses ? Prisma.sql`d."courseId" = ANY(${texts(courseIds)})` : Prisma.sql`d."questionId" = ANY(${qid})`}
          AND ${ranged ? dayIn(trendFirst, today) : Prisma.sql`d.day <= ${today}::date`}
        GROUP BY 1, 2
      )
      SELECT x.day::text AS day, x."userId"::text AS "userId", sum(x.answers)::int AS answers,
             coalesce(sum(x.answers) FILTER (WHERE x.day >= ${trendFirst}::date), 0)::int AS reviews,
             coalesce(sum(x.reviews) FILTER (WHERE x.day >= ${trendFirst}::date), 0)::int AS graduated,
             coalesce(sum(x.correct) FILTER (WHERE x.day >= ${trendFirst}::date), 0)::int AS correct,
             count(*) FILTER (WHERE x.answers > 0 AND x.day >= ${trendFirst}::date)::int AS learners,
             coalesce(sum(x.answers) FILTER (WHERE x.day >= ${addDaysToDayString(today, -6)}::date), 0)::int AS reviews7,
             coalesce(sum(x.reviews) FILTER (WHERE x.day >= ${addDaysToDayString(today, -(RETENTION_DAYS - 1))}::date), 0)::int AS graduated30,
             coalesce(sum(x.correct) FILTER (WHERE x.day >= ${addDaysToDayString(today, -(RETENTION_DAYS - 1))}::date), 0)::int AS correct30
      FROM x
      GROUP BY GROUPING SETS ((x.day), (x."userId"))`,
      large,
    ).then((rows) => {
      for (const r of rows) {
        if (r.userId === null) continue;
        fill(r.userId, (row) => {
          row.retention30 = r.graduated30 > 0 ? r.correct30 / r.graduated30 : null;
          row.retentionReviews30 = r.graduated30;
          row.reviews7 = r.reviews7;
          // Without a date range each learner's answers are those of every day.
          if (!ranged) row.answersInRange = r.answers;
        });
      }
      return rows;
    }),
  ]);

  const pickRows: { questionId: string; choiceId: string; picks: number }[] = [];
  const summaryAnswers: { questionId: string; answers: number; lapses: number }[] = [];
  for (const r of summaryRows.rows) {
    if (r.questionId === null) continue;
    if (r.choiceId !== null) pickRows.push({ questionId: r.questionId, choiceId: r.choiceId, picks: r.picks });
    else summaryAnswers.push({ questionId: r.questionId, answers: r.answers, lapses: r.lapses });
  }
  // Without a date range each question's answers come from CardSummary's counts.
  const itemRows = countRows ? countRows.flatMap((r) => (r.questionId === null ? [] : [{ questionId: r.questionId, answers: r.answers, lapses: r.lapses }])) : summaryAnswers;
  const firstRows = summaryRows.items;

  const targets = cohort.courses.map((c) => ({
    courseId: c.courseId,
    title: c.title,
    // A target is a calendar day: due by its end.
    targetDate: c.targetDate ? new Date(c.targetDate.getTime() + DAY_MS - 1) : null,
    lessonsTotal: lessonsPerCourse.get(c.courseId) ?? 0,
  }));
  const { lessonsAssigned, topicOptions: topicList } = frame;
  const noneRead = new Map<string, number>();
  const allLearners: CohortLearnerRow[] = members.map((m) => {
    const row = rowOf.get(m.userId)!;
    const read = readOf.get(m.userId) ?? noneRead;
    const recent = recentWeekAgo.get(m.userId);
    row.lessonsAssigned = lessonsAssigned;
    // Without answers before a week ago there was no backlog then.
    row.dueWeekAgo = recent !== undefined ? recent + (idleWeekAgo.get(m.userId) ?? 0) : m.joinedAt < weekAgo ? 0 : null;
    // Fields named, not spread: spreading the row and each target cost ≈ 25 ms at 5,000 learners.
    row.risks = atRiskReasons({
      now,
      lastActiveAt: row.lastActiveAt,
      joinedAt: row.joinedAt,
      dueNow: row.dueNow,
      overdue: row.overdue,
      dueWeekAgo: row.dueWeekAgo,
      retention30: row.retention30,
      retentionReviews30: row.retentionReviews30,
      reviews7: row.reviews7,
      lessonsRead: row.lessonsRead,
      lessonsAssigned,
      targets: targets.map((t) => ({ courseId: t.courseId, title: t.title, targetDate: t.targetDate, lessonsTotal: t.lessonsTotal, lessonsRead: read.get(t.courseId) ?? 0 })),
    });
    return row;
  });
  const learners = filters.atRiskOnly ? allLearners.filter((l) => l.risks.length > 0) : allLearners;

  // The heatmap's rows of the learners shown, and each topic's column mean over them.
  const retrievability: Record<string, Record<string, number>> = {};
  const topicSums = new Map<string, { sum: number; n: number }>();
  for (const l of learners) {
    const topicsOf = cards.memoryBy.get(l.userId);
    if (!topicsOf) continue;
    retrievability[l.userId] = topicsOf;
    for (const topicId in topicsOf) {
      const s = topicSums.get(topicId);
      if (s) {
        s.sum += topicsOf[topicId]!;
        s.n += 1;
      } else topicSums.set(topicId, { sum: topicsOf[topicId]!, n: 1 });
    }
  }
  const titleOf = new Map(topicList.map((t) => [t.topicId, t.title]));
  const topics: TopicColumn[] = [...topicSums]
    .map(([topicId, s]) => ({ topicId, title: titleOf.get(topicId) ?? topicId, mean: s.sum / s.n }))
    .sort((a, b) => (a.mean ?? 1) - (b.mean ?? 1) || a.title.localeCompare(b.title));

  const items = analyse(questions, firstRows, pickRows, itemRows, cards.questionRows);

  const trendDays: CohortTrendDay[] = [];
  const byDay = new Map(dayRows.flatMap((r) => (r.day === null ? [] : [[r.day, r] as const])));
  for (let i = 0; i < TREND_DAYS; i++) {
    const d = addDaysToDayString(trendFirst, i);
    const r = byDay.get(d);
    trendDays.push({ day: d, reviews: r?.reviews ?? 0, learners: r?.learners ?? 0 });
  }
  const weeks: CohortTrendWeek[] = [];
  for (let w = 0; w < TREND_DAYS / 7; w++) {
    const start = addDaysToDayString(trendFirst, w * 7);
    let reviews = 0;
    let correct = 0;
    for (let i = 0; i < 7; i++) {
      const r = byDay.get(addDaysToDayString(start, i));
      reviews += r?.graduated ?? 0;
      correct += r?.correct ?? 0;
    }
    weeks.push({ start, reviews, correct, rate: reviews > 0 ? correct / reviews : null });
  }

  return {
    ...frame,
    learners,
    topics,
    retrievability,
    items,
    trend: { days: trendDays, weeks },
  };
}

type ItemCountRow = { questionId: string; attempts: number; correct: number; discrimination: number | null; pointBiserial: number | null };

/**
 * A learner's total, first attempts and backlog a week ago (questionId null; dueWeekAgo null without
 * answers before then), a question's answers, lapses and attempts (picks) over its attempted cards
 * (userId and choiceId null), or a choice's picks.
 */
interface SummaryFigureRow {
  questionId: string | null;
  userId: string | null;
  choiceId: string | null;
  total: number;
  dueWeekAgo: number | null;
  /** The learner's first attempts in the report: the question's number (Question.no) · 2 + 1 when correct. */
  firsts: number[] | null;
  answers: number;
  lapses: number;
  picks: number;
}

/** A learner's figures (questionNo null), a question's (userId null) or a topic set's (both null) from the pass over the cards. */
interface CardFigureRow {
  userId: string | null;
  questionNo: number | null;
  cards: number;
  leeches: number;
  dueNow: number;
  overdue: number;
  dueWeekAgoIdle: number;
  lastActiveAt: Date | null;
  difficulty: number | null;
  metLeeches: number;
  /** Per topic set (memorySets[i]): the retrievability now summed over the learner's cards met on it, and how many they are. */
  memorySets: number[] | null;
  memorySums: number[] | null;
  memoryCards: number[] | null;
  /** A topic set (the other columns empty): its number and its topics. */
  set: number | null;
  setTopics: string[] | null;
}

/**
 * The cards' pass read: each learner's figures, each question's difficulty and leeches of cards met,
 * and each learner's memory per topic (the mean retrievability of their cards on it), spread from the
 * sums per topic set. Topics are numbered and each set is its topics' numbers (a topic filter keeps its
 * topic), so a learner's sums are two arrays indexed by topic rather than a map per learner.
 */
function cardFigures(rows: CardFigureRow[], idByNo: readonly (string | undefined)[], topicFilter: string | null) {
  const byLearner = new Map<string, CardFigureRow>();
  const questionRows: { questionId: string; difficulty: number | null; leeches: number }[] = [];
  const topicIds: string[] = [];
  const topicIndex = new Map<string, number>();
  const setIndexes = new Map<number, number[]>();
  for (const r of rows) {
    if (r.userId !== null) byLearner.set(r.userId, r);
    else if (r.questionNo !== null) {
      const questionId = idByNo[r.questionNo];
      if (questionId !== undefined) questionRows.push({ questionId, difficulty: r.difficulty, leeches: r.metLeeches });
    }
    else if (r.set !== null) {
      const indexes: number[] = [];
      for (const topicId of r.setTopics ?? []) {
        if (topicFilter && topicId !== topicFilter) continue;
        let i = topicIndex.get(topicId);
        if (i === undefined) {
          i = topicIds.push(topicId) - 1;
          topicIndex.set(topicId, i);
        }
        indexes.push(i);
      }
      setIndexes.set(r.set, indexes);
    }
  }
  const memoryBy = new Map<string, Record<string, number>>();
  const rSums = new Float64Array(topicIds.length);
  const nSums = new Float64Array(topicIds.length);
  for (const [userId, row] of byLearner) {
    const sets = row.memorySets;
    if (!sets) continue;
    rSums.fill(0);
    nSums.fill(0);
    for (let k = 0; k < sets.length; k++) {
      for (const i of setIndexes.get(sets[k]!) ?? []) {
        rSums[i] += row.memorySums![k]!;
        nSums[i] += row.memoryCards![k]!;
      }
    }
    let topicsOf: Record<string, number> | null = null;
    for (let i = 0; i < topicIds.length; i++) if (nSums[i]! > 0) (topicsOf ??= {})[topicIds[i]!] = rSums[i]! / nSums[i]!;
    if (topicsOf) memoryBy.set(userId, topicsOf);
  }
  return { byLearner, questionRows, memoryBy };
}

/** A day of the trend, or a learner's totals and windows (the other null). */
interface DayFigureRow {
  day: string | null;
  userId: string | null;
  answers: number;
  reviews: number;
  graduated: number;
  correct: number;
  learners: number;
  reviews7: number;
  graduated30: number;
  correct30: number;
}

function analyse(
  questions: Awaited<ReturnType<typeof cohortQuestions>>,
  firstRows: ItemCountRow[],
  pickRows: { questionId: string; choiceId: string; picks: number }[],
  itemRows: { questionId: string; answers: number; lapses: number }[],
  difficultyRows: { questionId: string; difficulty: number | null; leeches: number }[],
): CohortItemRow[] {
  const firstBy = new Map(firstRows.map((r) => [r.questionId, r]));
  const picksBy = new Map<string, [string, number][]>();
  for (const r of pickRows) {
    const list = picksBy.get(r.questionId) ?? [];
    list.push([r.choiceId, r.picks]);
    picksBy.set(r.questionId, list);
  }
  const answersBy = new Map(itemRows.map((r) => [r.questionId, r]));
  const difficultyBy = new Map(difficultyRows.map((r) => [r.questionId, r.difficulty]));
  const leechesBy = new Map(difficultyRows.map((r) => [r.questionId, r.leeches]));
  const stats = analyseItemCounts(
    questions.map((q) => {
      const first = firstBy.get(q.id);
      const attempts = first?.attempts ?? 0;
      const answers = answersBy.get(q.id);
      const mc = q.payload.kind === "MULTIPLE_CHOICE" ? q.payload : null;
      return {
        questionId: q.id,
        kind: q.kind,
        attempts,
        correct: first?.correct ?? 0,
        discrimination: first?.discrimination ?? null,
        // corr() is null when either variance is 0; rounding may leave it a hair outside [-1, 1].
        pointBiserial: first?.pointBiserial == null ? null : Math.max(-1, Math.min(1, first.pointBiserial)),
        // Picked ids that are not among the choices (a choice removed since) follow them in id order.
        picks: new Map((picksBy.get(q.id) ?? []).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
        ...(mc
          ? { correctChoiceIds: mc.choices.filter((c) => c.correct).map((c) => c.id), choices: mc.choices.map((c) => ({ id: c.id, label: c.text })) }
          : {}),
        laterReviews: Math.max(0, (answers?.answers ?? 0) - attempts),
        laterLapses: answers?.lapses ?? 0,
        meanDifficulty: difficultyBy.get(q.id) ?? null,
      };
    }),
  );
  const byId = new Map(questions.map((q) => [q.id, q]));
  return stats.map((s) => {
    const q = byId.get(s.questionId)!;
    return {
      ...s,
      question: { id: q.id, lessonId: q.lessonId, lessonTitle: q.lessonTitle, courseId: q.courseId, kind: q.kind, prompt: q.prompt },
      leeches: leechesBy.get(q.id) ?? 0,
    };
  });
}
