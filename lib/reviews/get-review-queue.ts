import { ACCOUNT_REFUSED, actorId, type Actor } from "@/lib/auth/actor";
import { readLiveContent } from "@/lib/content/live-cache";
import { poolOf, type Db } from "@/lib/db/client";
import { runHot } from "@/lib/db/pg-transaction";
import { utcTimestamp } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import type { SrsCard } from "@/lib/srs/scheduler";
import { orderQueue } from "@/lib/srs/queue";
import { retrievability } from "@/lib/srs/scheduler";
import { REVIEW_QUEUE, REVIEW_QUEUE_FILTERED } from "./queue-statement";

export { SESSION_BATCH } from "./queue-statement";

export interface ReviewFilter {
  courseId?: string;
  topicId?: string;
}

type QueueRow = Pick<SrsCard, "due" | "stability" | "state" | "lastReview"> & {
  id: string | null;
  questionId: string;
  version: number;
  lessonId: string;
  dueCount: number;
  nextDue: Date | null;
  active: boolean | null;
};

/**
 * The learner's due cards, most-forgotten first with a lesson's questions spread apart, plus the
 * counts the session header shows. One statement (the review page's hot path), a prepared statement
 * sent through `pg` on the client's own pool (lib/reviews/queue-statement.ts, decision 030): the
 * first SESSION_BATCH due cards by the (userId, due) index, with the number due and the next due
 * instant alongside, so a learner with nothing due still gets one row carrying the counts. The whole
 * queue and a filtered one are two texts, so that the whole queue's is planned once per connection.
 */
export async function getReviewQueue({ db, actor, filter = {}, now = new Date(), params }: { db: Db; actor: Actor; filter?: ReviewFilter; now?: Date; params?: number[] | null }) {
  const userId = actorId(actor);
  const courseId = filter.courseId ?? null;
  const topicId = filter.topicId ?? null;
  const rows =
    courseId === null && topicId === null
      ? await runHot<QueueRow>(poolOf(db), REVIEW_QUEUE, [userId, utcTimestamp(now)])
      : await runHot<QueueRow>(poolOf(db), REVIEW_QUEUE_FILTERED, [userId, utcTimestamp(now), courseId, topicId]);
  if (rows[0]?.active !== true) throw new AppError("FORBIDDEN", ACCOUNT_REFUSED);
  const cards = rows.filter((r) => r.id !== null);
  const order = orderQueue(
    cards.map((c) => ({ id: c.id!, lessonId: c.lessonId, due: c.due, state: c.state, retrievability: retrievability(c, now, params) })),
    now,
  );
  const byId = new Map(cards.map((c) => [c.id!, c]));
  const ordered = order.map((id) => byId.get(id)).filter((c) => c !== undefined);
  return {
    cards: ordered.map((c) => ({ cardId: c.id!, questionId: c.questionId, lessonId: c.lessonId, version: c.version, state: c.state })),
    dueCount: rows[0]?.dueCount ?? 0,
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
