-- CreateTable
CREATE TABLE "FirstAnswer" (
    "userId" UUID NOT NULL,
    "questionId" TEXT NOT NULL,
    "cardId" UUID NOT NULL,
    "reviewLogId" BIGINT NOT NULL,
    "answeredAt" TIMESTAMP(3) NOT NULL,
    "learningDay" DATE NOT NULL,
    "correct" BOOLEAN NOT NULL,
    "choiceIds" TEXT[],

    CONSTRAINT "FirstAnswer_pkey" PRIMARY KEY ("userId","questionId")
);

-- AddForeignKey
ALTER TABLE "FirstAnswer" ADD CONSTRAINT "FirstAnswer_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The first answer of a log row, as FirstAnswer holds it: the picked choices of a multiple-choice
-- response, none for the other kinds.
CREATE FUNCTION recall_response_choice_ids(response JSONB) RETURNS TEXT[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN jsonb_typeof(response->'choiceIds') = 'array' THEN ARRAY(SELECT jsonb_array_elements_text(response->'choiceIds')) ELSE '{}'::text[] END
$$;

-- Inserted answers: the earliest per learner and question (reviewedAt, then id, as the log is read)
-- becomes the first answer unless an earlier one is already there. Rows are upserted in key order, so
-- bulk inserts cannot deadlock; the upsert's row lock orders answers committed together.
CREATE FUNCTION recall_first_answers_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "FirstAnswer" AS f ("userId", "questionId", "cardId", "reviewLogId", "answeredAt", "learningDay", correct, "choiceIds")
  SELECT DISTINCT ON (r."userId", r."questionId") r."userId", r."questionId", r."cardId", r.id, r."reviewedAt", r."learningDay", r.correct,
         recall_response_choice_ids(r.response)
  FROM added r
  ORDER BY r."userId", r."questionId", r."reviewedAt", r.id
  ON CONFLICT ("userId", "questionId") DO UPDATE SET
    "cardId" = excluded."cardId", "reviewLogId" = excluded."reviewLogId", "answeredAt" = excluded."answeredAt",
    "learningDay" = excluded."learningDay", correct = excluded.correct, "choiceIds" = excluded."choiceIds"
  WHERE (excluded."answeredAt", excluded."reviewLogId") < (f."answeredAt", f."reviewLogId");
  RETURN NULL;
END $$;

-- Deleted answers (undo; a learner's account removed): a first answer that went is replaced by the
-- card's next answer still in the log (read through its (cardId, reviewedAt) index), or removed when
-- none is left.
CREATE FUNCTION recall_first_answers_remove() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "FirstAnswer" f SET
    "reviewLogId" = n.id, "answeredAt" = n."reviewedAt", "learningDay" = n."learningDay", correct = n.correct, "choiceIds" = recall_response_choice_ids(n.response)
  FROM removed r
  CROSS JOIN LATERAL (
    SELECT l.id, l."reviewedAt", l."learningDay", l.correct, l.response FROM "ReviewLog" l
    WHERE l."cardId" = r."cardId" AND l."userId" = r."userId" AND l."questionId" = r."questionId"
    ORDER BY l."reviewedAt", l.id LIMIT 1
  ) n
  WHERE f."userId" = r."userId" AND f."questionId" = r."questionId" AND f."reviewLogId" = r.id;
  DELETE FROM "FirstAnswer" f USING removed r
  WHERE f."userId" = r."userId" AND f."questionId" = r."questionId" AND f."reviewLogId" = r.id;
  RETURN NULL;
END $$;

CREATE TRIGGER "ReviewLog_first_answers_add" AFTER INSERT ON "ReviewLog" REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION recall_first_answers_add();
CREATE TRIGGER "ReviewLog_first_answers_remove" AFTER DELETE ON "ReviewLog" REFERENCING OLD TABLE AS removed
  FOR EACH STATEMENT EXECUTE FUNCTION recall_first_answers_remove();

-- Backfill from the log in one pass.
INSERT INTO "FirstAnswer" ("userId", "questionId", "cardId", "reviewLogId", "answeredAt", "learningDay", correct, "choiceIds")
SELECT DISTINCT ON (r."userId", r."questionId") r."userId", r."questionId", r."cardId", r.id, r."reviewedAt", r."learningDay", r.correct,
       recall_response_choice_ids(r.response)
FROM "ReviewLog" r
ORDER BY r."userId", r."questionId", r."reviewedAt", r.id;
