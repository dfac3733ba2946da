import type { Db } from "@/lib/db/client";

export interface SearchHit {
  type: "lesson" | "question";
  lessonId: string;
  lessonTitle: string;
  questionId: string | null;
  title: string;
  /** ts_headline output with matches wrapped in «» (rendered as <mark> by the page, never as HTML). */
  snippet: string;
  rank: number;
}

export const MAX_QUERY_LENGTH = 200;

/**
 * PostgreSQL full-text search over lessons and questions, ranked (titles weigh more than
 * body text), with highlighted snippets. websearch_to_tsquery accepts what people type
 * ("tail sampling" -head, quoted phrases) and never raises a syntax error.
 */
export async function searchContent({ db, query, limit = 20 }: { db: Db; query: string; limit?: number }): Promise<SearchHit[]> {
  const q = query.trim().slice(0, MAX_QUERY_LENGTH);
  if (!q) return [];
  return db.$queryRaw<SearchHit[]>`
    WITH query AS (SELECT websearch_to_tsquery('english', ${q}) AS tsq)
    SELECT * FROM (
      SELECT 'lesson' AS type, l.id AS "lessonId", l.title AS "lessonTitle", NULL::text AS "questionId", l.title AS title,
             ts_headline('english', l."plainText", query.tsq,
               'StartSel=«, StopSel=», MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "') AS snippet,
             ts_rank(setweight(to_tsvector('english', l.title), 'A') || setweight(to_tsvector('english', l.summary), 'B')
                     || setweight(to_tsvector('english', l."plainText"), 'C'), query.tsq)::float8 AS rank
      FROM "Lesson" l, query
      WHERE l."retiredAt" IS NULL
        AND (setweight(to_tsvector('english', l.title), 'A') || setweight(to_tsvector('english', l.summary), 'B')
             || setweight(to_tsvector('english', l."plainText"), 'C')) @@ query.tsq
      UNION ALL
      SELECT 'question', l.id, l.title, q.id, q.prompt,
             ts_headline('english', q.prompt, query.tsq,
               'StartSel=«, StopSel=», MaxWords=30, MinWords=10, MaxFragments=1') ,
             (0.8 * ts_rank(to_tsvector('english', q.prompt), query.tsq))::float8
      FROM "Question" q JOIN "Lesson" l ON l.id = q."lessonId", query
      WHERE q."retiredAt" IS NULL AND to_tsvector('english', q.prompt) @@ query.tsq
    ) hits
    ORDER BY rank DESC, title ASC
    LIMIT ${limit}`;
}
