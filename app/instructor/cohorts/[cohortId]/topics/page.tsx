import type { Metadata } from "next";
import Link from "next/link";
import { Pager, ReportFiltersForm, ReportHeader } from "@/components/cohort/report-chrome";
import { BAND_WORDS, retentionBand, retentionCellStyle } from "@/components/cohort/retention-scale";
import { formatPercent } from "@/lib/analytics/format";
import { pageOf, type SearchParams } from "@/lib/cohorts/report-filters";
import { pathParam } from "@/lib/http/params";
import { loadReport } from "../load-report";

export const metadata: Metadata = { title: "Topics × learners · Cohort" };

type Props = { params: Promise<{ cohortId: string }>; searchParams: Promise<SearchParams> };

const LEGEND = [-0.1, -0.05, 0, 0.05, 0.1];

export default async function TopicsReportPage({ params, searchParams }: Props) {
  const cohortId = pathParam((await params).cohortId);
  const { filters, problems, dash } = await loadReport(cohortId, "/topics", await searchParams);
  const target = dash.targetRetention;
  const base = `/instructor/cohorts/${cohortId}/topics`;
  // Learners with a learned card, in name order, 50 to a page like the learners report.
  const page = pageOf(
    dash.learners.filter((l) => dash.retrievability[l.userId]),
    filters.page,
  );
  const learners = page.rows;
  return (
    <div className="space-y-6">
      <ReportHeader cohort={dash.cohort} tab="topics" title={`${dash.cohort.name}: topics × learners`} filters={filters} problems={problems} />
      <ReportFiltersForm action={base} filters={filters} courses={dash.cohort.courses} topics={dash.topicOptions} />
      <p className="text-sm text-[var(--fg-muted)]">
        Each cell is a learner&apos;s average chance of recalling their cards on a topic now (FSRS retrievability), weakest topics first. The
        colours are anchored on the cohort&apos;s target retention, <strong className="text-[var(--fg)]">{formatPercent(target)}</strong> (the
        mean of its learners&apos; own targets): red below it, green above, so small differences show. A cell opens that learner&apos;s
        cards on the topic; an empty cell means no learned card there yet.
      </p>
      <div className="flex flex-wrap items-center gap-1 text-xs" aria-hidden="true" data-testid="heatmap-legend">
        {LEGEND.map((d) => (
          <span key={d} className="rounded px-2 py-1 tabular-nums" style={retentionCellStyle(target + d, target)}>
            {d === 0 ? `target ${formatPercent(target)}` : `${d > 0 ? "+" : "−"}${Math.round(Math.abs(d) * 100)} pts`}
          </span>
        ))}
      </div>
      {dash.topics.length === 0 || learners.length === 0 ? (
        <p className="text-[var(--fg-muted)]">No learner in these filters has learned a card yet.</p>
      ) : (
        <div className="max-h-[75vh] overflow-auto rounded-md border border-[var(--border)]" tabIndex={0} role="region" aria-label="Retrievability by learner and topic (scrolls both ways)">
          <table className="border-separate border-spacing-0 text-center text-xs" data-testid="topic-heatmap">
            <caption className="sr-only">Retrievability by learner and topic; the first row is the cohort mean.</caption>
            <thead>
              <tr>
                <th scope="col" className="sticky left-0 top-0 z-20 bg-[var(--bg)] p-2 text-left align-bottom">
                  Learner
                </th>
                {dash.topics.map((t) => (
                  <th key={t.topicId} scope="col" className="sticky top-0 z-10 min-w-20 max-w-28 bg-[var(--bg)] p-2 align-bottom font-medium">
                    <Link href={`/topics/${t.topicId}`} className="underline-offset-2 hover:underline">
                      {t.title}
                    </Link>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row" className="sticky left-0 z-10 border-b border-[var(--border)] bg-[var(--bg)] p-2 text-left font-semibold">
                  Cohort mean
                </th>
                {dash.topics.map((t) => (
                  <td key={t.topicId} className="border-b border-[var(--border)] p-2 font-semibold tabular-nums" style={t.mean === null ? undefined : retentionCellStyle(t.mean, target)}>
                    {formatPercent(t.mean)}
                  </td>
                ))}
              </tr>
              {learners.map((l) => (
                <tr key={l.userId} data-testid={`heatmap-row-${l.email}`}>
                  <th scope="row" className="sticky left-0 z-10 whitespace-nowrap bg-[var(--bg)] p-2 text-left font-normal">
                    {l.name}
                  </th>
                  {dash.topics.map((t) => {
                    const r = dash.retrievability[l.userId]?.[t.topicId];
                    return (
                      <td key={t.topicId} className="p-0 tabular-nums" style={r === undefined ? undefined : retentionCellStyle(r, target)}>
                        {r === undefined ? null : (
                          <Link
                            href={`/instructor/cohorts/${cohortId}/learners/${l.userId}?topic=${encodeURIComponent(t.topicId)}#topic`}
                            className="block p-2 hover:underline"
                            aria-label={`${l.name}, ${t.title}: ${formatPercent(r)}, ${BAND_WORDS[retentionBand(r, target)]}`}
                            title={BAND_WORDS[retentionBand(r, target)]}
                          >
                            {formatPercent(r)}
                          </Link>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager base={base} filters={filters} page={page.page} pages={page.pages} label="Pages of learners in the heatmap" />
    </div>
  );
}
