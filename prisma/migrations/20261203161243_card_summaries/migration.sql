-- CreateTable
CREATE TABLE "CardSummary" (
    "userId" UUID NOT NULL,
    "questionId" TEXT NOT NULL,
    "cardId" UUID NOT NULL,
    "firstLogId" BIGINT NOT NULL,
    "firstAt" TIMESTAMP(3) NOT NULL,
    "firstDay" DATE NOT NULL,
    "firstCorrect" BOOLEAN NOT NULL,
    "firstChoiceIds" TEXT[],
    "recentAt" TIMESTAMP(3)[],
    "recentDueBefore" TIMESTAMP(3)[],

    CONSTRAINT "CardSummary_pkey" PRIMARY KEY ("userId","questionId")
);

-- AddForeignKey
ALTER TABLE "CardSummary" ADD CONSTRAINT "CardSummary_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The picked choices of a multiple-choice response; none for the other kinds.
CREATE FUNCTION recall_response_choice_ids(response JSONB) RETURNS TEXT[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN jsonb_typeof(response->'choiceIds') = 'array' THEN ARRAY(SELECT jsonb_array_elements_text(response->'choiceIds')) ELSE '{}'::text[] END
$$;

-- The due date a log row's card had before the answer, as stored (UTC).
CREATE FUNCTION recall_due_before(card_before JSONB) RETURNS TIMESTAMP(3)
LANGUAGE sql IMMUTABLE AS $$
  SELECT ((card_before->>'due')::timestamptz AT TIME ZONE 'UTC')::timestamp(3)
$$;

-- CardSummary recomputed from the log, of the given cards (every card with NULL): the recomputation
-- the triggers' increments must always equal, also run for an undo, the rebuild and the test clock.
-- Dynamic so that the cards' case reads the (cardId, reviewedAt) index and the NULL case the table.
CREATE FUNCTION recall_card_summaries(card_ids UUID[]) RETURNS TABLE (
  "userId" UUID, "questionId" TEXT, "cardId" UUID, "firstLogId" BIGINT, "firstAt" TIMESTAMP(3), "firstDay" DATE, "firstCorrect" BOOLEAN,
  "firstChoiceIds" TEXT[], "recentAt" TIMESTAMP(3)[], "recentDueBefore" TIMESTAMP(3)[]
) LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY EXECUTE format($q$
    WITH logs AS (
      SELECT l.id, l."userId", l."questionId", l."cardId", l."reviewedAt", l."learningDay", l.correct, l.response, l."cardBefore",
             max(l."reviewedAt") OVER (PARTITION BY l."userId", l."questionId") AS last_at,
             row_number() OVER (PARTITION BY l."userId", l."questionId" ORDER BY l."reviewedAt", l.id) AS n
      FROM "ReviewLog" l %s
    ), recent AS (
      SELECT g."userId", g."questionId",
             array_agg(g."reviewedAt" ORDER BY g."reviewedAt", g.id) AS at, array_agg(recall_due_before(g."cardBefore") ORDER BY g."reviewedAt", g.id) AS due
      FROM logs g WHERE g."reviewedAt" >= g.last_at - interval '8 days'
      GROUP BY 1, 2
    )
    SELECT f."userId", f."questionId", f."cardId", f.id, f."reviewedAt", f."learningDay", f.correct, recall_response_choice_ids(f.response), r.at, r.due
    FROM logs f JOIN recent r ON r."userId" = f."userId" AND r."questionId" = f."questionId"
    WHERE f.n = 1
  $q$, CASE WHEN card_ids IS NULL THEN '' ELSE 'WHERE l."cardId" = ANY($1)' END) USING card_ids;
END $$;

-- Inserted answers: the earliest per learner and question (reviewedAt, then id, as the log is read)
-- becomes the first answer unless an earlier one is there; every answer joins the recent ones, and
-- those more than 8 days before the latest are dropped. Rows are upserted in key order, so bulk
-- inserts cannot deadlock; the upsert's row lock orders answers committed together.
CREATE FUNCTION recall_card_summaries_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "CardSummary" AS s ("userId", "questionId", "cardId", "firstLogId", "firstAt", "firstDay", "firstCorrect", "firstChoiceIds", "recentAt", "recentDueBefore")
  SELECT f."userId", f."questionId", f."cardId", f.id, f."reviewedAt", f."learningDay", f.correct, recall_response_choice_ids(f.response), r.at, r.due
  FROM (SELECT DISTINCT ON (a."userId", a."questionId") a.* FROM added a ORDER BY a."userId", a."questionId", a."reviewedAt", a.id) f
  JOIN (
    SELECT a."userId", a."questionId", array_agg(a."reviewedAt" ORDER BY a."reviewedAt", a.id) AS at,
           array_agg(recall_due_before(a."cardBefore") ORDER BY a."reviewedAt", a.id) AS due
    FROM (SELECT a.*, max(a."reviewedAt") OVER (PARTITION BY a."userId", a."questionId") AS last_at FROM added a) a
    WHERE a."reviewedAt" >= a.last_at - interval '8 days'
    GROUP BY 1, 2
  ) r ON r."userId" = f."userId" AND r."questionId" = f."questionId"
  ORDER BY f."userId", f."questionId"
  ON CONFLICT ("userId", "questionId") DO UPDATE SET
    ("cardId", "firstLogId", "firstAt", "firstDay", "firstCorrect", "firstChoiceIds") = (
      SELECT CASE WHEN earlier THEN excluded."cardId" ELSE s."cardId" END, CASE WHEN earlier THEN excluded."firstLogId" ELSE s."firstLogId" END,
             CASE WHEN earlier THEN excluded."firstAt" ELSE s."firstAt" END, CASE WHEN earlier THEN excluded."firstDay" ELSE s."firstDay" END,
             CASE WHEN earlier THEN excluded."firstCorrect" ELSE s."firstCorrect" END, CASE WHEN earlier THEN excluded."firstChoiceIds" ELSE s."firstChoiceIds" END
      FROM (SELECT (excluded."firstAt", excluded."firstLogId") < (s."firstAt", s."firstLogId") AS earlier) e
    ),
    ("recentAt", "recentDueBefore") = (
      SELECT array_agg(x.at ORDER BY x.at, x.k), array_agg(x.due ORDER BY x.at, x.k)
      FROM unnest(s."recentAt" || excluded."recentAt", s."recentDueBefore" || excluded."recentDueBefore") WITH ORDINALITY x(at, due, k)
      WHERE x.at >= (SELECT max(m) FROM unnest(s."recentAt" || excluded."recentAt") m) - interval '8 days'
    );
  RETURN NULL;
END $$;

-- Deleted answers (undo; a learner's account removed): the summaries of their cards are recomputed
-- from what is left of the cards' logs (through the (cardId, reviewedAt) index), or go with them.
CREATE FUNCTION recall_card_summaries_remove() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "CardSummary" s USING removed r WHERE s."userId" = r."userId" AND s."questionId" = r."questionId";
  INSERT INTO "CardSummary" ("userId", "questionId", "cardId", "firstLogId", "firstAt", "firstDay", "firstCorrect", "firstChoiceIds", "recentAt", "recentDueBefore")
  SELECT * FROM recall_card_summaries(ARRAY(SELECT DISTINCT r."cardId" FROM removed r)) ORDER BY 1, 2;
  RETURN NULL;
END $$;

CREATE TRIGGER "ReviewLog_card_summaries_add" AFTER INSERT ON "ReviewLog" REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION recall_card_summaries_add();
CREATE TRIGGER "ReviewLog_card_summaries_remove" AFTER DELETE ON "ReviewLog" REFERENCING OLD TABLE AS removed
  FOR EACH STATEMENT EXECUTE FUNCTION recall_card_summaries_remove();

-- Backfill from the log in one pass.
INSERT INTO "CardSummary" ("userId", "questionId", "cardId", "firstLogId", "firstAt", "firstDay", "firstCorrect", "firstChoiceIds", "recentAt", "recentDueBefore")
SELECT * FROM recall_card_summaries(NULL);
