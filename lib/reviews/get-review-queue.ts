import { ACCOUNT_REFUSED, actorId, type Actor } from "@/lib/auth/actor";
import { readLiveContent } from "@/lib/content/live-cache";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { ts } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import { toSrsCard } from "@/lib/srs/card-fields";
import type { SrsCard } from "@/lib/srs/scheduler";
import { orderQueue } from "@/lib/srs/queue";
import { retrievability } from "@/lib/srs/scheduler";

export interface ReviewFilter {
  courseId?: string;
  topicId?: string;
}

/** Cards fetched per session page; the queue is ordered within them (most overdue first by index). */
export const SESSION_BATCH = 100;

/** The filter as SQL on a `Question` row aliased `q`: live questions, of the course or about the topic. */
function questionFilter(filter: ReviewFilter): Prisma.Sql {
  const parts = [Prisma.sql`q."retiredAt" IS NULL`];
  if (filter.courseId) parts.push(Prisma.sql`q."lessonId" IN (SELECT l.id FROM "Lesson" l WHERE l."courseId" = ${filter.courseId})`);
  if (filter.topicId) {
    parts.push(Prisma.sql`(EXISTS (SELECT 1 FROM "QuestionTopic" qt WHERE qt."questionId" = q.id AND qt."topicId" = ${filter.topicId})
      OR EXISTS (SELECT 1 FROM "LessonTopic" lt WHERE lt."lessonId" = q."lessonId" AND lt."topicId" = ${filter.topicId}))`);
  }
  return Prisma.join(parts, " AND ");
}

type QueueRow = SrsCard & { id: string | null; questionId: string; version: number; lessonId: string; dueCount: bigint | number; nextDue: Date | null; active: boolean | null };

/**
 * The learner's due cards, most-forgotten first with a lesson's questions spread apart, plus the
 * counts the session header shows. One statement (the review page's hot path): the first
 * SESSION_BATCH due cards by the (userId, due) index, with the number due and the next due instant
 * alongside, so a learner with nothing due still gets one row carrying the counts.
 */
export async function getReviewQueue({ db, actor, filter = {}, now = new Date(), params }: { db: Db; actor: Actor; filter?: ReviewFilter; now?: Date; params?: number[] | null }) {
  const userId = actorId(actor);
  const where = questionFilter(filter);
  const rows = await db.$queryRaw<QueueRow[]>`
    SELECT c.id::text AS id, c."questionId", c.version, q."lessonId", c.due, c.stability, c.difficulty, c."elapsedDays", c."scheduledDays",
           c."learningSteps", c.reps, c.lapses, c.state::text AS state, c."lastReview", counts."dueCount", counts."nextDue", counts.active
      FROM (SELECT
              -- The account check of requireActiveUser, inside the one statement: null when the account is gone.
              (SELECT u."disabledAt" IS NULL FROM "User" u WHERE u.id = ${userId}::uuid) AS active,
              (SELECT count(*) FROM "Card" c JOIN "Question" q ON q.id = c."questionId"
                WHERE c."userId" = ${userId}::uuid AND NOT c.suspended AND c.due <= ${ts(now)} AND ${where}) AS "dueCount",
              (SELECT min(c.due) FROM "Card" c JOIN "Question" q ON q.id = c."questionId"
                WHERE c."userId" = ${userId}::uuid AND NOT c.suspended AND c.due > ${ts(now)} AND ${where}) AS "nextDue") counts
      LEFT JOIN LATERAL (
        SELECT c.* FROM "Card" c JOIN "Question" q ON q.id = c."questionId"
         WHERE c."userId" = ${userId}::uuid AND NOT c.suspended AND c.due <= ${ts(now)} AND ${where}
         ORDER BY c.due LIMIT ${SESSION_BATCH}
      ) c ON true
      LEFT JOIN "Question" q ON q.id = c."questionId"
     ORDER BY c.due`;
  if (rows[0]?.active !== true) throw new AppError("FORBIDDEN", ACCOUNT_REFUSED);
  const cards = rows.filter((r) => r.id !== null);
  const order = orderQueue(
    cards.map((c) => ({ id: c.id!, lessonId: c.lessonId, due: c.due, state: c.state, retrievability: retrievability(toSrsCard(c), now, params) })),
    now,
  );
  const byId = new Map(cards.map((c) => [c.id!, c]));
  const ordered = order.map((id) => byId.get(id)).filter((c) => c !== undefined);
  return {
    cards: ordered.map((c) => ({ cardId: c.id!, questionId: c.questionId, lessonId: c.lessonId, version: c.version, state: c.state })),
    dueCount: Number(rows[0]?.dueCount ?? 0),
    nextDue: rows[0]?.nextDue ?? null,
    /** The instant the queue was read at: the browser counts down to `nextDue` from it, whatever its own clock says. */
    now,
  };
}

/** The compiled lessons the queue's questions live in, to render each question as its lesson does. */
export async function getLessonsForQuestions({ db, lessonIds }: { db: Db; lessonIds: string[] }) {
  // One read per lesson, from the live-content cache: after a sync each process reads a lesson once.
  const lessons = await Promise.all(
    [...new Set(lessonIds)].map((id) =>
      readLiveContent(db, `lesson-for-review:${id}`, () =>
        db.lesson.findUnique({ where: { id }, select: { id: true, title: true, code: true, contentHash: true, meta: true } }),
      ),
    ),
  );
  return new Map(lessons.filter((l) => l !== null).map((l) => [l.id, l]));
}
