// The answer's statements, sent through `pg` as named prepared statements (lib/db/pg-transaction.ts,
// docs/decisions/030-hot-statements-through-pg.md). The tables are Prisma's (prisma/schema.prisma);
// tests/integration/hot-statements.test.ts checks every column named here against the migrated
// database and Prisma's models, and that a row written here reads back through Prisma as written.
//
// Timestamps: the columns hold UTC wall time without a zone. They are read as `… AT TIME ZONE 'UTC'`
// (a timestamptz, which pg turns into the right Date whatever the process's zone) and written from
// `utcTimestamp()` strings cast to `timestamp`, as the rest of the raw SQL does (lib/db/sql.ts).
import type { HotStatement } from "@/lib/db/pg-transaction";

/**
 * The transaction's first statement: the acting account (its settings, and what the data layer
 * refuses on: gone, disabled, a session's tokenVersion moved on) and the learner's card for the
 * question, locked. No row: the account does not exist. Card columns null: no card yet.
 * $1 userId, $2 questionId.
 */
export const SELECT_ACCOUNT_AND_CARD: HotStatement = {
  name: "recall_answer_account_card_v1",
  text: `SELECT u."desiredRetention", u."fsrsParams", u.timezone, u."dayStartHour", u."tokenVersion", u."disabledAt" IS NOT NULL AS disabled,
  card.id::text AS id, card.due AT TIME ZONE 'UTC' AS due, card.stability, card.difficulty, card."elapsedDays", card."scheduledDays",
  card."learningSteps", card.reps, card.lapses, card.state::text AS state, card."lastReview" AT TIME ZONE 'UTC' AS "lastReview", card.version,
  card."answerHash", card.leech, card.suspended, card."relearnedAtLapses"
FROM "User" u
LEFT JOIN LATERAL (
  SELECT * FROM "Card" c WHERE c."userId" = $1::uuid AND c."questionId" = $2 FOR UPDATE
) card ON true
WHERE u.id = $1::uuid`,
};

/**
 * The review log's insert, the tail of both writes: $1 userId, $2 questionId, $3 rating, $4 response,
 * $5 correct, $6 durationMs, $7 reviewedAt, $8 stateBefore, $9 cardBefore, $10 cardAfter,
 * $11 elapsedDays, $12 scheduledDays, $13 idempotencyKey, $14 sessionId, $15 source.
 */
const INSERT_LOG = `log AS (
  INSERT INTO "ReviewLog" ("userId", "questionId", "cardId", rating, response, correct, "durationMs", "reviewedAt", "stateBefore",
                           "cardBefore", "cardAfter", "elapsedDays", "scheduledDays", "idempotencyKey", "sessionId", source)
  SELECT $1::uuid, $2, card.id, $3::int, $4::jsonb, $5::boolean, $6::int, $7::timestamp, $8::"CardState",
         $9::jsonb, $10::jsonb, $11::int, $12::int, $13, $14, $15
  FROM card
  RETURNING id
)
SELECT card.id::text AS "cardId", card.version, log.id::text AS "logId" FROM card, log`;

/**
 * The card updated (its version bumped) and its log inserted, in one statement. $1–$15 as the log's;
 * $16 cardId, $17 due, $18 stability, $19 difficulty, $20 elapsedDays, $21 scheduledDays,
 * $22 learningSteps, $23 reps, $24 lapses, $25 state, $26 lastReview, $27 answerHash, $28 leech,
 * $29 suspended, $30 relearnedAtLapses. No row: the card is not the learner's.
 */
export const UPDATE_CARD_AND_LOG: HotStatement = {
  name: "recall_answer_update_v1",
  text: `WITH card AS (
  UPDATE "Card" SET due = $17::timestamp, stability = $18::float8, difficulty = $19::float8, "elapsedDays" = $20::int, "scheduledDays" = $21::int,
    "learningSteps" = $22::int, reps = $23::int, lapses = $24::int, state = $25::"CardState", "lastReview" = $26::timestamp, "answerHash" = $27,
    leech = $28::boolean, suspended = $29::boolean, "relearnedAtLapses" = $30::int, version = version + 1
  WHERE id = $16::uuid AND "userId" = $1::uuid
  RETURNING id, version
), ${INSERT_LOG}`,
};

/**
 * The learner's first answer to the question: the card inserted and its log. $1–$15 as the log's;
 * $16 due, $17 stability, $18 difficulty, $19 elapsedDays, $20 scheduledDays, $21 learningSteps,
 * $22 reps, $23 lapses, $24 state, $25 lastReview, $26 answerHash, $27 leech, $28 suspended.
 */
export const INSERT_CARD_AND_LOG: HotStatement = {
  name: "recall_answer_insert_v1",
  text: `WITH card AS (
  INSERT INTO "Card" (id, "userId", "questionId", due, stability, difficulty, "elapsedDays", "scheduledDays", "learningSteps", reps, lapses, state,
                      "lastReview", "answerHash", leech, suspended)
  VALUES (gen_random_uuid(), $1::uuid, $2, $16::timestamp, $17::float8, $18::float8, $19::int, $20::int, $21::int, $22::int, $23::int, $24::"CardState",
          $25::timestamp, $26, $27::boolean, $28::boolean)
  RETURNING id, version
), ${INSERT_LOG}`,
};

/** A lesson counts as started from its first answer there. $1 userId, $2 lessonId, $3 startedAt. */
export const START_LESSON: HotStatement = {
  name: "recall_answer_start_lesson_v1",
  text: `INSERT INTO "LessonProgress" ("userId", "lessonId", "startedAt") VALUES ($1::uuid, $2, $3::timestamp) ON CONFLICT DO NOTHING`,
};

/** The answer recorded under an idempotency key, for a retry. $1 userId, $2 idempotencyKey. */
export const SELECT_LOG_BY_KEY: HotStatement = {
  name: "recall_answer_log_by_key_v1",
  text: `SELECT l.id::text AS id, l.correct, l."cardAfter", l."cardId"::text AS "cardId", l."questionId", l.rating, l.response
FROM "ReviewLog" l WHERE l."userId" = $1::uuid AND l."idempotencyKey" = $2`,
};

/** A card's version now. $1 userId, $2 cardId. */
export const SELECT_CARD_VERSION: HotStatement = {
  name: "recall_answer_card_version_v1",
  text: `SELECT c.version FROM "Card" c WHERE c."userId" = $1::uuid AND c.id = $2::uuid`,
};

/** Every statement above, for the tests that check them against the schema and the sharding rule. */
export const ANSWER_STATEMENTS: readonly HotStatement[] = [SELECT_ACCOUNT_AND_CARD, UPDATE_CARD_AND_LOG, INSERT_CARD_AND_LOG, START_LESSON, SELECT_LOG_BY_KEY, SELECT_CARD_VERSION];
