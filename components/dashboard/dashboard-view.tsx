// The dashboard's layout, from getDashboard's figures. Presentational: the page fetches.
import Link from "next/link";
import type { ReactNode } from "react";
import { CourseProgressCard } from "@/components/charts/course-progress";
import { ForecastChart } from "@/components/charts/forecast-chart";
import { ActivityHeatmap } from "@/components/charts/heatmap";
import { RetentionChart } from "@/components/charts/retention-chart";
import { TopicMemoryChart } from "@/components/charts/topic-memory";
import { LeechList, type LeechItem } from "@/components/leeches/leech-list";
import { LinkButton } from "@/components/ui/button";
import { Card, PageTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { ColumnHeaders } from "@/components/ui/column-headers";
import { LinkList } from "@/components/ui/link-list";
import { formatDay, formatDurationMs, formatLocalTime, formatPercent, formatTimeUntil, plural } from "@/lib/analytics/format";
import type { Dashboard } from "@/lib/learners/get-dashboard";
import type { TrueRetention } from "@/lib/learners/get-true-retention";
import { TrueRetentionTable } from "./true-retention-table";
import { LEECH_LAPSES } from "@/lib/srs/scheduler";

function Panel({ id, title, className, children, aside }: { id: string; title: string; className?: string; children: ReactNode; aside?: ReactNode }) {
  return (
    // min-w-0: a grid item may shrink below its content, so wide charts scroll inside their panel instead of widening the page.
    <Card aria-labelledby={`${id}-heading`} className={cn("min-w-0", className)}>
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={`${id}-heading`} className="text-lg font-semibold">
          {title}
        </h2>
        {aside}
      </div>
      {children}
    </Card>
  );
}

function Stat({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <div className="rounded-md bg-[var(--bg-muted)] px-3 py-2">
      <dt className="text-xs text-[var(--fg-muted)]">{label}</dt>
      <dd className="text-xl font-semibold tabular-nums" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

function TodayPanel({ d }: { d: Dashboard }) {
  const t = d.todaySummary;
  return (
    <Panel id="today" title="Today" className="lg:col-span-2">
      <div className="mb-4 flex flex-wrap items-center gap-x-4 gap-y-2">
        {t.dueNow > 0 ? (
          <LinkButton href="/review" className="px-6 py-3 text-base">
            Start review ({t.dueNow} due)
          </LinkButton>
        ) : (
          <p className="text-base font-medium" role="status">
            Nothing due{t.nextDue ? ` — next card ${formatTimeUntil(t.nextDue, d.now)}` : ""}
          </p>
        )}
        {t.dueLaterToday > 0 && <p className="text-sm text-[var(--fg-muted)]">{plural(t.dueLaterToday, "more card")} later today</p>}
      </div>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Stat label="Reviewed today" value={t.reviewsToday} testId="today-reviewed-today" />
        <Stat label="New cards today" value={t.newCardsToday} testId="today-new-cards" />
        <Stat label="In learning" value={t.inLearning} testId="today-in-learning" />
        <Stat label="Due later today" value={t.dueLaterToday} testId="today-due-later" />
      </dl>
      {d.nextLessons.length > 0 && (
        <div className="mt-4">
          <h3 className="mb-1 text-sm font-semibold">Next lesson to read</h3>
          <LinkList
            className="space-y-1 text-sm"
            linkClassName="font-medium underline underline-offset-2"
            items={d.nextLessons.map((l) => ({ href: `/lessons/${l.lessonId}`, label: l.lessonTitle, note: <span className="text-[var(--fg-muted)]"> in {l.courseTitle}</span> }))}
          />
        </div>
      )}
    </Panel>
  );
}

function StreakPanel({ d }: { d: Dashboard }) {
  const { current, longest, studiedToday } = d.streak;
  return (
    <Panel id="streak" title="Streak">
      <p className="text-4xl font-bold tabular-nums" data-testid="streak-current">
        {plural(current, "day")}
      </p>
      <p className="mt-1 text-sm text-[var(--fg-muted)]">
        {current === 0
          ? "Review today to start a new streak."
          : studiedToday
            ? "You have reviewed today."
            : "Review today to keep it going."}
      </p>
      <p className="mt-3 text-sm">
        Longest: <span className="font-semibold tabular-nums">{plural(longest, "day")}</span>
      </p>
      <p className="mt-1 text-xs text-[var(--fg-muted)]">
        Days start at {String(d.dayStartHour).padStart(2, "0")}:00 ({d.timezone}).
      </p>
    </Panel>
  );
}

function SessionHistory({ d }: { d: Dashboard }) {
  if (d.sessions.length === 0) return <p className="text-sm text-[var(--fg-muted)]">No sessions yet.</p>;
  return (
    <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Recent sessions (scrolls sideways)">
      <table className="w-full min-w-[480px] text-sm">
        <caption className="sr-only">Your last {d.sessions.length} sessions, most recent first</caption>
        <ColumnHeaders columns={["When", "What", { label: "Answers", className: "text-right" }, { label: "Correct", className: "text-right" }, { label: "Time", className: "text-right" }]} cellClassName="pb-2 font-medium" className="text-left text-[var(--fg-muted)]" />
        <tbody>
          {d.sessions.map((s) => (
            <tr key={`${s.sessionId}-${s.day}`} className="border-t border-[var(--border)]">
              <td className="py-2 pr-2 whitespace-nowrap">
                {formatDay(s.day, { year: false })}, {formatLocalTime(s.startedAt, d.timezone)}
              </td>
              <td className="py-2 pr-2">
                {s.kind === "lesson" ? `Lesson: ${s.lessonTitles.join(", ")}` : "Review"}
                {s.newCards > 0 && s.kind === "review" ? <span className="text-[var(--fg-muted)]"> · {plural(s.newCards, "new card")}</span> : null}
              </td>
              <td className="py-2 pr-2 text-right tabular-nums">{s.reviews}</td>
              <td className="py-2 pr-2 text-right tabular-nums">{formatPercent(s.reviews ? s.correct / s.reviews : null)}</td>
              <td className="py-2 text-right tabular-nums whitespace-nowrap">{formatDurationMs(s.durationMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function EmptyDashboard({ name, d }: { name: string; d: Dashboard }) {
  return (
    <div className="space-y-6">
      <PageTitle>Welcome, {name}</PageTitle>
      <Card>
        <h2 className="mb-2 text-lg font-semibold">Start with a lesson</h2>
        <p className="mb-4 max-w-2xl text-[var(--fg-muted)]">
          Read a lesson and answer the questions in it. Each answer becomes a card that comes back for review just before you would forget it,
          and this page fills with your streak, your forecast and how well you hold each topic.
        </p>
        <div className="flex flex-wrap gap-3">
          {d.firstLesson && <LinkButton href={`/lessons/${d.firstLesson.lessonId}`}>Read “{d.firstLesson.lessonTitle}”</LinkButton>}
          <LinkButton href="/courses" variant={d.firstLesson ? "secondary" : "primary"}>
            Browse the courses
          </LinkButton>
        </div>
      </Card>
    </div>
  );
}

/** The learner's dashboard: today, streak, activity, forecast, retention, topics, courses, sessions. */
export interface CohortTarget {
  cohortId: string;
  cohortName: string;
  courseId: string;
  title: string;
  /** `YYYY-MM-DD`, or null with no target. */
  targetDate: string | null;
}

/** The cohorts' courses with their target dates, next to the learner's own progress in each. */
function CohortTargets({ targets, d }: { targets: CohortTarget[]; d: Dashboard }) {
  return (
    <ul className="space-y-2 text-sm">
      {targets.map((t) => {
        const course = d.courses.find((c) => c.courseId === t.courseId);
        return (
          <li key={t.cohortId + t.courseId}>
            <span className="font-medium">{t.title}</span> for {t.cohortName}
            {t.targetDate ? `: finish by ${t.targetDate}` : ""}
            {course ? ` — ${course.lessonsRead} of ${course.lessonsTotal} lessons read` : ""}
          </li>
        );
      })}
    </ul>
  );
}

export function DashboardView({
  name,
  d,
  trueRetention,
  cohortTargets = [],
  leeches = [],
}: {
  name: string;
  d: Dashboard;
  trueRetention?: TrueRetention;
  cohortTargets?: CohortTarget[];
  leeches?: LeechItem[];
}) {
  if (d.isEmpty) return <EmptyDashboard name={name} d={d} />;

  const windowRows = d.retention.windows.map((w) => ({ label: `Last ${w.windowDays} days`, window: w }));
  const courseRows = d.retention.byCourse.map((c) => ({ label: c.title, window: c.window }));
  return (
    <div className="space-y-6">
      <PageTitle>Hello, {name}</PageTitle>
      <div className="grid gap-6 lg:grid-cols-3">
        <TodayPanel d={d} />
        <StreakPanel d={d} />

        {leeches.length > 0 && (
          <Panel id="leeches" title={`Leeches (${leeches.length})`} className="lg:col-span-3">
            <p className="mb-3 text-sm text-[var(--fg-muted)]">
              Cards you keep forgetting are set aside so they stop eating your reviews. Reread the lesson, then relearn the card: it comes back
              now, and is set aside again only if it slips away another {LEECH_LAPSES} times.
            </p>
            <LeechList leeches={leeches} />
          </Panel>
        )}

        <Panel id="activity" title="Activity" className="lg:col-span-3">
          <ActivityHeatmap id="activity-chart" layout={d.heatmap} />
        </Panel>

        <Panel id="forecast" title="Forecast" className="lg:col-span-2">
          <ForecastChart id="forecast-chart" days={d.forecast} />
        </Panel>

        <Panel
          id="retention"
          title="Retention"
          aside={
            <Link href="/settings" className="text-sm text-[var(--fg-muted)] underline underline-offset-2">
              Target {formatPercent(d.desiredRetention)}
            </Link>
          }
        >
          <p className="mb-2 text-sm text-[var(--fg-muted)]">Share of reviews of learned cards you got right.</p>
          <RetentionChart id="retention-chart" title="True retention over the last 7, 30 and 90 days" rows={windowRows} desired={d.desiredRetention} />
          {courseRows.length > 0 && (
            <>
              <h3 className="mt-4 mb-1 text-sm font-semibold">By course, last 30 days</h3>
              <RetentionChart id="retention-course-chart" title="True retention by course over the last 30 days" rows={courseRows} desired={d.desiredRetention} />
            </>
          )}
        </Panel>

        {trueRetention && (
          <Panel id="true-retention" title="Does your target hold?" className="lg:col-span-3">
            <TrueRetentionTable rows={trueRetention.rows} desired={trueRetention.desiredRetention} />
          </Panel>
        )}

        <Panel id="topics" title="Memory by topic" className="lg:col-span-2">
          {d.topics.length > 0 ? (
            <>
              <p className="mb-2 text-sm text-[var(--fg-muted)]">Chance of recalling a topic&apos;s cards right now, weakest first. The line marks your target.</p>
              <TopicMemoryChart topics={d.topics} desired={d.desiredRetention} />
            </>
          ) : (
            <p className="text-sm text-[var(--fg-muted)]">Answer a lesson&apos;s questions to see how well you hold its topics.</p>
          )}
        </Panel>

        <Panel id="courses" title="Progress per course">
          {d.courses.length > 0 ? (
            <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-1">
              {d.courses.map((c) => (
                <CourseProgressCard key={c.courseId} course={c} />
              ))}
            </div>
          ) : (
            <p className="text-sm text-[var(--fg-muted)]">
              <Link href="/courses" className="underline">
                Pick a course
              </Link>{" "}
              to start.
            </p>
          )}
        </Panel>

        {cohortTargets.length > 0 && (
          <Panel
            id="cohorts"
            title="Your cohorts"
            className="lg:col-span-3"
            aside={
              <Link href="/cohorts" className="text-sm text-[var(--fg-muted)] underline underline-offset-2">
                Manage
              </Link>
            }
          >
            <CohortTargets targets={cohortTargets} d={d} />
          </Panel>
        )}

        <Panel id="history" title="Recent sessions" className="lg:col-span-3">
          <SessionHistory d={d} />
        </Panel>
      </div>
    </div>
  );
}
