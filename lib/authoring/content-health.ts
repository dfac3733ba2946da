import { requireAuthor, type Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { LEECH_LAPSES } from "@/lib/srs/scheduler";

/**
 * A question that makes a leech of more than this share of its learners' cards is worth a look: one
 * learner in ten failing it eight times over is the wording or the lesson more than the learners.
 */
export const LEECH_SHARE_FLAG = 0.1;

export interface QuestionHealth {
  questionId: string;
  lessonId: string;
  prompt: string;
  learners: number;
  /** Share correct on each learner's first attempt. */
  facility: number | null;
  /** Share of reviews of cards in review state answered Again. */
  lapseRate: number | null;
  /**
   * Upper–lower 27% discrimination index over first attempts, learners ranked by their first-attempt
   * score on the question's course (ties by user id), as lib/analytics/item-analysis.ts computes it.
   */
  discrimination: number | null;
  /** Learners whose card on it became a leech (set aside now, or relearned since). */
  leeches: number;
  /** For multiple choice: the most-picked wrong choice (its id and the text learners saw) and its share of first attempts. */
  topWrongChoice: { id: string; text: string; share: number } | null;
  flags: string[];
}

/** The text of a multiple-choice question's choice, from its stored payload; the id when it is gone (an edited question). */
function choiceText(payload: unknown, choiceId: string): string {
  const choices = (payload as { choices?: { id?: unknown; text?: unknown }[] } | null)?.choices;
  const text = Array.isArray(choices) ? choices.find((c) => c.id === choiceId)?.text : undefined;
  return typeof text === "string" && text !== "" ? text : `choice ${choiceId}`;
}

/**
 * How questions fare with real learners (all learners, first attempts and later reviews), for authors.
 * Cross-learner by nature: one grouped query over the review log, never per request for learners.
 */
export async function getContentHealth({ db, actor, minLearners = 5 }: { db: Db; actor: Actor; minLearners?: number }): Promise<QuestionHealth[]> {
  await requireAuthor({ db, actor });
  const rows = await db.$queryRaw<
    { questionId: string; lessonId: string; prompt: string; payload: unknown; kind: string; learners: number; firstCorrect: number; discrimination: number | null; reviewAttempts: number; reviewAgain: number; wrongChoice: string | null; wrongChoiceCount: number | null; leeches: number }[]
  >`
    WITH first AS (
      SELECT DISTINCT ON ("userId", "questionId") "userId", "questionId", correct, response
      FROM "ReviewLog" ORDER BY "userId", "questionId", "reviewedAt", id
    ), totals AS (
      SELECT f."userId", l."courseId", sum(f.correct::int)::int AS total
      FROM first f JOIN "Question" q ON q.id = f."questionId" JOIN "Lesson" l ON l.id = q."lessonId"
      GROUP BY 1, 2
    ), ranked AS (
      SELECT f."questionId", f.correct::int AS correct,
             row_number() OVER (PARTITION BY f."questionId" ORDER BY t.total DESC, f."userId") AS rn,
             count(*) OVER (PARTITION BY f."questionId") AS n
      FROM first f JOIN "Question" q ON q.id = f."questionId" JOIN "Lesson" l ON l.id = q."lessonId"
      JOIN totals t ON t."userId" = f."userId" AND t."courseId" = l."courseId"
    ), groups AS (
      -- n = min(max(1, round(0.27 N)), floor(N / 2)) learners in each group, as groupSize() does.
      SELECT *, least(greatest(1, round(0.27 * n)), floor(n / 2.0)) AS g FROM ranked
    ), discrimination AS (
      SELECT "questionId",
             CASE WHEN max(g) >= 1 THEN (sum(correct) FILTER (WHERE rn <= g))::float8 / max(g) - (sum(correct) FILTER (WHERE rn > n - g))::float8 / max(g) END AS discrimination
      FROM groups GROUP BY "questionId"
    ), per_question AS (
      SELECT "questionId", count(*)::int AS learners, sum(correct::int)::int AS "firstCorrect" FROM first GROUP BY "questionId"
    ), reviews AS (
      SELECT "questionId", count(*)::int AS "reviewAttempts", sum((rating = 1)::int)::int AS "reviewAgain"
      FROM "ReviewLog" WHERE "stateBefore" = 'REVIEW' GROUP BY "questionId"
    ), wrong AS (
      SELECT DISTINCT ON ("questionId") "questionId", choice AS "wrongChoice", n::int AS "wrongChoiceCount"
      FROM (
        SELECT f."questionId", c.choice, count(*) AS n
        FROM first f CROSS JOIN LATERAL jsonb_array_elements_text(f.response->'choiceIds') AS c(choice)
        WHERE NOT f.correct AND f.response->>'kind' = 'MULTIPLE_CHOICE'
        GROUP BY f."questionId", c.choice
      ) counts ORDER BY "questionId", n DESC
    ), leeches AS (
      -- A relearned card keeps the lapse count it was relearned at: it was a leech once.
      SELECT "questionId", count(*)::int AS leeches FROM "Card" WHERE leech OR "relearnedAtLapses" > 0 GROUP BY "questionId"
    )
    SELECT q.id AS "questionId", q."lessonId", q.prompt, q.payload, q.kind::text AS kind, p.learners, p."firstCorrect", d.discrimination,
           coalesce(r."reviewAttempts", 0) AS "reviewAttempts", coalesce(r."reviewAgain", 0) AS "reviewAgain", w."wrongChoice", w."wrongChoiceCount",
           coalesce(lc.leeches, 0) AS leeches
    FROM per_question p JOIN "Question" q ON q.id = p."questionId"
    LEFT JOIN reviews r ON r."questionId" = p."questionId"
    LEFT JOIN wrong w ON w."questionId" = p."questionId"
    LEFT JOIN discrimination d ON d."questionId" = p."questionId"
    LEFT JOIN leeches lc ON lc."questionId" = p."questionId"
    WHERE q."retiredAt" IS NULL AND p.learners >= ${minLearners}
    ORDER BY p."firstCorrect"::float / p.learners ASC`;
  return rows.map((r) => {
    const facility = r.learners ? r.firstCorrect / r.learners : null;
    const lapseRate = r.reviewAttempts ? r.reviewAgain / r.reviewAttempts : null;
    const topWrongChoice =
      r.wrongChoice && r.wrongChoiceCount ? { id: r.wrongChoice, text: choiceText(r.payload, r.wrongChoice), share: r.wrongChoiceCount / r.learners } : null;
    const flags: string[] = [];
    if (facility !== null && facility < 0.3) flags.push("low facility: most learners get it wrong the first time");
    if (topWrongChoice && facility !== null && topWrongChoice.share > facility) flags.push(`the wrong choice “${topWrongChoice.text}” is picked more often than the right answer`);
    if (r.discrimination !== null && r.discrimination < 0)
      flags.push(`negative discrimination (D = ${r.discrimination.toFixed(2)}): learners who do well on the course get it wrong more often than those who do badly — check the key and the wording`);
    if (lapseRate !== null && lapseRate > 0.3) flags.push("forgotten fast: over 30% of reviews lapse");
    if (r.leeches / r.learners > LEECH_SHARE_FLAG) flags.push(`makes leeches: ${r.leeches} of ${r.learners} learners' cards were set aside after ${LEECH_LAPSES} lapses`);
    return { questionId: r.questionId, lessonId: r.lessonId, prompt: r.prompt, learners: r.learners, facility, discrimination: r.discrimination, lapseRate, leeches: r.leeches, topWrongChoice, flags };
  });
}
