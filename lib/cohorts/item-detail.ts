// One question's drill-down for a cohort's instructors: its statistics as the items report computes
// them (same filters), how facility and discrimination moved week by week, and the learners who
// lapse on it most. Access first (requireCohort, through the dashboard); a question outside the
// cohort's courses is "not found", like a cohort that is not the actor's.
import { Prisma } from "@/lib/db/generated/client";
import { ts } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import { itemTrend, type ItemTrendPoint } from "@/lib/analytics/item-trend";
import type { QuestionPayload } from "@/lib/quiz/types";
import { addDaysToDayString, learningDay, startOfDayString } from "@/lib/srs/day";
import { cohortQuestions, getCohortDashboard, withReportDefaults, type CohortItemRow, type CohortReportQuery } from "./dashboard";

export const ITEM_TREND_WEEKS = 8;
export const TOP_LAPSERS = 10;

export interface CohortItemDetail {
  cohort: { id: string; name: string };
  item: CohortItemRow;
  payload: QuestionPayload;
  lesson: { id: string; title: string; sourcePath: string };
  /** Cumulative facility and D at the end of each of the last weeks (first attempts before then). */
  trend: ItemTrendPoint[];
  lapsers: { userId: string; name: string; reviews: number; lapses: number }[];
}

export async function getCohortItemDetail({ questionId, ...query }: CohortReportQuery & { questionId: string }): Promise<CohortItemDetail> {
  const { db, actor, cohortId, now, day, filters } = withReportDefaults(query);
  const dash = await getCohortDashboard({ db, actor, cohortId, now, day, filters: { ...filters, atRiskOnly: false } });
  const item = dash.items.find((i) => i.questionId === questionId);
  if (!item) throw new AppError("NOT_FOUND", "This question is not in the cohort's courses (or not in these filters).");
  const courseIds = dash.cohort.courses.map((c) => c.courseId);
  const ids = dash.learners.map((l) => l.userId);
  const [questions, lesson] = await Promise.all([
    cohortQuestions({ db, courseIds: filters.courseId ? courseIds.filter((c) => c === filters.courseId) : courseIds, scope: { level: filters.level, topicId: filters.topicId } }),
    db.lesson.findUniqueOrThrow({ where: { id: item.question.lessonId }, select: { id: true, title: true, sourcePath: true } }),
  ]);
  const payload = questions.find((q) => q.id === questionId)!.payload;
  const today = learningDay(now, day);
  const checkpoints = Array.from({ length: ITEM_TREND_WEEKS }, (_, i) => startOfDayString(addDaysToDayString(today, 1 - 7 * (ITEM_TREND_WEEKS - 1 - i)), day));
  if (ids.length === 0) return { cohort: dash.cohort, item, payload, lesson, trend: itemTrend({ questionId, attempts: [], checkpoints }), lapsers: [] };

  const uid = Prisma.sql`${ids}::uuid[]`;
  const qid = Prisma.sql`${questions.map((q) => q.id)}::text[]`;
  const [firstRows, lapseRows] = await Promise.all([
    db.$queryRaw<{ userId: string; questionId: string; correct: boolean; at: Date }[]>`
      SELECT s."userId"::text AS "userId", s."questionId" AS "questionId", s."firstCorrect" AS correct, s."firstAt" AS at
      FROM "CardSummary" s
      WHERE s."userId" = ANY(${uid}) AND s."questionId" = ANY(${qid}) AND s."firstAt" <= ${ts(now)}`,
    db.$queryRaw<{ userId: string; reviews: number; lapses: number }[]>`
      SELECT r."userId" AS "userId", count(*)::int AS reviews, count(*) FILTER (WHERE r.rating = 1 AND r."stateBefore" = 'REVIEW')::int AS lapses
      FROM "ReviewLog" r
      WHERE r."userId" = ANY(${uid}) AND r."questionId" = ${questionId} AND r."reviewedAt" <= ${ts(now)}
      GROUP BY 1
      HAVING count(*) FILTER (WHERE r.rating = 1 AND r."stateBefore" = 'REVIEW') > 0
      ORDER BY lapses DESC, reviews ASC
      LIMIT ${TOP_LAPSERS}`,
  ]);
  const trend = itemTrend({ questionId, attempts: firstRows, checkpoints });
  const names = new Map(dash.learners.map((l) => [l.userId, l.name]));
  return {
    cohort: dash.cohort,
    item,
    payload,
    lesson,
    trend,
    lapsers: lapseRows.map((r) => ({ userId: r.userId, name: names.get(r.userId) ?? "", reviews: r.reviews, lapses: r.lapses })),
  };
}
