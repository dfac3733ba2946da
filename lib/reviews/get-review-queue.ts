import type { Db } from "@/lib/db/client";
import { SRS_CARD_SELECT } from "@/lib/srs/card-fields";
import type { Prisma } from "@/lib/db/generated/client";
import { orderQueue } from "@/lib/srs/queue";
import { retrievability } from "@/lib/srs/scheduler";

export interface ReviewFilter {
  courseId?: string;
  topicId?: string;
}

/** Cards fetched per session page; the queue is ordered within them (most overdue first by index). */
export const SESSION_BATCH = 100;

function questionWhere(filter: ReviewFilter): Prisma.QuestionWhereInput {
  return {
    retiredAt: null,
    ...(filter.courseId ? { lesson: { courseId: filter.courseId } } : {}),
    ...(filter.topicId
      ? { OR: [{ topics: { some: { topicId: filter.topicId } } }, { lesson: { topics: { some: { topicId: filter.topicId } } } }] }
      : {}),
  };
}

/**
 * The learner's due cards, most-forgotten first with a lesson's questions spread apart, plus the
 * counts the session header shows. Every query is scoped by userId and served by the (userId, due) index.
 */
export async function getReviewQueue({ db, userId, filter = {}, now = new Date(), params }: { db: Db; userId: string; filter?: ReviewFilter; now?: Date; params?: number[] | null }) {
  const where: Prisma.CardWhereInput = { userId, suspended: false, due: { lte: now }, question: questionWhere(filter) };
  const [cards, dueCount, nextDue] = await Promise.all([
    db.card.findMany({
      where,
      orderBy: { due: "asc" },
      take: SESSION_BATCH,
      select: {
        id: true,
        questionId: true,
        version: true,
        ...SRS_CARD_SELECT,
        question: { select: { lessonId: true } },
      },
    }),
    db.card.count({ where }),
    db.card.findFirst({
      where: { userId, suspended: false, due: { gt: now }, question: questionWhere(filter) },
      orderBy: { due: "asc" },
      select: { due: true },
    }),
  ]);
  const order = orderQueue(
    cards.map((c) => ({ id: c.id, lessonId: c.question.lessonId, due: c.due, state: c.state, retrievability: retrievability(c, now, params) })),
    now,
  );
  const byId = new Map(cards.map((c) => [c.id, c]));
  const ordered = order.map((id) => byId.get(id)).filter((c) => c !== undefined);
  return {
    cards: ordered.map((c) => ({ cardId: c.id, questionId: c.questionId, lessonId: c.question.lessonId, version: c.version, state: c.state })),
    dueCount,
    nextDue: nextDue?.due ?? null,
    /** The instant the queue was read at: the browser counts down to `nextDue` from it, whatever its own clock says. */
    now,
  };
}

/** The compiled lessons the queue's questions live in, to render each question as its lesson does. */
export async function getLessonsForQuestions({ db, lessonIds }: { db: Db; lessonIds: string[] }) {
  const lessons = await db.lesson.findMany({
    where: { id: { in: lessonIds } },
    select: { id: true, title: true, code: true, contentHash: true, meta: true },
  });
  return new Map(lessons.map((l) => [l.id, l]));
}
