// The review queue's statement, sent through `pg` as a named prepared statement on the Prisma
// client's own pool, like the answer's (docs/decisions/030-hot-statements-through-pg.md). The tables
// are Prisma's; tests/integration/hot-statements.test.ts checks the names and the types of the
// columns read against prisma/schema.prisma.
//
// Timestamps are read as `… AT TIME ZONE 'UTC'` (a timestamptz, the right Date whatever the process's
// zone) and `now` is passed as UTC wall time (utcTimestamp), as in answer-statements.ts.
import type { HotStatement } from "@/lib/db/pg-transaction";

/** Cards fetched per session page; the queue is ordered within them (most overdue first by index). */
export const SESSION_BATCH = 100;

/**
 * The filter on a `Question` row aliased `q`: live, in the course ($3) and about the topic ($4), each
 * only when given. The filter is a parameter rather than a text of its own so that the statement
 * keeps one name; it reads only the Question side, which the plan joins after the Card index scan.
 */
const LIVE_IN_FILTER = `q."retiredAt" IS NULL
      AND ($3::text IS NULL OR q."lessonId" IN (SELECT l.id FROM "Lesson" l WHERE l."courseId" = $3::text))
      AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM "QuestionTopic" qt WHERE qt."questionId" = q.id AND qt."topicId" = $4::text)
        OR EXISTS (SELECT 1 FROM "LessonTopic" lt WHERE lt."lessonId" = q."lessonId" AND lt."topicId" = $4::text))`;

/**
 * The learner's first SESSION_BATCH due cards by the (userId, due) index, with the number due and the
 * next due instant alongside, so a learner with nothing due still gets one row carrying the counts;
 * `active` is requireActiveUser's account check, inside the one statement (null: the account is gone).
 * $1 userId, $2 now (UTC wall time), $3 courseId or null, $4 topicId or null.
 */
export const REVIEW_QUEUE: HotStatement = {
  name: "recall_review_queue_v1",
  text: `SELECT c.id::text AS id, c."questionId", c.version, q."lessonId", c.due AT TIME ZONE 'UTC' AS due, c.stability, c.difficulty,
  c."elapsedDays", c."scheduledDays", c."learningSteps", c.reps, c.lapses, c.state::text AS state,
  c."lastReview" AT TIME ZONE 'UTC' AS "lastReview", counts."dueCount", counts."nextDue" AT TIME ZONE 'UTC' AS "nextDue", counts.active
FROM (SELECT
        (SELECT u."disabledAt" IS NULL FROM "User" u WHERE u.id = $1::uuid) AS active,
        (SELECT count(*)::int FROM "Card" c JOIN "Question" q ON q.id = c."questionId"
          WHERE c."userId" = $1::uuid AND NOT c.suspended AND c.due <= $2::timestamp AND ${LIVE_IN_FILTER}) AS "dueCount",
        (SELECT min(c.due) FROM "Card" c JOIN "Question" q ON q.id = c."questionId"
          WHERE c."userId" = $1::uuid AND NOT c.suspended AND c.due > $2::timestamp AND ${LIVE_IN_FILTER}) AS "nextDue") counts
LEFT JOIN LATERAL (
  SELECT c.* FROM "Card" c JOIN "Question" q ON q.id = c."questionId"
   WHERE c."userId" = $1::uuid AND NOT c.suspended AND c.due <= $2::timestamp AND ${LIVE_IN_FILTER}
   ORDER BY c.due LIMIT ${SESSION_BATCH}
) c ON true
LEFT JOIN "Question" q ON q.id = c."questionId"
ORDER BY c.due`,
};
