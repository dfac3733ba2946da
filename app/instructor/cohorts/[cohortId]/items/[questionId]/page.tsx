import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ReportHeader, reportHref } from "@/components/cohort/report-chrome";
import { questionAnchor } from "@/components/quiz/mdx-questions";
import { Card } from "@/components/ui/card";
import { ColumnHeaders } from "@/components/ui/column-headers";
import { Figures } from "@/components/ui/figures";
import { PromptText } from "@/components/ui/prompt-text";
import { formatPercent } from "@/lib/analytics/format";
import { requirePageRole } from "@/lib/auth/session";
import { getCohortItemDetail } from "@/lib/cohorts/item-detail";
import { parseReportFilters, type SearchParams } from "@/lib/cohorts/report-filters";
import { db } from "@/lib/db/client";
import { pathParam } from "@/lib/http/params";
import { isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Question · Cohort" };

type Props = { params: Promise<{ cohortId: string; questionId: string }>; searchParams: Promise<SearchParams> };

const KIND = { MULTIPLE_CHOICE: "Multiple choice", FREE_RECALL: "Free recall", ESTIMATE: "Estimate" } as const;

function decodeSegment(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

function num(x: number | null, digits = 2): string {
  return x === null ? "—" : x.toFixed(digits);
}

export default async function ItemDetailPage({ params, searchParams }: Props) {
  const { cohortId: rawCohortId, questionId: rawId } = await params;
  const cohortId = pathParam(rawCohortId);
  // Question ids hold dots and dashes only, but a hand-typed URL may hold a broken escape: that is a 404.
  const questionId = pathParam(decodeSegment(rawId));
  const user = await requirePageRole(`/instructor/cohorts/${cohortId}/items/${encodeURIComponent(questionId)}`, "INSTRUCTOR", "ADMIN");
  const { filters, problems } = parseReportFilters(await searchParams);
  let detail;
  try {
    detail = await getCohortItemDetail({ db: db(), actor: user, cohortId, questionId, filters, day: { timezone: user.timezone, dayStartHour: user.dayStartHour } });
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  }
  const { item, payload, lesson, trend, lapsers, cohort } = detail;
  const choices = item.choices ?? [];
  const maxPicks = Math.max(1, ...choices.map((c) => c.picks));
  return (
    <div className="space-y-6">
      <ReportHeader cohort={cohort} tab="items" title="Question drill-down" filters={filters} problems={problems} />
      <p className="text-sm">
        <Link href={reportHref(cohort.id, "items", filters)} className="underline">
          ← All items
        </Link>
      </p>
      <Card className="space-y-3">
        <p className="text-xs font-semibold uppercase tracking-wide text-[var(--fg-muted)]">
          {KIND[item.question.kind]} · {lesson.title}
        </p>
        <p className="text-lg font-medium" data-testid="item-prompt">
          <PromptText text={item.question.prompt} maxChars={2000} />
        </p>
        {payload.kind === "FREE_RECALL" && <p className="text-sm">Model answer: {payload.answer}</p>}
        {payload.kind === "ESTIMATE" && (
          <p className="text-sm">
            Answer: {payload.answer} {payload.unit}
          </p>
        )}
        <p className="flex flex-wrap gap-x-4 text-sm">
          <Link href={`/lessons/${lesson.id}#${questionAnchor(questionId)}`} className="underline">
            Open it in its lesson
          </Link>
          {(user.role === "ADMIN" || user.role === "AUTHOR") && (
            <span>
              Edit the lesson file: <code className="font-mono">{lesson.sourcePath}</code> (
              <Link href={`/author/lessons/${lesson.id}#${questionAnchor(questionId)}`} className="underline">
                author view
              </Link>
              )
            </span>
          )}
        </p>
      </Card>

      <Figures
        className="grid-cols-2 sm:grid-cols-3 lg:grid-cols-6"
        testId="item-figures"
        figures={[
          ["First attempts", String(item.attempts)],
          ["Facility", formatPercent(item.facility)],
          ["Discrimination D", num(item.discrimination)],
          ["FSRS difficulty", num(item.meanDifficulty, 1)],
          ["Lapse rate", formatPercent(item.lapseRate)],
          ["Leeches", String(item.leeches)],
        ]}
      />
      {item.flags.length > 0 && (
        <ul className="space-y-1 text-sm">
          {item.flags.map((f) => (
            <li key={f.code} className={f.severity === "warning" ? "font-medium text-red-700 dark:text-red-400" : "text-[var(--fg-muted)]"}>
              {f.message}
            </li>
          ))}
        </ul>
      )}

      {choices.length > 0 && (
        <section aria-labelledby="choices" className="space-y-2">
          <h2 id="choices" className="text-xl font-semibold">
            Choices picked on first attempts
          </h2>
          <table className="w-full text-left text-sm" data-testid="choice-distribution">
            <caption className="sr-only">How often each choice was picked on a first attempt</caption>
            <ColumnHeaders columns={["Choice", { label: "Picks", className: "text-right" }, { label: "Share", className: "w-2/5", srOnly: true }]} cellClassName="py-2 pr-3" rowClassName="border-b border-[var(--border)]" />
            <tbody>
              {choices.map((c) => (
                <tr key={c.id} className="border-b border-[var(--border)] align-top">
                  <th scope="row" className="py-2 pr-3 font-normal">
                    {c.correct ? <strong>✓ right: </strong> : <span className="text-[var(--fg-muted)]">✗ </span>}
                    {c.label}
                  </th>
                  <td className="py-2 pr-3 text-right tabular-nums">
                    {c.picks} ({formatPercent(c.share)})
                  </td>
                  <td className="py-2">
                    <div className="h-3 rounded-sm bg-[var(--bg-muted)]" aria-hidden="true">
                      <div className={`h-3 rounded-sm ${c.correct ? "bg-green-700 dark:bg-green-400" : "bg-red-700 dark:bg-red-400"}`} style={{ width: `${(c.picks / maxPicks) * 100}%` }} />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      <section aria-labelledby="over-time" className="space-y-2">
        <h2 id="over-time" className="text-xl font-semibold">
          Facility and discrimination over time
        </h2>
        <p className="text-sm text-[var(--fg-muted)]">Over every first attempt made before the end of each week (statistics need 5 attempts).</p>
        <div className="overflow-x-auto">
          <table className="text-sm" data-testid="item-trend">
            <ColumnHeaders columns={[{ label: "Before", className: "text-left" }, { label: "First attempts", className: "text-right" }, { label: "Facility", className: "text-right" }, { label: "D", className: "text-right" }]} cellClassName="py-1 pr-4" rowClassName="border-b border-[var(--border)]" />
            <tbody>
              {trend.map((p) => (
                <tr key={p.until.toISOString()}>
                  <td className="py-1 pr-4">{p.until.toISOString().slice(0, 10)}</td>
                  <td className="py-1 pr-4 text-right tabular-nums">{p.attempts}</td>
                  <td className="py-1 pr-4 text-right tabular-nums">{formatPercent(p.facility)}</td>
                  <td className="py-1 text-right tabular-nums">{num(p.discrimination)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="lapsers" className="space-y-2">
        <h2 id="lapsers" className="text-xl font-semibold">
          Learners who lapse most on it
        </h2>
        {lapsers.length === 0 ? (
          <p className="text-[var(--fg-muted)]">No learner has forgotten it after learning it.</p>
        ) : (
          <ol className="list-decimal space-y-1 pl-6 text-sm" data-testid="lapsers">
            {lapsers.map((l) => (
              <li key={l.userId}>
                <Link href={`/instructor/cohorts/${cohort.id}/learners/${l.userId}`} className="underline">
                  {l.name}
                </Link>{" "}
                — {l.lapses} lapse{l.lapses === 1 ? "" : "s"} in {l.reviews} answers
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
