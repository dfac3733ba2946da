-- CreateTable
CREATE TABLE "LearnerSession" (
    "userId" UUID NOT NULL,
    "sessionId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "answers" INTEGER NOT NULL,
    "correct" INTEGER NOT NULL,
    "newCards" INTEGER NOT NULL,
    "lessonAnswers" INTEGER NOT NULL,
    "durationMs" BIGINT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3) NOT NULL,
    "lessonIds" TEXT[],

    CONSTRAINT "LearnerSession_pkey" PRIMARY KEY ("userId","sessionId","day")
);

-- CreateIndex
CREATE INDEX "LearnerSession_userId_endedAt_idx" ON "LearnerSession"("userId", "endedAt");

-- AddForeignKey
ALTER TABLE "LearnerSession" ADD CONSTRAINT "LearnerSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Inserted answers are added to their session's row in the inserting statement's transaction, as the
-- other rollups are (20261203133121_rollups): counts are added and the start, the end and the lessons
-- widened under the row lock, so answers committed together lose nothing; rows in key order.
CREATE FUNCTION recall_sessions_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "LearnerSession" AS s ("userId", "sessionId", day, answers, correct, "newCards", "lessonAnswers", "durationMs", "startedAt", "endedAt", "lessonIds")
  SELECT r."userId", r."sessionId", r."learningDay", count(*), count(*) FILTER (WHERE r.correct), count(*) FILTER (WHERE r."stateBefore" = 'NEW'),
         count(*) FILTER (WHERE r.source = 'lesson'), coalesce(sum(r."durationMs"), 0), min(r."reviewedAt"), max(r."reviewedAt"),
         array_agg(DISTINCT q."lessonId" ORDER BY q."lessonId")
  FROM added r JOIN "Question" q ON q.id = r."questionId"
  GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT ("userId", "sessionId", day) DO UPDATE SET
    answers = s.answers + excluded.answers, correct = s.correct + excluded.correct, "newCards" = s."newCards" + excluded."newCards",
    "lessonAnswers" = s."lessonAnswers" + excluded."lessonAnswers", "durationMs" = s."durationMs" + excluded."durationMs",
    "startedAt" = least(s."startedAt", excluded."startedAt"), "endedAt" = greatest(s."endedAt", excluded."endedAt"),
    "lessonIds" = ARRAY(SELECT DISTINCT x FROM unnest(s."lessonIds" || excluded."lessonIds") AS x ORDER BY x);
  RETURN NULL;
END $$;

-- Deleted answers (undo; an account removed): a start, an end or a lesson cannot be subtracted, so the
-- sessions they were in are recounted from the log, each by one range of the (userId, reviewedAt)
-- index between its start and end (its own answers, not the history). Their rows are locked first, in
-- key order: in READ COMMITTED each later statement sees every answer committed before the lock, and
-- an answer added after it waits and then adds to the recount. A session left without answers goes.
CREATE FUNCTION recall_sessions_recount() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM "LearnerSession" s
  WHERE (s."userId", s."sessionId", s.day) IN (SELECT "userId", "sessionId", "learningDay" FROM removed)
  ORDER BY s."userId", s."sessionId", s.day FOR UPDATE;
  DELETE FROM "LearnerSession" s
  WHERE (s."userId", s."sessionId", s.day) IN (SELECT "userId", "sessionId", "learningDay" FROM removed)
    AND NOT EXISTS (
      SELECT 1 FROM "ReviewLog" r
      WHERE r."userId" = s."userId" AND r."reviewedAt" BETWEEN s."startedAt" AND s."endedAt" AND r."sessionId" = s."sessionId" AND r."learningDay" = s.day);
  UPDATE "LearnerSession" s SET
    answers = n.answers, correct = n.correct, "newCards" = n."newCards", "lessonAnswers" = n."lessonAnswers", "durationMs" = n."durationMs",
    "startedAt" = n."startedAt", "endedAt" = n."endedAt", "lessonIds" = n."lessonIds"
  FROM (
    SELECT o."userId", o."sessionId", o.day, c.*
    FROM "LearnerSession" o
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS answers, count(*) FILTER (WHERE r.correct)::int AS correct, count(*) FILTER (WHERE r."stateBefore" = 'NEW')::int AS "newCards",
             count(*) FILTER (WHERE r.source = 'lesson')::int AS "lessonAnswers", coalesce(sum(r."durationMs"), 0)::bigint AS "durationMs",
             min(r."reviewedAt") AS "startedAt", max(r."reviewedAt") AS "endedAt", array_agg(DISTINCT q."lessonId" ORDER BY q."lessonId") AS "lessonIds"
      FROM "ReviewLog" r JOIN "Question" q ON q.id = r."questionId"
      WHERE r."userId" = o."userId" AND r."reviewedAt" BETWEEN o."startedAt" AND o."endedAt" AND r."sessionId" = o."sessionId" AND r."learningDay" = o.day
    ) c
    WHERE (o."userId", o."sessionId", o.day) IN (SELECT "userId", "sessionId", "learningDay" FROM removed)
  ) n
  WHERE s."userId" = n."userId" AND s."sessionId" = n."sessionId" AND s.day = n.day AND n.answers > 0;
  RETURN NULL;
END $$;

CREATE TRIGGER "ReviewLog_sessions_add" AFTER INSERT ON "ReviewLog" REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION recall_sessions_add();
CREATE TRIGGER "ReviewLog_sessions_recount" AFTER DELETE ON "ReviewLog" REFERENCING OLD TABLE AS removed
  FOR EACH STATEMENT EXECUTE FUNCTION recall_sessions_recount();

-- Backfill from the log in one pass (every answer is stamped with its day by the rollups migration).
INSERT INTO "LearnerSession" ("userId", "sessionId", day, answers, correct, "newCards", "lessonAnswers", "durationMs", "startedAt", "endedAt", "lessonIds")
SELECT r."userId", r."sessionId", r."learningDay", count(*), count(*) FILTER (WHERE r.correct), count(*) FILTER (WHERE r."stateBefore" = 'NEW'),
       count(*) FILTER (WHERE r.source = 'lesson'), coalesce(sum(r."durationMs"), 0), min(r."reviewedAt"), max(r."reviewedAt"),
       array_agg(DISTINCT q."lessonId" ORDER BY q."lessonId")
FROM "ReviewLog" r JOIN "Question" q ON q.id = r."questionId"
WHERE r."learningDay" IS NOT NULL
GROUP BY 1, 2, 3;
