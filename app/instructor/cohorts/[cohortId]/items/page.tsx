import type { Metadata } from "next";
import Link from "next/link";
import { ReportFiltersForm, ReportHeader } from "@/components/cohort/report-chrome";
import { ColumnHeaders } from "@/components/ui/column-headers";
import { PromptText } from "@/components/ui/prompt-text";
import { formatPercent } from "@/lib/analytics/format";
import type { CohortItemRow } from "@/lib/cohorts/dashboard";
import { orderItems, reportQuery, type SearchParams } from "@/lib/cohorts/report-filters";
import { pathParam } from "@/lib/http/params";
import { loadReport } from "../load-report";

export const metadata: Metadata = { title: "Items · Cohort" };

type Props = { params: Promise<{ cohortId: string }>; searchParams: Promise<SearchParams> };

const KIND = { MULTIPLE_CHOICE: "Multiple choice", FREE_RECALL: "Free recall", ESTIMATE: "Estimate" } as const;

function num(x: number | null, digits = 2): string {
  return x === null ? "—" : x.toFixed(digits);
}

function ItemFlags({ item }: { item: CohortItemRow }) {
  if (item.flags.length === 0) return <span className="text-[var(--fg-muted)]">—</span>;
  return (
    <ul className="space-y-0.5">
      {item.flags.map((f) => (
        <li key={f.code + f.message} className={f.severity === "warning" ? "font-medium text-red-700 dark:text-red-400" : "text-[var(--fg-muted)]"}>
          {f.message}
        </li>
      ))}
    </ul>
  );
}

export default async function ItemsReportPage({ params, searchParams }: Props) {
  const cohortId = pathParam((await params).cohortId);
  const { filters, problems, dash } = await loadReport(cohortId, "/items", await searchParams);
  const items = orderItems(dash.items);
  const flagged = items.filter((i) => i.flags.some((f) => f.severity === "warning"));
  const query = reportQuery(filters, { sort: "risk", dir: "desc", page: 1 });
  const csvHref = `/api/instructor/cohorts/${cohortId}/export/items.csv${query}`;
  return (
    <div className="space-y-6">
      <ReportHeader cohort={dash.cohort} tab="items" title={`${dash.cohort.name}: items`} filters={filters} problems={problems} />
      <ReportFiltersForm action={`/instructor/cohorts/${cohortId}/items`} filters={filters} courses={dash.cohort.courses} topics={dash.topicOptions} />
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <p className="text-sm text-[var(--fg-muted)]" role="status" data-testid="items-count">
          {items.length} question{items.length === 1 ? "" : "s"}, {flagged.length} flagged. A question opens its drill-down.
        </p>
        <a href={csvHref} className="text-sm underline" download>
          Download this table (items.csv)
        </a>
      </div>
      <details className="text-sm text-[var(--fg-muted)]">
        <summary className="cursor-pointer">How to read this table</summary>
        <p className="mt-2">
          Over each learner&apos;s <strong>first attempt</strong> at each question: <strong>facility</strong> is the share right.{" "}
          <strong>Discrimination D</strong> is the upper–lower index: learners ranked by their first-attempt score over all the
          cohort&apos;s questions, D = share right in the top 27% − share right in the bottom 27% (−1 to 1; above 0.3 separates well, below 0
          means weaker learners do better — often a wrong key or a misleading prompt). <strong>r</strong> is the point-biserial correlation
          of the question with the rest of the score. Over <strong>later reviews</strong>: mean FSRS difficulty (1–10) and the lapse rate
          (share of reviews of learned cards forgotten). Statistics need at least 5 first attempts.
        </p>
      </details>
      <div className="overflow-x-auto">
        <table className="w-full min-w-[56rem] text-left text-sm" data-testid="item-analysis">
          <caption className="sr-only">Item analysis, flagged questions first</caption>
          <ColumnHeaders columns={["Question", { label: "Attempts", className: "text-right" }, { label: "Facility", className: "text-right" }, { label: "D", className: "text-right" }, { label: "r", className: "text-right" }, { label: "Difficulty", className: "text-right" }, { label: "Lapses", className: "text-right" }, { label: "Leeches", className: "text-right" }, "Choices picked / flags"]} cellClassName="py-2 pr-3" rowClassName="border-b border-[var(--border)]" />
          <tbody>
            {items.map((i) => (
              <tr key={i.questionId} className="border-b border-[var(--border)] align-top" data-testid={`item-${i.questionId}`}>
                <th scope="row" className="max-w-md py-2 pr-3 font-normal">
                  <Link href={`/instructor/cohorts/${cohortId}/items/${encodeURIComponent(i.questionId)}${query}`} className="underline-offset-2 hover:underline">
                    <PromptText text={i.question.prompt} maxChars={140} />
                  </Link>
                  <div className="text-xs text-[var(--fg-muted)]">
                    {KIND[i.question.kind]} · {i.question.lessonTitle}
                  </div>
                </th>
                <td className="py-2 pr-3 text-right tabular-nums">{i.attempts}</td>
                <td className="py-2 pr-3 text-right tabular-nums">{formatPercent(i.facility)}</td>
                <td className="py-2 pr-3 text-right tabular-nums">{num(i.discrimination)}</td>
                <td className="py-2 pr-3 text-right tabular-nums">{num(i.pointBiserial)}</td>
                <td className="py-2 pr-3 text-right tabular-nums">{num(i.meanDifficulty, 1)}</td>
                <td className="py-2 pr-3 text-right tabular-nums">{formatPercent(i.lapseRate)}</td>
                <td className="py-2 pr-3 text-right tabular-nums">{i.leeches}</td>
                <td className="py-2">
                  {i.choices && i.attempts > 0 && (
                    <ul className="mb-1 text-xs">
                      {i.choices.map((c) => (
                        <li key={c.id}>
                          {c.correct ? <strong>✓ </strong> : "✗ "}
                          {c.label.length > 60 ? `${c.label.slice(0, 59)}…` : c.label}: {c.picks}
                        </li>
                      ))}
                    </ul>
                  )}
                  <ItemFlags item={i} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
