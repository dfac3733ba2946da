// One learner's progress in one cohort's courses, for that cohort's instructors: lessons read, and
// per lesson the cards, what is due and first-attempt results; then their latest answers. Nothing
// outside the cohort's courses, and nothing once they have left the cohort.
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { ts } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import { isUuid, requireCohort, type Actor, type CohortSummary } from "./access";

export interface LessonProgressRow {
  lessonId: string;
  title: string;
  courseId: string;
  questions: number;
  readAt: Date | null;
  cards: number;
  dueNow: number;
  /** Cards set aside as leeches now. */
  leeches: number;
  firstCorrect: number;
  firstAttempts: number;
  reviews: number;
}

export interface CohortLearnerProgress {
  cohort: CohortSummary;
  learner: { userId: string; name: string; email: string; joinedAt: Date };
  lessons: LessonProgressRow[];
  recent: { questionId: string; prompt: string; lessonTitle: string; reviewedAt: Date; rating: number; correct: boolean; source: string }[];
}

export async function getCohortLearnerProgress({ db, actor, cohortId, userId, now = new Date() }: { db: Db; actor: Actor; cohortId: string; userId: string; now?: Date }): Promise<CohortLearnerProgress> {
  const cohort = await requireCohort({ db, actor, cohortId });
  const member = isUuid(userId)
    ? await db.cohortMember.findUnique({
        where: { cohortId_userId: { cohortId, userId } },
        select: { role: true, joinedAt: true, user: { select: { name: true, email: true } } },
      })
    : null;
  if (!member || member.role !== "LEARNER") throw new AppError("NOT_FOUND", "This learner is not in this cohort.");
  const courseIds = cohort.courses.map((c) => c.courseId);
  const uid = Prisma.sql`${userId}::uuid`;
  const [lessons, recent] = await Promise.all([
    db.$queryRaw<LessonProgressRow[]>`
      SELECT l.id AS "lessonId", l.title, l."courseId" AS "courseId",
             (SELECT count(*)::int FROM "Question" q WHERE q."lessonId" = l.id AND q."retiredAt" IS NULL) AS questions,
             p."completedAt" AS "readAt",
             coalesce(c.cards, 0) AS cards, coalesce(c."dueNow", 0) AS "dueNow", coalesce(c.leeches, 0) AS leeches,
             coalesce(f."firstCorrect", 0) AS "firstCorrect", coalesce(f."firstAttempts", 0) AS "firstAttempts", coalesce(f.reviews, 0) AS reviews
      FROM "Lesson" l
      JOIN "Course" co ON co.id = l."courseId"
      LEFT JOIN "LessonProgress" p ON p."lessonId" = l.id AND p."userId" = ${uid}
      LEFT JOIN LATERAL (
        SELECT count(*)::int AS cards, count(*) FILTER (WHERE NOT cd.suspended AND cd.due <= ${ts(now)})::int AS "dueNow",
               count(*) FILTER (WHERE cd.leech)::int AS leeches
        FROM "Card" cd JOIN "Question" q ON q.id = cd."questionId"
        WHERE cd."userId" = ${uid} AND q."lessonId" = l.id AND q."retiredAt" IS NULL
      ) c ON true
      LEFT JOIN LATERAL (
        SELECT count(*) FILTER (WHERE first.correct)::int AS "firstCorrect", count(*)::int AS "firstAttempts", sum(first.n)::int AS reviews
        FROM (
          SELECT DISTINCT ON (r."questionId") r.correct, count(*) OVER (PARTITION BY r."questionId") AS n
          FROM "ReviewLog" r JOIN "Question" q ON q.id = r."questionId"
          WHERE r."userId" = ${uid} AND q."lessonId" = l.id AND q."retiredAt" IS NULL
          ORDER BY r."questionId", r."reviewedAt", r.id
        ) first
      ) f ON true
      WHERE l."retiredAt" IS NULL AND l."courseId" = ANY(${Prisma.sql`${courseIds}::text[]`})
      ORDER BY array_position(${Prisma.sql`${courseIds}::text[]`}, l."courseId"), l.position`,
    db.$queryRaw<CohortLearnerProgress["recent"]>`
      SELECT r."questionId" AS "questionId", q.prompt, l.title AS "lessonTitle", r."reviewedAt" AS "reviewedAt", r.rating, r.correct, r.source
      FROM "ReviewLog" r JOIN "Question" q ON q.id = r."questionId" JOIN "Lesson" l ON l.id = q."lessonId"
      WHERE r."userId" = ${uid} AND l."courseId" = ANY(${Prisma.sql`${courseIds}::text[]`})
      ORDER BY r."reviewedAt" DESC, r.id DESC
      LIMIT 20`,
  ]);
  return { cohort, learner: { userId, name: member.user.name, email: member.user.email, joinedAt: member.joinedAt }, lessons, recent };
}
