-- AlterTable
ALTER TABLE "CardSummary" ADD COLUMN     "answers" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "lapses" INTEGER NOT NULL DEFAULT 0;

-- Each card's answers and lapses (rating Again on a card in review, as QuestionDay counts them), so the
-- cohort's per-question totals read one narrow row per card instead of every learner-question-day
-- (docs/decisions/034-cohort-figures-one-pass-per-table.md). The recomputation gains the two columns
-- (its result type changes, so it is dropped and created again); the insert trigger adds them up; the
-- delete trigger keeps recomputing the touched cards.
DROP FUNCTION recall_card_summaries(UUID[]);
CREATE FUNCTION recall_card_summaries(card_ids UUID[]) RETURNS TABLE (
  "userId" UUID, "questionId" TEXT, "cardId" UUID, "firstLogId" BIGINT, "firstAt" TIMESTAMP(3), "firstDay" DATE, "firstCorrect" BOOLEAN,
  "firstChoiceIds" TEXT[], "recentAt" TIMESTAMP(3)[], "recentDueBefore" TIMESTAMP(3)[], answers INTEGER, lapses INTEGER
) LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY EXECUTE format($q$
    WITH logs AS (
      SELECT l.id, l."userId", l."questionId", l."cardId", l."reviewedAt", l."learningDay", l.correct, l.response, l."cardBefore", l.rating, l."stateBefore",
             max(l."reviewedAt") OVER (PARTITION BY l."userId", l."questionId") AS last_at,
             row_number() OVER (PARTITION BY l."userId", l."questionId" ORDER BY l."reviewedAt", l.id) AS n
      FROM "ReviewLog" l %s
    ), recent AS (
      SELECT g."userId", g."questionId",
             array_agg(g."reviewedAt" ORDER BY g."reviewedAt", g.id) FILTER (WHERE g."reviewedAt" >= g.last_at - interval '8 days') AS at,
             array_agg(recall_due_before(g."cardBefore") ORDER BY g."reviewedAt", g.id) FILTER (WHERE g."reviewedAt" >= g.last_at - interval '8 days') AS due,
             count(*)::int AS answers, count(*) FILTER (WHERE g."stateBefore" = 'REVIEW' AND g.rating = 1)::int AS lapses
      FROM logs g
      GROUP BY 1, 2
    )
    SELECT f."userId", f."questionId", f."cardId", f.id, f."reviewedAt", f."learningDay", f.correct, recall_response_choice_ids(f.response), r.at, r.due, r.answers, r.lapses
    FROM logs f JOIN recent r ON r."userId" = f."userId" AND r."questionId" = f."questionId"
    WHERE f.n = 1
  $q$, CASE WHEN card_ids IS NULL THEN '' ELSE 'WHERE l."cardId" = ANY($1)' END) USING card_ids;
END $$;

CREATE OR REPLACE FUNCTION recall_card_summaries_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "CardSummary" AS s ("userId", "questionId", "cardId", "firstLogId", "firstAt", "firstDay", "firstCorrect", "firstChoiceIds", "recentAt", "recentDueBefore", answers, lapses)
  SELECT f."userId", f."questionId", f."cardId", f.id, f."reviewedAt", f."learningDay", f.correct, recall_response_choice_ids(f.response), r.at, r.due, r.answers, r.lapses
  FROM (SELECT DISTINCT ON (a."userId", a."questionId") a.* FROM added a ORDER BY a."userId", a."questionId", a."reviewedAt", a.id) f
  JOIN (
    SELECT a."userId", a."questionId",
           array_agg(a."reviewedAt" ORDER BY a."reviewedAt", a.id) FILTER (WHERE a."reviewedAt" >= a.last_at - interval '8 days') AS at,
           array_agg(recall_due_before(a."cardBefore") ORDER BY a."reviewedAt", a.id) FILTER (WHERE a."reviewedAt" >= a.last_at - interval '8 days') AS due,
           count(*)::int AS answers, count(*) FILTER (WHERE a."stateBefore" = 'REVIEW' AND a.rating = 1)::int AS lapses
    FROM (SELECT a.*, max(a."reviewedAt") OVER (PARTITION BY a."userId", a."questionId") AS last_at FROM added a) a
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
    ),
    answers = s.answers + excluded.answers,
    lapses = s.lapses + excluded.lapses;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION recall_card_summaries_remove() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "CardSummary" s USING removed r WHERE s."userId" = r."userId" AND s."questionId" = r."questionId";
  INSERT INTO "CardSummary" ("userId", "questionId", "cardId", "firstLogId", "firstAt", "firstDay", "firstCorrect", "firstChoiceIds", "recentAt", "recentDueBefore", answers, lapses)
  SELECT * FROM recall_card_summaries(ARRAY(SELECT DISTINCT r."cardId" FROM removed r)) ORDER BY 1, 2;
  RETURN NULL;
END $$;

-- Backfill the two counts from the log.
UPDATE "CardSummary" s SET answers = x.answers, lapses = x.lapses
FROM (
  SELECT l."userId", l."questionId", count(*)::int AS answers, count(*) FILTER (WHERE l."stateBefore" = 'REVIEW' AND l.rating = 1)::int AS lapses
  FROM "ReviewLog" l GROUP BY 1, 2
) x
WHERE x."userId" = s."userId" AND x."questionId" = s."questionId";
