// The review queue's statements, sent through `pg` as named prepared statements on the Prisma
// client's own pool, like the answer's (docs/decisions/030-hot-statements-through-pg.md). The tables
// are Prisma's; tests/integration/hot-statements.test.ts checks the names and the types of the
// columns read against prisma/schema.prisma.
//
// Timestamps are read as `… AT TIME ZONE 'UTC'` (a timestamptz, the right Date whatever the process's
// zone) and `now` is passed as UTC wall time (utcTimestamp), as in answer-statements.ts.
import type { HotStatement } from "@/lib/db/pg-transaction";

/** Cards fetched per session page; the queue is ordered within them (most overdue first by index). */
export const SESSION_BATCH = 100;

/** The condition on a `Question` row aliased `q` for the whole queue: live. */
const LIVE = `q."retiredAt" IS NULL`;

/** The same, in the course ($3) and about the topic ($4), each only when given (null: no filter). */
const LIVE_IN_FILTER = `${LIVE}
      AND ($3::text IS NULL OR q."lessonId" IN (SELECT l.id FROM "Lesson" l WHERE l."courseId" = $3::text))
      AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM "QuestionTopic" qt WHERE qt."questionId" = q.id AND qt."topicId" = $4::text)
        OR EXISTS (SELECT 1 FROM "LessonTopic" lt WHERE lt."lessonId" = q."lessonId" AND lt."topicId" = $4::text))`;

/**
 * The learner's first SESSION_BATCH due cards on questions that pass `questionFilter` (what the queue
 * orders them by and the page needs: retrievability reads stability, state and last review), with the number
 * due counted over the same index range (a window over it, before the LIMIT) and the next due instant
 * from the first matching index entry after `now`, so a learner with nothing due still gets one row
 * carrying the counts; `active` is requireActiveUser's account check (null: the account is gone).
 * Two short index range reads on Card's (userId, due), each joined to its cards' questions.
 *
 * `now` is read through a sub-select, `(SELECT $2::timestamp)`, which hides its value from the planner:
 * a plan made for the call's own values (PostgreSQL's first five runs of a prepared statement on a
 * connection) then costs what the generic plan costs, so PostgreSQL keeps the generic plan from the
 * sixth run on and plans this statement no more (planning was 0.5–0.9 ms, more than executing it; with
 * the value visible, the due-date histogram always made the per-call plan look cheaper). The filters
 * are not hidden: a null filter folds away in a per-call plan, so the filtered statement is planned on
 * every call, and it has a text of its own to keep the unfiltered one (the review page's) generic.
 */
function queueStatement(name: string, questionFilter: string): HotStatement {
  return {
    name,
    text: `SELECT c.id::text AS id, c."questionId", c.version, c."lessonId", c.due AT TIME ZONE 'UTC' AS due, c.stability, c.state::text AS state,
  c."lastReview" AT TIME ZONE 'UTC' AS "lastReview", coalesce(c."dueCount", 0) AS "dueCount", head."nextDue" AT TIME ZONE 'UTC' AS "nextDue", head.active
FROM (SELECT
        (SELECT u."disabledAt" IS NULL FROM "User" u WHERE u.id = $1::uuid) AS active,
        (SELECT c.due FROM "Card" c JOIN "Question" q ON q.id = c."questionId"
          WHERE c."userId" = $1::uuid AND NOT c.suspended AND c.due > (SELECT $2::timestamp) AND ${questionFilter}
          ORDER BY c.due LIMIT 1) AS "nextDue") head
LEFT JOIN (
  SELECT c.id, c."questionId", c.version, q."lessonId", c.due, c.stability, c.state, c."lastReview", count(*) OVER ()::int AS "dueCount"
    FROM "Card" c JOIN "Question" q ON q.id = c."questionId"
   WHERE c."userId" = $1::uuid AND NOT c.suspended AND c.due <= (SELECT $2::timestamp) AND ${questionFilter}
   ORDER BY c.due LIMIT ${SESSION_BATCH}
) c ON true`,
  };
}

/** The whole queue: $1 userId, $2 now (UTC wall time). The review page's statement. */
export const REVIEW_QUEUE = queueStatement("recall_review_queue_v2", LIVE);

/** The queue narrowed to a course and/or a topic: $1 userId, $2 now, $3 courseId or null, $4 topicId or null. */
export const REVIEW_QUEUE_FILTERED = queueStatement("recall_review_queue_filtered_v1", LIVE_IN_FILTER);

export const REVIEW_QUEUE_STATEMENTS = [REVIEW_QUEUE, REVIEW_QUEUE_FILTERED];
