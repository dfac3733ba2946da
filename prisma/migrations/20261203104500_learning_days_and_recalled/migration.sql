-- Data migration (issue 12), no schema change:
-- 1. A review card is due at the START of the learning day its interval lands on (it was due
--    `scheduledDays` × 24 h after the answer), and elapsed days are learning days between two answers
--    (they were whole 24-hour periods in ReviewLog and UTC dates on Card). The snapshots undo restores
--    (cardBefore/cardAfter) get the same due and elapsed days, so undoing an answer restores a card
--    scheduled by the same rule.
-- 2. `correct` is whether the learner passed the card (rating > 1) for every kind; free recall stored
--    the key-point match, so an empty answer graded Again counted as correct.
-- A learning day is the learner's local date (User.timezone) once the clock is moved back by
-- User.dayStartHour. lib/srs/day.ts is the definition; the two functions below mirror it, including its
-- DST rules (a day start the clocks skip begins when they jump; one that happens twice, at the first),
-- and are dropped at the end. A zone PostgreSQL does not know counts as UTC, as in resolveDayOptions.

CREATE FUNCTION "_recall_learning_day"(instant timestamp, tz text, start_hour integer) RETURNS date
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT ((instant AT TIME ZONE 'UTC') AT TIME ZONE tz - make_interval(hours => start_hour))::date
$$;

CREATE FUNCTION "_recall_learning_day_start"(day date, tz text, start_hour integer) RETURNS timestamp
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
  wall timestamp := day + make_interval(hours => start_hour);
  -- The zone's offsets a day before, at and a day after `wall` (read as UTC): each gives a candidate
  -- instant (UTC wall time) for it; the earliest whose local time reads `wall` wins.
  t1 timestamp := wall - (((wall - interval '1 day') AT TIME ZONE 'UTC') AT TIME ZONE tz - (wall - interval '1 day'));
  t2 timestamp := wall - ((wall AT TIME ZONE 'UTC') AT TIME ZONE tz - wall);
  t3 timestamp := wall - (((wall + interval '1 day') AT TIME ZONE 'UTC') AT TIME ZONE tz - (wall + interval '1 day'));
  found timestamp;
  low timestamp := LEAST(t1, t2, t3);
  high timestamp := GREATEST(t1, t2, t3);
  mid timestamp;
BEGIN
  IF (t1 AT TIME ZONE 'UTC') AT TIME ZONE tz = wall THEN found := t1; END IF;
  IF (t2 AT TIME ZONE 'UTC') AT TIME ZONE tz = wall AND (found IS NULL OR t2 < found) THEN found := t2; END IF;
  IF (t3 AT TIME ZONE 'UTC') AT TIME ZONE tz = wall AND (found IS NULL OR t3 < found) THEN found := t3; END IF;
  IF found IS NOT NULL THEN
    RETURN found;
  END IF;
  -- In a gap: the first millisecond whose local time is not before `wall` (when the clocks jumped).
  WHILE high - low > interval '1 millisecond' LOOP
    mid := date_trunc('milliseconds', low + (high - low) / 2);
    IF (mid AT TIME ZONE 'UTC') AT TIME ZONE tz >= wall THEN
      high := mid;
    ELSE
      low := mid;
    END IF;
  END LOOP;
  RETURN high;
END
$$;

CREATE TEMPORARY TABLE "_recall_days" AS
  SELECT u.id AS "userId",
         CASE WHEN EXISTS (SELECT 1 FROM pg_timezone_names z WHERE z.name = u.timezone) THEN u.timezone ELSE 'UTC' END AS tz,
         u."dayStartHour" AS start_hour
    FROM "User" u;

-- Elapsed learning days of every answer after a card's first, from the card's previous review, which
-- the log's own snapshot of the card before holds.
CREATE TEMPORARY TABLE "_recall_elapsed" AS
  SELECT r.id, r."cardId",
         CASE WHEN r."cardBefore"->>'lastReview' IS NULL THEN r."elapsedDays"
              ELSE GREATEST(0, "_recall_learning_day"(r."reviewedAt", d.tz, d.start_hour)
                               - "_recall_learning_day"(((r."cardBefore"->>'lastReview')::timestamptz AT TIME ZONE 'UTC'), d.tz, d.start_hour))
         END AS "elapsedDays"
    FROM "ReviewLog" r JOIN "_recall_days" d ON d."userId" = r."userId";

-- Each log rewritten once: its elapsed days, `correct`, and the snapshots undo restores: a review card's
-- due by the same rule; the card after an answer has that answer's elapsed days, the card before it
-- those of the answer before (the card's previous log).
UPDATE "ReviewLog" r
   SET "elapsedDays" = e."elapsedDays",
       correct = (r.rating > 1),
       "cardAfter" = jsonb_set(
         jsonb_set(r."cardAfter", '{elapsedDays}', to_jsonb(e."elapsedDays")),
         '{due}',
         CASE WHEN r."cardAfter"->>'state' = 'REVIEW' AND r."cardAfter"->>'lastReview' IS NOT NULL
              THEN to_jsonb(to_char("_recall_learning_day_start"(
                     "_recall_learning_day"(((r."cardAfter"->>'lastReview')::timestamptz AT TIME ZONE 'UTC'), d.tz, d.start_hour)
                       + (r."cardAfter"->>'scheduledDays')::integer, d.tz, d.start_hour), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
              ELSE r."cardAfter"->'due' END),
       "cardBefore" = jsonb_set(
         CASE WHEN e.previous IS NOT NULL AND r."cardBefore"->>'lastReview' IS NOT NULL
              THEN jsonb_set(r."cardBefore", '{elapsedDays}', to_jsonb(e.previous))
              ELSE r."cardBefore" END,
         '{due}',
         CASE WHEN r."cardBefore"->>'state' = 'REVIEW' AND r."cardBefore"->>'lastReview' IS NOT NULL
              THEN to_jsonb(to_char("_recall_learning_day_start"(
                     "_recall_learning_day"(((r."cardBefore"->>'lastReview')::timestamptz AT TIME ZONE 'UTC'), d.tz, d.start_hour)
                       + (r."cardBefore"->>'scheduledDays')::integer, d.tz, d.start_hour), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
              ELSE r."cardBefore"->'due' END)
  FROM (SELECT id, "elapsedDays", lag("elapsedDays") OVER (PARTITION BY "cardId" ORDER BY id) AS previous FROM "_recall_elapsed") AS e,
       "_recall_days" d
 WHERE e.id = r.id AND d."userId" = r."userId";

-- A card's elapsed days are those of the answer that left it as it is: its latest log.
UPDATE "Card" c
   SET "elapsedDays" = latest."elapsedDays"
  FROM (SELECT DISTINCT ON ("cardId") "cardId", "elapsedDays", "cardAfter" FROM "ReviewLog" ORDER BY "cardId", id DESC) AS latest
 WHERE latest."cardId" = c.id AND c."lastReview" IS NOT NULL
   AND (latest."cardAfter"->>'lastReview')::timestamptz AT TIME ZONE 'UTC' = c."lastReview";

UPDATE "Card" c
   SET due = "_recall_learning_day_start"("_recall_learning_day"(c."lastReview", d.tz, d.start_hour) + c."scheduledDays", d.tz, d.start_hour)
  FROM "_recall_days" d
 WHERE d."userId" = c."userId" AND c.state = 'REVIEW' AND c."lastReview" IS NOT NULL;

DROP TABLE "_recall_elapsed";
DROP TABLE "_recall_days";
DROP FUNCTION "_recall_learning_day_start"(date, text, integer);
DROP FUNCTION "_recall_learning_day"(timestamp, text, integer);
