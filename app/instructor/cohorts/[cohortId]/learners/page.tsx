import type { Metadata } from "next";
import Link from "next/link";
import { Pager, ReportFiltersForm, ReportHeader } from "@/components/cohort/report-chrome";
import { formatPercent } from "@/lib/analytics/format";
import { pageOf, reportQuery, sortLearners, type LearnerSort, type ReportFilters, type SearchParams } from "@/lib/cohorts/report-filters";
import { pathParam } from "@/lib/http/params";
import { loadReport } from "../load-report";

export const metadata: Metadata = { title: "Learners · Cohort" };

type Props = { params: Promise<{ cohortId: string }>; searchParams: Promise<SearchParams> };

const COLUMNS: { key: LearnerSort; label: string; numeric: boolean }[] = [
  { key: "name", label: "Learner", numeric: false },
  { key: "lessonsRead", label: "Lessons read", numeric: true },
  { key: "cards", label: "Cards", numeric: true },
  { key: "dueNow", label: "Due now", numeric: true },
  { key: "overdue", label: "Overdue", numeric: true },
  { key: "leeches", label: "Leeches", numeric: true },
  { key: "retention", label: "Retention 30 d", numeric: true },
  { key: "reviews", label: "Reviews 7 d", numeric: true },
  { key: "lastActiveAt", label: "Last active", numeric: true },
  { key: "risk", label: "At risk", numeric: false },
];

function ago(at: Date | null, now: Date): string {
  if (!at) return "never";
  const days = Math.floor((now.getTime() - at.getTime()) / 86_400_000);
  if (days <= 0) return "today";
  if (days === 1) return "yesterday";
  return `${days} days ago`;
}

/** A header's link sorts by its column; on the sorted column it flips the direction. Back to page 1 either way. */
function sortHref(base: string, filters: ReportFilters, key: LearnerSort): string {
  const dir = filters.sort === key ? (filters.dir === "asc" ? "desc" : "asc") : key === "name" ? "asc" : "desc";
  return `${base}${reportQuery(filters, { sort: key, dir, page: 1 })}`;
}

export default async function LearnersReportPage({ params, searchParams }: Props) {
  const cohortId = pathParam((await params).cohortId);
  const { now, filters, problems, dash } = await loadReport(cohortId, "/learners", await searchParams);
  const base = `/instructor/cohorts/${cohortId}/learners`;
  const sorted = sortLearners(dash.learners, filters.sort, filters.dir);
  const page = pageOf(sorted, filters.page);
  const ranged = Boolean(filters.from || filters.to);
  const csvHref = `/api/instructor/cohorts/${cohortId}/export/learners.csv${reportQuery(filters, { page: 1 })}`;
  return (
    <div className="space-y-6">
      <ReportHeader cohort={dash.cohort} tab="learners" title={`${dash.cohort.name}: learners`} filters={filters} problems={problems} />
      <ReportFiltersForm action={base} filters={filters} courses={dash.cohort.courses} topics={dash.topicOptions} />
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <p className="text-sm text-[var(--fg-muted)]" role="status" data-testid="learners-count">
          {dash.learners.length === 0
            ? "No learner matches these filters."
            : `Learners ${page.first}–${page.last} of ${dash.learners.length}${dash.learners.length < dash.memberCount ? ` (of ${dash.memberCount} in the cohort)` : ""}.`}
        </p>
        <a href={csvHref} className="text-sm underline" download>
          Download this table (learners.csv)
        </a>
      </div>
      {dash.learners.length > 0 && (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[52rem] text-left text-sm" data-testid="learners-table">
            <caption className="sr-only">Learners of the cohort, page {page.page} of {page.pages}; a column header sorts the table by it.</caption>
            <thead>
              <tr className="border-b border-[var(--border)]">
                {COLUMNS.map((col) => {
                  const active = filters.sort === col.key;
                  return (
                    <th key={col.key} scope="col" aria-sort={active ? (filters.dir === "asc" ? "ascending" : "descending") : "none"} className={`py-2 pr-3 ${col.numeric ? "text-right" : ""}`}>
                      <Link href={sortHref(base, filters, col.key)} className="font-semibold underline-offset-2 hover:underline">
                        {col.label}
                        <span aria-hidden="true">{active ? (filters.dir === "asc" ? " ▲" : " ▼") : ""}</span>
                      </Link>
                    </th>
                  );
                })}
                {ranged && (
                  <th scope="col" className="py-2 pr-3 text-right">
                    Answers in range
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {page.rows.map((r) => (
                <tr key={r.userId} className="border-b border-[var(--border)] align-top" data-testid={`learner-row-${r.email}`}>
                  <th scope="row" className="py-2 pr-3 font-normal">
                    <Link href={`/instructor/cohorts/${cohortId}/learners/${r.userId}`} className="font-medium underline-offset-2 hover:underline">
                      {r.name}
                    </Link>
                    <div className="text-xs text-[var(--fg-muted)]">{r.email}</div>
                  </th>
                  <td className="py-2 pr-3 text-right tabular-nums">
                    {r.lessonsRead} / {r.lessonsAssigned}
                  </td>
                  <td className="py-2 pr-3 text-right tabular-nums">{r.cards}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">{r.dueNow}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">{r.overdue}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">{r.leeches}</td>
                  <td className="py-2 pr-3 text-right tabular-nums" title={`${r.retentionReviews30} reviews of learned cards`}>
                    {formatPercent(r.retention30)}
                  </td>
                  <td className="py-2 pr-3 text-right tabular-nums">{r.reviews7}</td>
                  <td className="py-2 pr-3 text-right">{ago(r.lastActiveAt, now)}</td>
                  <td className="py-2 pr-3">
                    {r.risks.length === 0 ? (
                      <span className="text-[var(--fg-muted)]">No</span>
                    ) : (
                      <ul className="space-y-0.5">
                        {r.risks.map((risk) => (
                          <li key={risk.code + risk.message} className="font-medium text-red-700 dark:text-red-400">
                            {risk.message}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  {ranged && <td className="py-2 pr-3 text-right tabular-nums">{r.answersInRange}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager base={base} filters={filters} page={page.page} pages={page.pages} label="Pages of learners" />
    </div>
  );
}
