import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { BarChart } from "@/components/charts/bar-chart";
import { questionAnchor } from "@/components/quiz/mdx-questions";
import { Card, PageTitle } from "@/components/ui/card";
import { PromptText } from "@/components/ui/prompt-text";
import { formatPercent } from "@/lib/analytics/format";
import { requirePageRole } from "@/lib/auth/session";
import { formatJoinCode } from "@/lib/cohorts/codes";
import { getCohortDashboard, type CohortItemRow } from "@/lib/cohorts/dashboard";
import { db } from "@/lib/db/client";
import { publicUrl } from "@/lib/env";
import { pathParam } from "@/lib/http/params";
import { isAppError } from "@/lib/errors";
import { AddInstructorForm, CohortForm, JoinLink, RemoveMemberButton, RotateCodeButton } from "../../forms";
import { LearnersTable } from "./learners-table";

export const metadata: Metadata = { title: "Cohort" };

type Props = { params: Promise<{ cohortId: string }> };

const KIND = { MULTIPLE_CHOICE: "Multiple choice", FREE_RECALL: "Free recall", ESTIMATE: "Estimate" } as const;

/** Retrievability as a cell colour: red (forgotten) to green (remembered), with the number always written. */
function cellStyle(r: number): { backgroundColor: string } {
  const hue = Math.round(Math.max(0, Math.min(1, (r - 0.5) / 0.5)) * 120);
  return { backgroundColor: `hsl(${hue} 70% 45% / 0.35)` };
}

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

export default async function CohortPage({ params }: Props) {
  const cohortId = pathParam((await params).cohortId);
  const user = await requirePageRole(`/instructor/cohorts/${cohortId}`, "INSTRUCTOR", "ADMIN");
  const now = new Date();
  let dash;
  try {
    dash = await getCohortDashboard({ db: db(), actor: user, cohortId, now, day: { timezone: user.timezone, dayStartHour: user.dayStartHour } });
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  }
  const { cohort } = dash;
  const [courses, instructors] = await Promise.all([
    db().course.findMany({
      where: { retiredAt: null },
      orderBy: [{ position: "asc" }, { title: "asc" }],
      select: { id: true, title: true, _count: { select: { lessons: { where: { retiredAt: null } } } } },
    }),
    db().cohortMember.findMany({ where: { cohortId, role: "INSTRUCTOR" }, select: { userId: true, user: { select: { name: true, email: true } } } }),
  ]);
  const joinLink = `${publicUrl()}/join/${formatJoinCode(cohort.joinCode)}`;
  const atRisk = dash.learners.filter((l) => l.risks.length > 0).length;
  const retained = dash.learners.reduce((s, l) => s + (l.retention30 === null ? 0 : l.retention30 * l.retentionReviews30), 0);
  const graduated = dash.learners.reduce((s, l) => s + l.retentionReviews30, 0);
  const reviews7 = dash.learners.reduce((s, l) => s + l.reviews7, 0);
  const flagged = dash.items.filter((i) => i.flags.some((f) => f.severity === "warning"));
  const items = [...dash.items].sort(
    (a, b) => Number(b.flags.some((f) => f.severity === "warning")) - Number(a.flags.some((f) => f.severity === "warning")) || (a.facility ?? 2) - (b.facility ?? 2),
  );
  const exportHref = (kind: string) => `/api/instructor/cohorts/${cohort.id}/export/${kind}`;

  return (
    <div className="space-y-8">
      <div className="space-y-2">
        <p className="text-sm">
          <Link href="/instructor" className="underline">
            Cohorts
          </Link>{" "}
          /
        </p>
        <PageTitle>{cohort.name}</PageTitle>
        <ul className="flex flex-wrap gap-x-4 text-sm text-[var(--fg-muted)]">
          {cohort.courses.map((c) => (
            <li key={c.courseId}>
              <Link href={`/courses/${c.courseId}`} className="underline">
                {c.title}
              </Link>
              {c.targetDate ? ` — target ${c.targetDate.toISOString().slice(0, 10)}` : ""}
            </li>
          ))}
        </ul>
      </div>

      <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4" data-testid="cohort-summary">
        {[
          ["Learners", String(dash.learners.length)],
          ["At risk", String(atRisk)],
          ["Retention, 30 days", graduated > 0 ? formatPercent(retained / graduated) : "—"],
          ["Reviews, 7 days", String(reviews7)],
        ].map(([label, value]) => (
          <div key={label} className="rounded-lg border border-[var(--border)] bg-[var(--bg)] p-4 shadow-sm">
            <dt className="text-sm text-[var(--fg-muted)]">{label}</dt>
            <dd className="text-2xl font-bold tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>

      <Card>
        <h2 className="mb-3 text-lg font-semibold">Invite learners</h2>
        <JoinLink code={formatJoinCode(cohort.joinCode)} link={joinLink} />
      </Card>

      <section aria-labelledby="learners" className="space-y-3">
        <div className="flex flex-wrap items-baseline justify-between gap-3">
          <h2 id="learners" className="text-xl font-semibold">
            Learners
          </h2>
          <a href={exportHref("learners.csv")} className="text-sm underline" download>
            Download learners.csv
          </a>
        </div>
        <LearnersTable
          cohortId={cohort.id}
          now={now.getTime()}
          rows={dash.learners.map((l) => ({ ...l, lastActiveAt: l.lastActiveAt ? l.lastActiveAt.toISOString() : null, joinedAt: undefined }))}
        />
      </section>

      <section aria-labelledby="topics" className="space-y-3">
        <h2 id="topics" className="text-xl font-semibold">
          What the cohort remembers, by topic
        </h2>
        <p className="text-sm text-[var(--fg-muted)]">
          Average chance of recall now of each learner&apos;s cards on each topic (FSRS retrievability), weakest topics first. An empty cell:
          no learned card on that topic yet.
        </p>
        {dash.topics.length === 0 ? (
          <p className="text-[var(--fg-muted)]">No learner has learned a card yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="text-center text-xs" data-testid="topic-heatmap">
              <caption className="sr-only">Retrievability by learner and topic</caption>
              <thead>
                <tr>
                  <th scope="col" className="p-1 text-left">
                    Learner
                  </th>
                  {dash.topics.map((t) => (
                    <th key={t.topicId} scope="col" className="max-w-24 p-1 align-bottom font-medium">
                      <Link href={`/topics/${t.topicId}`} className="underline-offset-2 hover:underline">
                        {t.title}
                      </Link>
                    </th>
                  ))}
                </tr>
                <tr className="border-b border-[var(--border)]">
                  <th scope="row" className="p-1 text-left font-semibold">
                    Cohort mean
                  </th>
                  {dash.topics.map((t) => (
                    <td key={t.topicId} className="p-1 font-semibold tabular-nums" style={t.mean === null ? undefined : cellStyle(t.mean)}>
                      {formatPercent(t.mean)}
                    </td>
                  ))}
                </tr>
              </thead>
              <tbody>
                {dash.learners.map((l) => (
                  <tr key={l.userId}>
                    <th scope="row" className="whitespace-nowrap p-1 text-left font-normal">
                      {l.name}
                    </th>
                    {dash.topics.map((t) => {
                      const r = dash.retrievability[l.userId]?.[t.topicId];
                      return (
                        <td key={t.topicId} className="p-1 tabular-nums" style={r === undefined ? undefined : cellStyle(r)}>
                          {r === undefined ? "" : formatPercent(r)}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="items" className="space-y-3">
        <div className="flex flex-wrap items-baseline justify-between gap-3">
          <h2 id="items" className="text-xl font-semibold">
            Item analysis{" "}
            <span className="text-base font-normal text-[var(--fg-muted)]">
              ({flagged.length} question{flagged.length === 1 ? "" : "s"} flagged)
            </span>
          </h2>
          <a href={exportHref("items.csv")} className="text-sm underline" download>
            Download items.csv
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
            <thead>
              <tr className="border-b border-[var(--border)]">
                <th scope="col" className="py-2 pr-3">
                  Question
                </th>
                <th scope="col" className="py-2 pr-3 text-right">
                  Attempts
                </th>
                <th scope="col" className="py-2 pr-3 text-right">
                  Facility
                </th>
                <th scope="col" className="py-2 pr-3 text-right">
                  D
                </th>
                <th scope="col" className="py-2 pr-3 text-right">
                  r
                </th>
                <th scope="col" className="py-2 pr-3 text-right">
                  Difficulty
                </th>
                <th scope="col" className="py-2 pr-3 text-right">
                  Lapses
                </th>
                <th scope="col" className="py-2 pr-3 text-right">
                  Leeches
                </th>
                <th scope="col" className="py-2">
                  Choices picked / flags
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.questionId} className="border-b border-[var(--border)] align-top" data-testid={`item-${i.questionId}`}>
                  <th scope="row" className="max-w-md py-2 pr-3 font-normal">
                    <Link href={`/lessons/${i.question.lessonId}#${questionAnchor(i.questionId)}`} className="underline-offset-2 hover:underline">
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
      </section>

      <section aria-labelledby="trend" className="space-y-3">
        <h2 id="trend" className="text-xl font-semibold">
          Trend
        </h2>
        <BarChart
          title="Cohort reviews per day"
          description={`Reviews per day over the last ${dash.trend.days.length} days: ${dash.trend.days.reduce((s, d) => s + d.reviews, 0)} in all.`}
          values={dash.trend.days.map((d) => d.reviews)}
          labels={dash.trend.days.map((d) => d.day)}
          unit="reviews"
        />
        <table className="text-sm">
          <caption className="mb-1 text-left font-semibold">Retention per week (reviews of learned cards answered right)</caption>
          <thead>
            <tr className="border-b border-[var(--border)]">
              <th scope="col" className="py-1 pr-4 text-left">
                Week from
              </th>
              <th scope="col" className="py-1 pr-4 text-right">
                Reviews
              </th>
              <th scope="col" className="py-1 text-right">
                Retention
              </th>
            </tr>
          </thead>
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

      <section aria-labelledby="manage" className="space-y-4">
        <h2 id="manage" className="text-xl font-semibold">
          Manage the cohort
        </h2>
        <Card>
          <h3 className="mb-3 font-semibold">Name, courses and targets</h3>
          <CohortForm
            cohortId={cohort.id}
            courses={courses.map((c) => ({ id: c.id, title: c.title, lessons: c._count.lessons }))}
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
            {instructors.map((i) => (
              <li key={i.userId} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>
                  {i.user.name} <span className="text-sm text-[var(--fg-muted)]">({i.user.email}) · instructor</span>
                </span>
                {instructors.length > 1 && <RemoveMemberButton cohortId={cohort.id} userId={i.userId} name={i.user.name} />}
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
