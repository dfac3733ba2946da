import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { BarChart } from "@/components/charts/bar-chart";
import { ReportHeader, reportHref } from "@/components/cohort/report-chrome";
import { Card } from "@/components/ui/card";
import { ColumnHeaders } from "@/components/ui/column-headers";
import { Figures } from "@/components/ui/figures";
import { LinkList } from "@/components/ui/link-list";
import { formatPercent } from "@/lib/analytics/format";
import { requirePageRole } from "@/lib/auth/session";
import { formatJoinCode } from "@/lib/cohorts/codes";
import { getCohortDashboard } from "@/lib/cohorts/dashboard";
import { getCohortSettings } from "@/lib/cohorts/get-cohort-settings";
import { NO_FILTERS, sortLearners } from "@/lib/cohorts/report-filters";
import { db } from "@/lib/db/client";
import { publicUrl } from "@/lib/env";
import { pathParam } from "@/lib/http/params";
import { isAppError } from "@/lib/errors";
import { AddInstructorForm, CohortForm, JoinLink, RemoveMemberButton, RotateCodeButton } from "../../forms";

export const metadata: Metadata = { title: "Cohort" };

type Props = { params: Promise<{ cohortId: string }> };

/** How many at-risk learners the overview lists before pointing to the learners report. */
const AT_RISK_SHOWN = 10;

/** The cohort at a glance: the four figures, at-risk learners first, the trend; the reports have the detail. */
export default async function CohortPage({ params }: Props) {
  const cohortId = pathParam((await params).cohortId);
  const user = await requirePageRole(`/instructor/cohorts/${cohortId}`, "INSTRUCTOR", "ADMIN");
  const now = new Date();
  let dash;
  let settings;
  try {
    [dash, settings] = await Promise.all([
      getCohortDashboard({ db: db(), actor: user, cohortId, now, day: { timezone: user.timezone, dayStartHour: user.dayStartHour } }),
      getCohortSettings({ db: db(), actor: user, cohortId }),
    ]);
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  }
  const { cohort } = dash;
  const joinLink = `${publicUrl()}/join/${formatJoinCode(cohort.joinCode)}`;
  const atRisk = sortLearners(
    dash.learners.filter((l) => l.risks.length > 0),
    "risk",
    "desc",
  );
  const retained = dash.learners.reduce((s, l) => s + (l.retention30 === null ? 0 : l.retention30 * l.retentionReviews30), 0);
  const graduated = dash.learners.reduce((s, l) => s + l.retentionReviews30, 0);
  const reviews7 = dash.learners.reduce((s, l) => s + l.reviews7, 0);
  const exportHref = (kind: string) => `/api/instructor/cohorts/${cohort.id}/export/${kind}`;

  return (
    <div className="space-y-8">
      <ReportHeader cohort={cohort} tab="overview" title={cohort.name} filters={NO_FILTERS}>
        <LinkList
          className="flex flex-wrap gap-x-4 text-sm text-[var(--fg-muted)]"
          items={cohort.courses.map((c) => ({ href: `/courses/${c.courseId}`, label: c.title, note: c.targetDate ? ` — target ${c.targetDate.toISOString().slice(0, 10)}` : "" }))}
        />
      </ReportHeader>

      <Figures
        className="grid-cols-2 sm:grid-cols-4"
        testId="cohort-summary"
        figures={[
          ["Learners", String(dash.learners.length)],
          ["At risk", String(atRisk.length)],
          ["Retention, 30 days", graduated > 0 ? formatPercent(retained / graduated) : "—"],
          ["Reviews, 7 days", String(reviews7)],
        ]}
      />

      <section aria-labelledby="at-risk" className="space-y-3">
        <div className="flex flex-wrap items-baseline justify-between gap-3">
          <h2 id="at-risk" className="text-xl font-semibold">
            At-risk learners
          </h2>
          {atRisk.length > 0 && (
            <Link href={reportHref(cohort.id, "learners", { ...NO_FILTERS, atRiskOnly: true })} className="text-sm underline">
              All {atRisk.length} in the learners report
            </Link>
          )}
        </div>
        {atRisk.length === 0 ? (
          <p className="text-[var(--fg-muted)]">{dash.learners.length === 0 ? "No learner has joined yet. Send them the join code or link below." : "No learner is at risk."}</p>
        ) : (
          <ul className="divide-y divide-[var(--border)] rounded-lg border border-[var(--border)]" data-testid="at-risk-list">
            {atRisk.slice(0, AT_RISK_SHOWN).map((l) => (
              <li key={l.userId} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 p-3 text-sm">
                <Link href={`/instructor/cohorts/${cohort.id}/learners/${l.userId}`} className="font-medium underline-offset-2 hover:underline">
                  {l.name}
                </Link>
                <span className="text-red-700 dark:text-red-400">{l.risks.map((r) => r.message).join("; ")}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="trend" className="space-y-3">
        <h2 id="trend" className="text-xl font-semibold">
          Trend
        </h2>
        <div className="max-w-3xl">
          <BarChart
            title="Cohort reviews per day"
            description={`Reviews per day over the last ${dash.trend.days.length} days: ${dash.trend.days.reduce((s, d) => s + d.reviews, 0)} in all.`}
            values={dash.trend.days.map((d) => d.reviews)}
            labels={dash.trend.days.map((d) => d.day)}
            unit="reviews"
          />
        </div>
        <table className="text-sm">
          <caption className="mb-1 text-left font-semibold">Retention per week (reviews of learned cards answered right)</caption>
          <ColumnHeaders columns={[{ label: "Week from", className: "text-left" }, { label: "Reviews", className: "text-right" }, { label: "Retention", className: "text-right" }]} cellClassName="py-1 pr-4" rowClassName="border-b border-[var(--border)]" />
          <tbody>
            {dash.trend.weeks.map((w) => (
              <tr key={w.start}>
                <td className="py-1 pr-4">{w.start}</td>
                <td className="py-1 pr-4 text-right tabular-nums">{w.reviews}</td>
                <td className="py-1 text-right tabular-nums">{formatPercent(w.rate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="text-sm">
          <a href={exportHref("reviews.csv")} className="underline" download>
            Download the cohort&apos;s review log (reviews.csv)
          </a>
        </p>
      </section>

      <Card>
        <h2 className="mb-3 text-lg font-semibold">Invite learners</h2>
        <JoinLink code={formatJoinCode(cohort.joinCode)} link={joinLink} />
      </Card>

      <section aria-labelledby="manage" className="space-y-4">
        <h2 id="manage" className="text-xl font-semibold">
          Manage the cohort
        </h2>
        <Card>
          <h3 className="mb-3 font-semibold">Name, courses and targets</h3>
          <CohortForm
            cohortId={cohort.id}
            courses={settings.courses}
            initial={{
              name: cohort.name,
              courseIds: cohort.courses.map((c) => c.courseId),
              targets: Object.fromEntries(cohort.courses.map((c) => [c.courseId, c.targetDate ? c.targetDate.toISOString().slice(0, 10) : ""])),
            }}
          />
        </Card>
        <Card className="space-y-3">
          <h3 className="font-semibold">Join code</h3>
          <p className="text-sm text-[var(--fg-muted)]">If the code has leaked, rotate it: the old code and link stop working, and members stay.</p>
          <RotateCodeButton cohortId={cohort.id} />
        </Card>
        <Card className="space-y-3">
          <h3 className="font-semibold">People</h3>
          <ul className="divide-y divide-[var(--border)]">
            {settings.instructors.map((i) => (
              <li key={i.userId} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>
                  {i.name} <span className="text-sm text-[var(--fg-muted)]">({i.email}) · instructor</span>
                </span>
                {settings.instructors.length > 1 && <RemoveMemberButton cohortId={cohort.id} userId={i.userId} name={i.name} />}
              </li>
            ))}
            {dash.learners.map((l) => (
              <li key={l.userId} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>
                  {l.name} <span className="text-sm text-[var(--fg-muted)]">({l.email}) · joined {l.joinedAt.toISOString().slice(0, 10)}</span>
                </span>
                <RemoveMemberButton cohortId={cohort.id} userId={l.userId} name={l.name} />
              </li>
            ))}
          </ul>
          <AddInstructorForm cohortId={cohort.id} />
        </Card>
      </section>
    </div>
  );
}
