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
import { localDay, ts } from "@/lib/db/sql";
import { atRiskReasons, type RiskReason } from "@/lib/analytics/at-risk";
import { analyseItemCounts, DEFAULT_GROUP_FRACTION, type ItemStats } from "@/lib/analytics/item-analysis";
import { forgettingCurve } from "@/lib/analytics/memory";
import type { QuestionKind, QuestionPayload } from "@/lib/quiz/types";
import { addDaysToDayString, learningDay, type DayOptions } from "@/lib/srs/day";
import { DEFAULT_DESIRED_RETENTION } from "@/lib/srs/scheduler";
import { requireCohort, type Actor, type CohortSummary } from "./access";
import { answerWindow, NO_FILTERS, type Level, type ReportFilters } from "./report-filters";

const DAY_MS = 86_400_000;
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

/** The cohort's learners (not its instructors), in name order. */
export async function cohortLearners({ db, cohortId }: { db: Db; cohortId: string }) {
  const members = await db.cohortMember.findMany({
    where: { cohortId, role: "LEARNER" },
    select: { userId: true, joinedAt: true, user: { select: { name: true, email: true, desiredRetention: true } } },
    orderBy: [{ user: { name: "asc" } }, { userId: "asc" }],
  });
  return members.map((m) => ({ userId: m.userId, joinedAt: m.joinedAt, name: m.user.name, email: m.user.email, desiredRetention: m.user.desiredRetention }));
}

/** The question scope of a report: a level and a topic (through the question's topics or its lesson's). */
export interface QuestionScope {
  level?: Level | null;
  topicId?: string | null;
}

function lessonWhere(courseIds: readonly string[], scope: QuestionScope) {
  return { retiredAt: null, courseId: { in: [...courseIds] }, ...(scope.level ? { level: scope.level } : {}) };
}

/** Questions of the cohort's courses (narrowed by level and topic), in course and lesson order. */
export async function cohortQuestions({ db, courseIds, scope = {} }: { db: Db; courseIds: readonly string[]; scope?: QuestionScope }) {
  const rows = await db.question.findMany({
    where: {
      retiredAt: null,
      lesson: lessonWhere(courseIds, scope),
      ...(scope.topicId ? { OR: [{ topics: { some: { topicId: scope.topicId } } }, { lesson: { topics: { some: { topicId: scope.topicId } } } }] } : {}),
    },
    select: { id: true, kind: true, prompt: true, payload: true, lessonId: true, position: true, lesson: { select: { title: true, courseId: true, position: true } } },
  });
  const courseOrder = new Map(courseIds.map((id, i) => [id, i]));
  rows.sort(
    (a, b) =>
      (courseOrder.get(a.lesson.courseId) ?? 0) - (courseOrder.get(b.lesson.courseId) ?? 0) ||
      a.lesson.position - b.lesson.position ||
      a.position - b.position,
  );
  return rows.map((q) => ({
    id: q.id,
    kind: q.kind as QuestionKind,
    prompt: q.prompt,
    payload: q.payload as unknown as QuestionPayload,
    lessonId: q.lessonId,
    lessonTitle: q.lesson.title,
    courseId: q.lesson.courseId,
  }));
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
  const [members, questions, lessonCounts, topicOptions] = await Promise.all([
    cohortLearners({ db, cohortId }),
    cohortQuestions({ db, courseIds, scope }),
    db.lesson.groupBy({
      by: ["courseId"],
      where: { ...lessonWhere(courseIds, scope), ...(filters.topicId ? { topics: { some: { topicId: filters.topicId } } } : {}) },
      _count: { _all: true },
    }),
    db.$queryRaw<{ topicId: string; title: string }[]>`
      SELECT DISTINCT t.id AS "topicId", t.title
      FROM "Topic" t
      WHERE t.id IN (
        SELECT lt."topicId" FROM "LessonTopic" lt JOIN "Lesson" l ON l.id = lt."lessonId" WHERE l."retiredAt" IS NULL AND l."courseId" = ANY(${texts(allCourseIds)})
        UNION
        SELECT qt."topicId" FROM "QuestionTopic" qt JOIN "Question" q ON q.id = qt."questionId" JOIN "Lesson" l ON l.id = q."lessonId"
        WHERE q."retiredAt" IS NULL AND l."retiredAt" IS NULL AND l."courseId" = ANY(${texts(allCourseIds)})
      )
      ORDER BY t.title`,
  ]);
  const targetRetention = members.length > 0 ? members.reduce((s, m) => s + m.desiredRetention, 0) / members.length : DEFAULT_DESIRED_RETENTION;
  const lessonsPerCourse = new Map(lessonCounts.map((r) => [r.courseId, r._count._all]));
  const lessonsAssigned = [...lessonsPerCourse.values()].reduce((s, n) => s + n, 0);
  const ids = members.map((m) => m.userId);
  const qids = questions.map((q) => q.id);
  // What every answer of the dashboard carries, whatever the cohort's members have answered.
  const frame = { cohort, generatedAt: now, filters, targetRetention, topicOptions, lessonsAssigned, memberCount: members.length };
  const empty: CohortDashboard = { ...frame, learners: [], topics: [], retrievability: {}, items: [], trend: { days: [], weeks: [] } };
  if (ids.length === 0 || qids.length === 0) return { ...empty, items: analyse(questions, [], [], []) };

  const uid = uuids(ids);
  const qid = texts(qids);
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
  // One row per answer (the range's log) or per learner, question and day (the rollup), summed below.
  const answered =
    range.from || range.until
      ? Prisma.sql`
          SELECT r."userId", r."questionId", 1 AS answers, (r.rating = 1 AND r."stateBefore" = 'REVIEW')::int AS lapses
          FROM "ReviewLog" r
          WHERE r."userId" = ANY(${uid}) AND r."questionId" = ANY(${qid}) AND r."reviewedAt" <= ${nowSql} AND ${inWindow}`
      : Prisma.sql`
          SELECT d."userId", d."questionId", d.answers, d.lapses
          FROM "QuestionDay" d
          WHERE d."userId" = ANY(${uid}) AND d."questionId" = ANY(${qid}) AND d.day <= ${today}::date`;

  const weekAgoSql = ts(weekAgo);
  const [cardRows, countRows, recentRows, readRows, topicRows, firstRows, dayRows] = await Promise.all([
    // One pass over the cards: per learner (counts, backlog now, the part of last week's backlog that
    // is still unanswered, last activity) and per question (difficulty and leeches of cards met).
    db.$queryRaw<
      {
        userId: string | null;
        questionId: string | null;
        cards: number;
        leeches: number;
        dueNow: number;
        overdue: number;
        dueWeekAgoIdle: number;
        lastActiveAt: Date | null;
        difficulty: number | null;
        metLeeches: number;
      }[]
    >`
      SELECT c."userId"::text AS "userId", c."questionId" AS "questionId", count(*)::int AS cards, count(*) FILTER (WHERE c.leech)::int AS leeches,
             count(*) FILTER (WHERE NOT c.suspended AND c.due <= ${nowSql})::int AS "dueNow",
             count(*) FILTER (WHERE NOT c.suspended AND c.due <= ${nowSql} - interval '1 day')::int AS overdue,
             count(*) FILTER (WHERE c."lastReview" < ${weekAgoSql} AND c.due <= ${weekAgoSql})::int AS "dueWeekAgoIdle",
             max(c."lastReview") FILTER (WHERE c."lastReview" <= ${nowSql}) AS "lastActiveAt",
             (avg(c.difficulty) FILTER (WHERE c.state <> 'NEW'))::float8 AS difficulty,
             count(*) FILTER (WHERE c.leech AND c.state <> 'NEW')::int AS "metLeeches"
      FROM "Card" c
      WHERE c."userId" = ANY(${uid}) AND c."questionId" = ANY(${qid})
      GROUP BY GROUPING SETS ((c."userId"), (c."questionId"))`,
    // Answers and lapses per learner and per question, in one pass over the rollup (or the range's log).
    db.$queryRaw<{ userId: string | null; questionId: string | null; answers: number; lapses: number }[]>`
      SELECT a."userId"::text AS "userId", a."questionId" AS "questionId", sum(a.answers)::int AS answers, sum(a.lapses)::int AS lapses
      FROM (${answered}) a
      GROUP BY GROUPING SETS ((a."userId"), (a."questionId"))`,
    // The rest of the backlog a week ago, over the cards answered before then (a learner without any
    // had no backlog): those answered since, due by then according to their first answer since
    // (CardSummary keeps a card's last 8 days of answers with the due date before each).
    db.$queryRaw<{ userId: string; dueWeekAgo: number }[]>`
      SELECT s."userId"::text AS "userId",
             count(*) FILTER (
               WHERE s."recentAt"[array_upper(s."recentAt", 1)] >= ${weekAgoSql}
                 AND (SELECT x.due FROM unnest(s."recentAt", s."recentDueBefore") x(at, due) WHERE x.at >= ${weekAgoSql} ORDER BY x.at LIMIT 1) <= ${weekAgoSql}
             )::int AS "dueWeekAgo"
      FROM "CardSummary" s
      WHERE s."userId" = ANY(${uid}) AND s."questionId" = ANY(${qid}) AND s."firstAt" < ${weekAgoSql}
      GROUP BY 1`,
    db.$queryRaw<{ userId: string; courseId: string; read: number }[]>`
      SELECT p."userId" AS "userId", l."courseId" AS "courseId", count(*)::int AS read
      FROM "LessonProgress" p JOIN "Lesson" l ON l.id = p."lessonId"
      WHERE p."userId" = ANY(${uid}) AND p."completedAt" IS NOT NULL AND l."retiredAt" IS NULL AND l."courseId" = ANY(${texts(courseIds)})
      GROUP BY 1, 2`,
    // A card counts for a topic through its question's topics or its lesson's, as the learner's dashboard
    // does. Questions are grouped by their set of topics first, so each card is read once and summed per
    // learner and topic set, and only those sums are spread over the set's topics.
    db.$queryRaw<{ userId: string; topicId: string; title: string; retrievability: number }[]>`
      WITH question_topics AS (
        SELECT x."questionId", array_agg(DISTINCT x."topicId" ORDER BY x."topicId") AS topics FROM (
          SELECT qt."questionId", qt."topicId" FROM "QuestionTopic" qt WHERE qt."questionId" = ANY(${qid})
          UNION ALL
          SELECT q.id, lt."topicId" FROM "Question" q JOIN "LessonTopic" lt ON lt."lessonId" = q."lessonId" WHERE q.id = ANY(${qid})
        ) x
        GROUP BY 1
      ), per_set AS (
        SELECT c."userId", qt.topics, count(*) AS cards,
               sum(power(1 + ${curve.factor}::float8 * greatest(0, extract(epoch FROM (${nowSql} - c."lastReview")) / 86400.0) / c.stability, ${curve.decay}::float8)) AS r
        FROM "Card" c JOIN question_topics qt ON qt."questionId" = c."questionId"
        WHERE c."userId" = ANY(${uid}) AND c."questionId" = ANY(${qid}) AND c.state <> 'NEW' AND c."lastReview" IS NOT NULL AND c.stability > 0
        GROUP BY 1, 2
      )
      SELECT p."userId"::text AS "userId", t.id AS "topicId", t.title, (sum(p.r) / sum(p.cards))::float8 AS retrievability
      FROM per_set p CROSS JOIN LATERAL unnest(p.topics) AS pt("topicId") JOIN "Topic" t ON t.id = pt."topicId"
      GROUP BY 1, 2, 3`,
    // Item analysis over first attempts (CardSummary; counted when they fall in the date range), as
    // lib/analytics/item-analysis defines it: a learner's total is their correct first attempts over
    // the questions; per question, its attempters ranked by total (highest first, ties by userId) give
    // the upper and lower groups of n = min(max(1, round(f·N)), floor(N/2)), D the difference of their
    // shares correct, r_pb the correlation of the 0/1 score with the rest score; picks per choice id.
    db.$queryRaw<ItemCountRow[]>`
      WITH first AS MATERIALIZED (
        SELECT s."userId", q.k, s."firstCorrect" AS correct, s."firstChoiceIds" AS "choiceIds"
        FROM "CardSummary" s JOIN unnest(${qid}) WITH ORDINALITY AS q(id, k) ON q.id = s."questionId"
        WHERE s."userId" = ANY(${uid}) AND s."questionId" = ANY(${qid}) AND s."firstAt" <= ${nowSql} AND ${firstInWindow}
      ), totals AS (
        -- Learners ranked once over the whole test; within a question its attempters keep this order.
        SELECT t."userId", t.total, row_number() OVER (ORDER BY t.total DESC, t."userId") AS place
        FROM (SELECT f."userId", count(*) FILTER (WHERE f.correct) AS total FROM first f GROUP BY 1) t
      ), ranked AS (
        SELECT f.k, f.correct, t.total,
               row_number() OVER (PARTITION BY f.k ORDER BY t.place) AS rank,
               count(*) OVER (PARTITION BY f.k) AS attempts
        FROM first f JOIN totals t ON t."userId" = f."userId"
      ), grouped AS (
        SELECT r.*, least(greatest(1, floor(${DEFAULT_GROUP_FRACTION}::float8 * r.attempts + 0.5)::bigint), r.attempts / 2)::int AS n FROM ranked r
      ), items AS (
        SELECT g.k, count(*)::int AS attempts, count(*) FILTER (WHERE g.correct)::int AS correct,
               CASE WHEN count(*) >= 2 THEN (count(*) FILTER (WHERE g.correct AND g.rank <= g.n) - count(*) FILTER (WHERE g.correct AND g.rank > g.attempts - g.n))::float8 / max(g.n) END AS discrimination,
               corr(g.correct::int, g.total - g.correct::int)::float8 AS "pointBiserial"
        FROM grouped g
        GROUP BY 1
      ), picks AS (
        SELECT p.k, jsonb_object_agg(p.id, p.picks) AS picks FROM (
          SELECT f.k, c.id, count(*)::int AS picks
          FROM first f CROSS JOIN LATERAL (SELECT DISTINCT unnest(f."choiceIds") AS id) c
          WHERE cardinality(f."choiceIds") > 0
          GROUP BY 1, 2
        ) p
        GROUP BY 1
      )
      SELECT (${qid})[i.k] AS "questionId", i.attempts, i.correct, i.discrimination, i."pointBiserial", p.picks
      FROM items i LEFT JOIN picks p ON p.k = i.k`,
    // The trend's 56 days and the learners' 7- and 30-day windows in one pass over the rollup: per
    // learner and day first, then per day (learners active that day) and per learner.
    db.$queryRaw<
      { day: string | null; userId: string | null; reviews: number; graduated: number; correct: number; learners: number; reviews7: number; graduated30: number; correct30: number }[]
    >`
      WITH x AS (
        SELECT d.day, d."userId", sum(d.answers) AS answers, sum(d.reviews) AS reviews, sum(d."reviewsCorrect") AS correct
        FROM "QuestionDay" d
        WHERE d."userId" = ANY(${uid}) AND d."questionId" = ANY(${qid}) AND ${dayIn(trendFirst, today)}
        GROUP BY 1, 2
      )
      SELECT x.day::text AS day, x."userId"::text AS "userId", sum(x.answers)::int AS reviews, sum(x.reviews)::int AS graduated, sum(x.correct)::int AS correct,
             count(*) FILTER (WHERE x.answers > 0)::int AS learners,
             coalesce(sum(x.answers) FILTER (WHERE x.day >= ${addDaysToDayString(today, -6)}::date), 0)::int AS reviews7,
             coalesce(sum(x.reviews) FILTER (WHERE x.day >= ${addDaysToDayString(today, -(RETENTION_DAYS - 1))}::date), 0)::int AS graduated30,
             coalesce(sum(x.correct) FILTER (WHERE x.day >= ${addDaysToDayString(today, -(RETENTION_DAYS - 1))}::date), 0)::int AS correct30
      FROM x
      GROUP BY GROUPING SETS ((x.day), (x."userId"))`,
  ]);

  const perLearner = <T extends { userId: string | null }>(rows: T[]) => new Map(rows.flatMap((r) => (r.userId === null ? [] : [[r.userId, r] as const])));
  const cardsBy = perLearner(cardRows);
  const logsBy = perLearner(dayRows);
  const recentBy = new Map(recentRows.map((r) => [r.userId, r.dueWeekAgo]));
  const inRangeBy = perLearner(countRows);
  const itemRows = countRows.flatMap((r) => (r.questionId === null ? [] : [{ questionId: r.questionId, answers: r.answers, lapses: r.lapses }]));
  const difficultyRows = cardRows.flatMap((r) => (r.questionId === null ? [] : [{ questionId: r.questionId, difficulty: r.difficulty, leeches: r.metLeeches }]));
  const readBy = new Map<string, Map<string, number>>();
  for (const r of readRows) {
    const m = readBy.get(r.userId) ?? new Map<string, number>();
    m.set(r.courseId, r.read);
    readBy.set(r.userId, m);
  }

  const allLearners: CohortLearnerRow[] = members.map((m) => {
    const cards = cardsBy.get(m.userId);
    const logs = logsBy.get(m.userId);
    const read = readBy.get(m.userId) ?? new Map<string, number>();
    const lessonsRead = [...read.values()].reduce((s, n) => s + n, 0);
    const row = {
      userId: m.userId,
      name: m.name,
      email: m.email,
      joinedAt: m.joinedAt,
      lessonsRead,
      lessonsAssigned,
      cards: cards?.cards ?? 0,
      dueNow: cards?.dueNow ?? 0,
      overdue: cards?.overdue ?? 0,
      leeches: cards?.leeches ?? 0,
      // Without answers before a week ago there was no backlog then.
      dueWeekAgo: recentBy.has(m.userId) ? recentBy.get(m.userId)! + (cards?.dueWeekAgoIdle ?? 0) : m.joinedAt < weekAgo ? 0 : null,
      retention30: logs && logs.graduated30 > 0 ? logs.correct30 / logs.graduated30 : null,
      retentionReviews30: logs?.graduated30 ?? 0,
      reviews7: logs?.reviews7 ?? 0,
      answersInRange: inRangeBy.get(m.userId)?.answers ?? 0,
      lastActiveAt: cards?.lastActiveAt ?? null,
    };
    const risks = atRiskReasons({
      ...row,
      now,
      targets: cohort.courses.map((c) => ({
        courseId: c.courseId,
        title: c.title,
        // A target is a calendar day: due by its end.
        targetDate: c.targetDate ? new Date(c.targetDate.getTime() + DAY_MS - 1) : null,
        lessonsRead: read.get(c.courseId) ?? 0,
        lessonsTotal: lessonsPerCourse.get(c.courseId) ?? 0,
      })),
    });
    return { ...row, risks };
  });
  const learners = filters.atRiskOnly ? allLearners.filter((l) => l.risks.length > 0) : allLearners;

  const retrievability: Record<string, Record<string, number>> = {};
  const topicTitles = new Map<string, string>();
  const topicSums = new Map<string, { sum: number; n: number }>();
  const shown = new Set(learners.map((l) => l.userId));
  for (const r of topicRows) {
    if (!shown.has(r.userId) || (filters.topicId && r.topicId !== filters.topicId)) continue;
    (retrievability[r.userId] ??= {})[r.topicId] = r.retrievability;
    topicTitles.set(r.topicId, r.title);
    const s = topicSums.get(r.topicId) ?? { sum: 0, n: 0 };
    s.sum += r.retrievability;
    s.n += 1;
    topicSums.set(r.topicId, s);
  }
  const topics: TopicColumn[] = [...topicTitles]
    .map(([topicId, title]) => {
      const s = topicSums.get(topicId)!;
      return { topicId, title, mean: s.n > 0 ? s.sum / s.n : null };
    })
    .sort((a, b) => (a.mean ?? 1) - (b.mean ?? 1) || a.title.localeCompare(b.title));

  const items = analyse(questions, firstRows, itemRows, difficultyRows);

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

type ItemCountRow = { questionId: string; attempts: number; correct: number; discrimination: number | null; pointBiserial: number | null; picks: Record<string, number> | null };

function analyse(
  questions: Awaited<ReturnType<typeof cohortQuestions>>,
  firstRows: ItemCountRow[],
  itemRows: { questionId: string; answers: number; lapses: number }[],
  difficultyRows: { questionId: string; difficulty: number | null; leeches: number }[],
): CohortItemRow[] {
  const firstBy = new Map(firstRows.map((r) => [r.questionId, r]));
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
        picks: new Map(Object.entries(first?.picks ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
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
