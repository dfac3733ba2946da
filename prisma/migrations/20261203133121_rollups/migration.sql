-- AlterTable
ALTER TABLE "ReviewLog" ADD COLUMN     "learningDay" DATE;

-- CreateTable
CREATE TABLE "LearnerDay" (
    "userId" UUID NOT NULL,
    "day" DATE NOT NULL,
    "courseId" TEXT NOT NULL,
    "answers" INTEGER NOT NULL DEFAULT 0,
    "correct" INTEGER NOT NULL DEFAULT 0,
    "reviews" INTEGER NOT NULL DEFAULT 0,
    "reviewsCorrect" INTEGER NOT NULL DEFAULT 0,
    "newCards" INTEGER NOT NULL DEFAULT 0,
    "lapses" INTEGER NOT NULL DEFAULT 0,
    "durationMs" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "LearnerDay_pkey" PRIMARY KEY ("userId","day","courseId")
);

-- CreateTable
CREATE TABLE "QuestionDay" (
    "userId" UUID NOT NULL,
    "questionId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "answers" INTEGER NOT NULL DEFAULT 0,
    "correct" INTEGER NOT NULL DEFAULT 0,
    "reviews" INTEGER NOT NULL DEFAULT 0,
    "reviewsCorrect" INTEGER NOT NULL DEFAULT 0,
    "lapses" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "QuestionDay_pkey" PRIMARY KEY ("userId","questionId","day")
);

-- AddForeignKey
ALTER TABLE "LearnerDay" ADD CONSTRAINT "LearnerDay_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuestionDay" ADD CONSTRAINT "QuestionDay_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The learning day of an instant for a zone and day start, as lib/srs/day.ts counts it: an unknown zone
-- counts as UTC and an hour outside 0–23 as 4 (resolveDayOptions), so a hand-edited zone never blocks
-- an answer.
CREATE FUNCTION recall_learning_day(at_utc TIMESTAMP, zone TEXT, start_hour INTEGER) RETURNS DATE
LANGUAGE plpgsql STABLE AS $$
DECLARE
  hours INTEGER := CASE WHEN start_hour BETWEEN 0 AND 23 THEN start_hour ELSE 4 END;
BEGIN
  RETURN (((at_utc AT TIME ZONE 'UTC') AT TIME ZONE zone) - make_interval(hours => hours))::date;
EXCEPTION WHEN invalid_parameter_value THEN
  RETURN (at_utc - make_interval(hours => hours))::date;
END $$;

-- Every answer is stamped with the learner's day at the moment it is recorded, whoever writes it (the
-- answer path, an offline replay, a seed or a restore that carries its own day keeps it).
CREATE FUNCTION recall_review_log_stamp_day() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."learningDay" IS NULL THEN
    SELECT recall_learning_day(NEW."reviewedAt", u.timezone, u."dayStartHour") INTO NEW."learningDay" FROM "User" u WHERE u.id = NEW."userId";
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER "ReviewLog_stamp_day" BEFORE INSERT ON "ReviewLog" FOR EACH ROW EXECUTE FUNCTION recall_review_log_stamp_day();

-- Inserted answers are added to the rollups in the inserting statement's transaction. The upsert adds
-- to the stored counts (n = n + excluded.n) under the row lock, so answers committed together never
-- lose an increment; rows are taken in key order so two bulk inserts cannot deadlock.
CREATE FUNCTION recall_rollups_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "LearnerDay" AS d ("userId", day, "courseId", answers, correct, reviews, "reviewsCorrect", "newCards", lapses, "durationMs")
  SELECT r."userId", r."learningDay", l."courseId", count(*), count(*) FILTER (WHERE r.correct),
         count(*) FILTER (WHERE r."stateBefore" = 'REVIEW'), count(*) FILTER (WHERE r."stateBefore" = 'REVIEW' AND r.correct),
         count(*) FILTER (WHERE r."stateBefore" = 'NEW'), count(*) FILTER (WHERE r."stateBefore" = 'REVIEW' AND r.rating = 1),
         coalesce(sum(r."durationMs"), 0)
  FROM added r JOIN "Question" q ON q.id = r."questionId" JOIN "Lesson" l ON l.id = q."lessonId"
  GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT ("userId", day, "courseId") DO UPDATE SET
    answers = d.answers + excluded.answers, correct = d.correct + excluded.correct, reviews = d.reviews + excluded.reviews,
    "reviewsCorrect" = d."reviewsCorrect" + excluded."reviewsCorrect", "newCards" = d."newCards" + excluded."newCards",
    lapses = d.lapses + excluded.lapses, "durationMs" = d."durationMs" + excluded."durationMs";
  INSERT INTO "QuestionDay" AS d ("userId", "questionId", day, answers, correct, reviews, "reviewsCorrect", lapses)
  SELECT r."userId", r."questionId", r."learningDay", count(*), count(*) FILTER (WHERE r.correct),
         count(*) FILTER (WHERE r."stateBefore" = 'REVIEW'), count(*) FILTER (WHERE r."stateBefore" = 'REVIEW' AND r.correct),
         count(*) FILTER (WHERE r."stateBefore" = 'REVIEW' AND r.rating = 1)
  FROM added r
  GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT ("userId", "questionId", day) DO UPDATE SET
    answers = d.answers + excluded.answers, correct = d.correct + excluded.correct, reviews = d.reviews + excluded.reviews,
    "reviewsCorrect" = d."reviewsCorrect" + excluded."reviewsCorrect", lapses = d.lapses + excluded.lapses;
  RETURN NULL;
END $$;

-- Deleted answers (undo; a learner's account removed) are subtracted from the rows they were added to:
-- same day (stored on the log), same question and course. A row left at zero answers is kept (an
-- answer on that day may follow); readers skip it. UPDATE, not upsert: when the learner's own rows go
-- in the same cascade there is nothing to subtract from.
CREATE FUNCTION recall_rollups_subtract() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "LearnerDay" d SET
    answers = d.answers - o.answers, correct = d.correct - o.correct, reviews = d.reviews - o.reviews,
    "reviewsCorrect" = d."reviewsCorrect" - o."reviewsCorrect", "newCards" = d."newCards" - o."newCards",
    lapses = d.lapses - o.lapses, "durationMs" = d."durationMs" - o."durationMs"
  FROM (
    SELECT r."userId", r."learningDay" AS day, l."courseId", count(*) AS answers, count(*) FILTER (WHERE r.correct) AS correct,
           count(*) FILTER (WHERE r."stateBefore" = 'REVIEW') AS reviews, count(*) FILTER (WHERE r."stateBefore" = 'REVIEW' AND r.correct) AS "reviewsCorrect",
           count(*) FILTER (WHERE r."stateBefore" = 'NEW') AS "newCards", count(*) FILTER (WHERE r."stateBefore" = 'REVIEW' AND r.rating = 1) AS lapses,
           coalesce(sum(r."durationMs"), 0) AS "durationMs"
    FROM removed r JOIN "Question" q ON q.id = r."questionId" JOIN "Lesson" l ON l.id = q."lessonId"
    GROUP BY 1, 2, 3
  ) o
  WHERE d."userId" = o."userId" AND d.day = o.day AND d."courseId" = o."courseId";
  UPDATE "QuestionDay" d SET
    answers = d.answers - o.answers, correct = d.correct - o.correct, reviews = d.reviews - o.reviews,
    "reviewsCorrect" = d."reviewsCorrect" - o."reviewsCorrect", lapses = d.lapses - o.lapses
  FROM (
    SELECT r."userId", r."questionId", r."learningDay" AS day, count(*) AS answers, count(*) FILTER (WHERE r.correct) AS correct,
           count(*) FILTER (WHERE r."stateBefore" = 'REVIEW') AS reviews, count(*) FILTER (WHERE r."stateBefore" = 'REVIEW' AND r.correct) AS "reviewsCorrect",
           count(*) FILTER (WHERE r."stateBefore" = 'REVIEW' AND r.rating = 1) AS lapses
    FROM removed r
    GROUP BY 1, 2, 3
  ) o
  WHERE d."userId" = o."userId" AND d."questionId" = o."questionId" AND d.day = o.day;
  RETURN NULL;
END $$;

CREATE TRIGGER "ReviewLog_rollups_add" AFTER INSERT ON "ReviewLog" REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION recall_rollups_add();
CREATE TRIGGER "ReviewLog_rollups_subtract" AFTER DELETE ON "ReviewLog" REFERENCING OLD TABLE AS removed
  FOR EACH STATEMENT EXECUTE FUNCTION recall_rollups_subtract();

-- Backfill: the existing answers get the day the dashboards counted them on until now (the learner's
-- current zone and day start), then the rollups are filled from the log in one pass.
UPDATE "ReviewLog" r SET "learningDay" = recall_learning_day(r."reviewedAt", u.timezone, u."dayStartHour") FROM "User" u WHERE u.id = r."userId";

INSERT INTO "LearnerDay" ("userId", day, "courseId", answers, correct, reviews, "reviewsCorrect", "newCards", lapses, "durationMs")
SELECT r."userId", r."learningDay", l."courseId", count(*), count(*) FILTER (WHERE r.correct),
       count(*) FILTER (WHERE r."stateBefore" = 'REVIEW'), count(*) FILTER (WHERE r."stateBefore" = 'REVIEW' AND r.correct),
       count(*) FILTER (WHERE r."stateBefore" = 'NEW'), count(*) FILTER (WHERE r."stateBefore" = 'REVIEW' AND r.rating = 1),
       coalesce(sum(r."durationMs"), 0)
FROM "ReviewLog" r JOIN "Question" q ON q.id = r."questionId" JOIN "Lesson" l ON l.id = q."lessonId"
GROUP BY 1, 2, 3;

INSERT INTO "QuestionDay" ("userId", "questionId", day, answers, correct, reviews, "reviewsCorrect", lapses)
SELECT r."userId", r."questionId", r."learningDay", count(*), count(*) FILTER (WHERE r.correct),
       count(*) FILTER (WHERE r."stateBefore" = 'REVIEW'), count(*) FILTER (WHERE r."stateBefore" = 'REVIEW' AND r.correct),
       count(*) FILTER (WHERE r."stateBefore" = 'REVIEW' AND r.rating = 1)
FROM "ReviewLog" r
GROUP BY 1, 2, 3;
