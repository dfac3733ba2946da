import type { Metadata } from "next";
import Link from "next/link";
import { Badge, Card, PageTitle } from "@/components/ui/card";
import { ColumnHeaders } from "@/components/ui/column-headers";
import { LevelBadge } from "@/components/ui/level-badge";
import { LinkList } from "@/components/ui/link-list";
import { PromptText } from "@/components/ui/prompt-text";
import { questionAnchor } from "@/components/quiz/mdx-questions";
import { requirePageRole } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { getContentHealth } from "@/lib/authoring/content-health";
import { getAuthorOverview } from "@/lib/authoring/get-author-overview";

export const metadata: Metadata = { title: "Author" };

const STATUS = {
  valid: "border-green-700 text-green-800 dark:text-green-300",
  warnings: "border-amber-600 text-amber-800 dark:text-amber-300",
  errors: "border-red-700 text-red-700 dark:text-red-400",
} as const;

export default async function AuthorPage() {
  const user = await requirePageRole("/author", "AUTHOR", "ADMIN");
  const [overview, health] = await Promise.all([getAuthorOverview({ actor: user }), getContentHealth({ db: db(), actor: user })]);
  const flagged = health.filter((h) => h.flags.length > 0);
  return (
    <div className="space-y-8">
      <div>
        <PageTitle>Author</PageTitle>
        <p className="text-[var(--fg-muted)]">
          The content as the files stand now: {overview.totals.lessons} lessons, {overview.totals.questions} questions. Run{" "}
          <code>npm run content:check</code> for the same report in a terminal.
        </p>
      </div>
      {overview.orphanProblems.length > 0 && (
        <Card>
          <h2 className="mb-2 font-semibold text-red-700 dark:text-red-400">Problems outside any listed lesson</h2>
          <ul className="space-y-1 font-mono text-sm">
            {overview.orphanProblems.map((p, i) => (
              <li key={i}>
                {p.file}:{p.line}:{p.column} {p.severity} {p.message}
              </li>
            ))}
          </ul>
        </Card>
      )}
      {overview.courses.map((course) => (
        <section key={course.id} aria-labelledby={`course-${course.id}`}>
          <h2 id={`course-${course.id}`} className="mb-2 flex flex-wrap items-center gap-3 text-xl font-semibold">
            {course.title}
            <Link href={`/author/courses/${course.id}`} className="text-sm font-normal underline">
              Workload preview
            </Link>
          </h2>
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <ColumnHeaders columns={["Lesson", "Status", "Questions (MC / FR / Est)", "Topics (lessons elsewhere)", "Reading"]} cellClassName="py-2 pr-3" rowClassName="border-b border-[var(--border)]" />
              <tbody>
                {course.lessons.map((l) => (
                  <tr key={l.id} className="border-b border-[var(--border)] align-top">
                    <td className="py-2 pr-3">
                      <Link href={`/author/lessons/${l.id}`} className="font-medium underline">
                        {l.title}
                      </Link>{" "}
                      <LevelBadge level={l.level} />
                      {l.problems.length > 0 && (
                        <ul className="mt-1 space-y-0.5 font-mono text-xs">
                          {l.problems.map((p, i) => (
                            <li key={i} className={p.severity === "error" ? "text-red-700 dark:text-red-400" : "text-amber-800 dark:text-amber-300"}>
                              {p.file}:{p.line}:{p.column} {p.message}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td className="py-2 pr-3">
                      <Badge className={STATUS[l.status]}>{l.status}</Badge>
                    </td>
                    <td className="py-2 pr-3">
                      {l.questionsByKind.MULTIPLE_CHOICE} / {l.questionsByKind.FREE_RECALL} / {l.questionsByKind.ESTIMATE}
                    </td>
                    <td className="py-2 pr-3">{l.topics.map((t) => `${t.id} (${t.elsewhere})`).join(", ")}</td>
                    <td className="py-2">{l.readingMinutes} min</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
      <section aria-labelledby="health-heading">
        <h2 id="health-heading" className="mb-2 text-xl font-semibold">
          Content health
        </h2>
        {health.length === 0 ? (
          <p className="text-[var(--fg-muted)]">No question has been answered by five learners yet: the figures appear once they have.</p>
        ) : flagged.length === 0 ? (
          <p className="text-[var(--fg-muted)]">{health.length} questions have enough answers; none looks broken.</p>
        ) : (
          <ul className="space-y-2">
            {flagged.map((h) => (
              <li key={h.questionId} className="rounded-md border border-[var(--border)] p-3 text-sm">
                <Link href={`/author/lessons/${h.lessonId}#${questionAnchor(h.questionId)}`} className="font-medium underline" title={h.questionId}>
                  <PromptText text={h.prompt} maxChars={100} />
                </Link>{" "}
                — {h.learners} learners, facility {h.facility === null ? "–" : `${Math.round(h.facility * 100)}%`}, discrimination D{" "}
                {h.discrimination === null ? "–" : h.discrimination.toFixed(2)}, lapse rate{" "}
                {h.lapseRate === null ? "–" : `${Math.round(h.lapseRate * 100)}%`}, leeches {h.leeches}
                <ul className="ml-5 list-disc">
                  {h.flags.map((f) => (
                    <li key={f}>{f}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
        {overview.coverage.length > 0 && (
          <>
            <h3 className="mb-1 mt-4 font-semibold">Coverage gaps by level</h3>
            <LinkList className="ml-5 list-disc text-sm" items={overview.coverage.map((t) => ({ href: `/topics/${t.id}`, label: t.title, note: `: no ${t.missing.join(", ")} lesson` }))} />
          </>
        )}
      </section>
    </div>
  );
}
