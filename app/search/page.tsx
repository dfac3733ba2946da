import type { Metadata } from "next";
import Link from "next/link";
import { Fragment } from "react";
import { PageTitle } from "@/components/ui/card";
import { questionAnchor } from "@/components/quiz/mdx-questions";
import { SearchForm } from "@/components/ui/search-form";
import { db } from "@/lib/db/client";
import { MAX_QUERY_LENGTH, searchContent } from "@/lib/catalog/search";
import { queryParam } from "@/lib/http/params";

export const metadata: Metadata = { title: "Search" };

/** Renders «…» markers from ts_headline as <mark>, everything else as text (no HTML injection). */
function Snippet({ text }: { text: string }) {
  const parts = text.split(/(«[^»]*»)/g);
  return (
    <>
      {parts.map((p, i) =>
        p.startsWith("«") ? (
          <mark key={i} className="rounded bg-amber-200 px-0.5 text-black">
            {p.slice(1, -1)}
          </mark>
        ) : (
          <Fragment key={i}>{p}</Fragment>
        ),
      )}
    </>
  );
}

export default async function SearchPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const query = queryParam((await searchParams).q, { maxLength: MAX_QUERY_LENGTH }) ?? "";
  const hits = query.trim() ? await searchContent({ db: db(), query }) : [];
  return (
    <div className="space-y-6">
      <PageTitle>Search</PageTitle>
      <SearchForm action="/search" id="search-page-q" label="Search lessons and questions" placeholder="e.g. tail sampling memory" defaultValue={query} submitLabel="Search" className="flex max-w-xl gap-2" />
      {query.trim() && (
        <p className="text-sm text-[var(--fg-muted)]" role="status">
          {hits.length === 0 ? `Nothing matches “${query}”. Try fewer or simpler words.` : `${hits.length} results for “${query}”`}
        </p>
      )}
      <ul className="space-y-3">
        {hits.map((hit) => (
          <li key={`${hit.type}-${hit.questionId ?? hit.lessonId}`} className="rounded-lg border border-[var(--border)] p-4">
            <p className="text-xs font-semibold uppercase tracking-wide text-[var(--fg-muted)]">
              {hit.type === "lesson" ? "Lesson" : `Question in ${hit.lessonTitle}`}
            </p>
            <Link
              href={hit.questionId ? `/lessons/${hit.lessonId}#${questionAnchor(hit.questionId)}` : `/lessons/${hit.lessonId}`}
              className="font-semibold hover:underline"
            >
              {hit.title}
            </Link>
            <p className="mt-1 text-sm text-[var(--fg-muted)]">
              <Snippet text={hit.snippet} />
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}
