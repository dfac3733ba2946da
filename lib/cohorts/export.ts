// The cohort's CSV exports (RFC 4180, UTF-8, a header row, formula cells escaped: lib/csv.ts): the
// learners table, the item analysis and the raw review log, each scoped to the cohort's current
// learners and the cohort's courses, after the same access check as the dashboard.
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { toCsv, type Cell } from "@/lib/csv";
import { requireCohort, type Actor } from "./access";
import type { DayOptions } from "@/lib/srs/day";
import { cohortLearners, cohortQuestions, getCohortDashboard } from "./dashboard";
import { NO_FILTERS, orderItems, sortLearners, type ReportFilters } from "./report-filters";

interface ExportOptions {
  db: Db;
  actor: Actor;
  cohortId: string;
  now?: Date;
  /** The report's filters and order: the CSV holds every row of the filtered table (all its pages), in its order. */
  filters?: ReportFilters;
  day?: DayOptions;
}

const round = (x: number | null, digits = 3) => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);

export async function cohortLearnersCsv({ db, actor, cohortId, now = new Date(), filters = NO_FILTERS, day }: ExportOptions): Promise<string> {
  const dash = await getCohortDashboard({ db, actor, cohortId, now, filters, ...(day ? { day } : {}) });
  return toCsv(
    ["name", "email", "joined_at", "lessons_read", "lessons_assigned", "cards", "due_now", "overdue", "leeches", "retention_30d", "graduated_reviews_30d", "reviews_7d", "answers_in_range", "last_active_at", "at_risk", "reasons"],
    sortLearners(dash.learners, filters.sort, filters.dir).map((l): Cell[] => [
      l.name,
      l.email,
      l.joinedAt,
      l.lessonsRead,
      l.lessonsAssigned,
      l.cards,
      l.dueNow,
      l.overdue,
      l.leeches,
      round(l.retention30),
      l.retentionReviews30,
      l.reviews7,
      l.answersInRange,
      l.lastActiveAt,
      l.risks.length > 0,
      l.risks.map((r) => r.message).join("; "),
    ]),
  );
}

export async function cohortItemsCsv({ db, actor, cohortId, now = new Date(), filters = NO_FILTERS, day }: ExportOptions): Promise<string> {
  const dash = await getCohortDashboard({ db, actor, cohortId, now, filters, ...(day ? { day } : {}) });
  return toCsv(
    [
      "question_id",
      "lesson",
      "kind",
      "prompt",
      "attempts",
      "facility",
      "discrimination_upper_lower_27",
      "point_biserial",
      "mean_difficulty",
      "lapse_rate",
      "leeches",
      "choice_picks",
      "flags",
    ],
    orderItems(dash.items).map((i): Cell[] => [
      i.questionId,
      i.question.lessonTitle,
      i.question.kind,
      i.question.prompt,
      i.attempts,
      round(i.facility),
      round(i.discrimination),
      round(i.pointBiserial),
      round(i.meanDifficulty, 2),
      round(i.lapseRate),
      i.leeches,
      i.choices?.map((c) => `${c.correct ? "*" : ""}${c.label}: ${c.picks}`).join(" | ") ?? "",
      i.flags.map((f) => f.message).join("; "),
    ]),
  );
}

export async function cohortReviewsCsv({ db, actor, cohortId }: ExportOptions): Promise<string> {
  const cohort = await requireCohort({ db, actor, cohortId });
  const [members, questions] = await Promise.all([cohortLearners({ db, cohortId }), cohortQuestions({ db, courseIds: cohort.courses.map((c) => c.courseId) })]);
  const header = ["email", "name", "question_id", "lesson", "reviewed_at", "rating", "correct", "state_before", "elapsed_days", "scheduled_days", "duration_ms", "source"];
  if (members.length === 0 || questions.length === 0) return toCsv(header, []);
  const people = new Map(members.map((m) => [m.userId, m]));
  const lessonOf = new Map(questions.map((q) => [q.id, q.lessonTitle]));
  const rows = await db.$queryRaw<
    { userId: string; questionId: string; reviewedAt: Date; rating: number; correct: boolean; stateBefore: string; elapsedDays: number; scheduledDays: number; durationMs: number; source: string }[]
  >`
    SELECT r."userId" AS "userId", r."questionId" AS "questionId", r."reviewedAt" AS "reviewedAt", r.rating, r.correct,
           r."stateBefore"::text AS "stateBefore", r."elapsedDays" AS "elapsedDays", r."scheduledDays" AS "scheduledDays", r."durationMs" AS "durationMs", r.source
    FROM "ReviewLog" r
    WHERE r."userId" = ANY(${Prisma.sql`${members.map((m) => m.userId)}::uuid[]`}) AND r."questionId" = ANY(${Prisma.sql`${questions.map((q) => q.id)}::text[]`})
    ORDER BY r."reviewedAt", r.id`;
  return toCsv(
    header,
    rows.map((r): Cell[] => {
      const who = people.get(r.userId)!;
      return [who.email, who.name, r.questionId, lessonOf.get(r.questionId) ?? "", r.reviewedAt, r.rating, r.correct, r.stateBefore, r.elapsedDays, r.scheduledDays, r.durationMs, r.source];
    }),
  );
}
