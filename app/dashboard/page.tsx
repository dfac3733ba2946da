import type { Metadata } from "next";
import Link from "next/link";
import { BarChart } from "@/components/charts/bar-chart";
import { ActivityHeatmap } from "@/components/charts/heatmap";
import { LinkButton } from "@/components/ui/button";
import { Card, PageTitle } from "@/components/ui/card";
import { requirePageUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { getDashboard } from "@/lib/learners/get-dashboard";

export const metadata: Metadata = { title: "Dashboard" };

function percent(x: number | null): string {
  return x === null ? "–" : `${Math.round(x * 100)}%`;
}

function relative(date: Date, now = new Date()): string {
  const minutes = Math.round((date.getTime() - now.getTime()) / 60_000);
  if (minutes < 60) return `${Math.max(1, minutes)} min`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h`;
  return `${Math.round(minutes / 1440)} days`;
}

export default async function DashboardPage() {
  const user = await requirePageUser("/dashboard");
  const d = await getDashboard({ db: db(), user });

  if (d.empty) {
    const first = d.courses.find((c) => c.nextLesson);
    return (
      <div className="space-y-6">
        <PageTitle>Welcome, {user.name}</PageTitle>
        <Card>
          <h2 className="mb-2 text-lg font-semibold">Start with a lesson</h2>
          <p className="mb-4 max-w-2xl text-[var(--fg-muted)]">
            Read a lesson and answer the questions inside it. Each answer becomes a card; Recall brings it back for review just before you would
            forget it, and this page fills with your progress.
          </p>
          <div className="flex flex-wrap gap-3">
            {first?.nextLesson && <LinkButton href={`/lessons/${first.nextLesson.id}`}>Read “{first.nextLesson.title}”</LinkButton>}
            <LinkButton href="/courses" variant="secondary">
              Browse the courses
            </LinkButton>
          </div>
        </Card>
      </div>
    );
  }

  return (
    <div className="space-y-6">
      <PageTitle>Hello, {user.name}</PageTitle>
      <div className="grid gap-4 lg:grid-cols-3">
        <Card className="lg:col-span-2" aria-labelledby="today-heading">
          <h2 id="today-heading" className="mb-3 text-lg font-semibold">
            Today
          </h2>
          <dl className="mb-4 grid grid-cols-2 gap-3 sm:grid-cols-4">
            {[
              ["Due now", d.dueNow],
              ["Later today", d.dueLaterToday],
              ["In learning", d.learning],
              ["Reviewed today", d.reviewsToday],
            ].map(([label, value]) => (
              <div key={label} className="rounded-md bg-[var(--bg-muted)] p-3">
                <dt className="text-sm text-[var(--fg-muted)]">{label}</dt>
                <dd className="text-2xl font-bold" data-testid={`today-${String(label).toLowerCase().replace(/\s+/g, "-")}`}>
                  {value}
                </dd>
              </div>
            ))}
          </dl>
          {d.dueNow > 0 ? (
            <LinkButton href="/review">Start review ({d.dueNow} due)</LinkButton>
          ) : (
            <p className="text-[var(--fg-muted)]" role="status">
              Nothing is due{d.nextDue ? ` — the next card comes back in ${relative(d.nextDue)}` : ""}. A good moment to read a new lesson.
            </p>
          )}
          {d.leeches > 0 && (
            <p className="mt-3 text-sm">
              {d.leeches} {d.leeches === 1 ? "card keeps" : "cards keep"} slipping away (leeches) and {d.leeches === 1 ? "is" : "are"} set aside: reread
              their lessons.
            </p>
          )}
          <ul className="mt-4 space-y-1 text-sm">
            {d.courses
              .filter((c) => c.started && c.nextLesson)
              .map((c) => (
                <li key={c.id}>
                  Next in {c.title}:{" "}
                  <Link href={`/lessons/${c.nextLesson!.id}`} className="font-medium underline">
                    {c.nextLesson!.title}
                  </Link>
                </li>
              ))}
          </ul>
        </Card>
        <Card aria-labelledby="streak-heading">
          <h2 id="streak-heading" className="mb-3 text-lg font-semibold">
            Streak
          </h2>
          <p className="text-4xl font-bold" data-testid="streak-current">
            {d.streak.current} <span className="text-base font-normal text-[var(--fg-muted)]">{d.streak.current === 1 ? "day" : "days"}</span>
          </p>
          <p className="text-sm text-[var(--fg-muted)]">Longest: {d.streak.longest} days. A day counts with one review, in your time zone.</p>
        </Card>
      </div>

      <Card aria-labelledby="activity-heading">
        <h2 id="activity-heading" className="mb-3 text-lg font-semibold">
          Activity
        </h2>
        <ActivityHeatmap today={d.today} counts={d.activity} />
      </Card>

      <div className="grid gap-4 lg:grid-cols-2">
        <Card aria-labelledby="forecast-heading">
          <h2 id="forecast-heading" className="text-lg font-semibold">
            Forecast
          </h2>
          <BarChart
            title="Reviews due per day, next 30 days"
            description={`${d.forecast.reduce((n, f) => n + f.cards, 0)} reviews due in the next 30 days; overdue cards count today.`}
            values={d.forecast.map((f) => f.cards)}
            labels={d.forecast.map((f) => f.day)}
            unit="cards"
          />
        </Card>
        <Card aria-labelledby="retention-heading">
          <h2 id="retention-heading" className="mb-3 text-lg font-semibold">
            Retention
          </h2>
          <p className="mb-3 text-sm text-[var(--fg-muted)]">
            Share of reviews answered correctly, among cards you had learned (true retention). Your target: {percent(d.desiredRetention)}.
          </p>
          <table className="w-full text-sm">
            <caption className="sr-only">True retention by period</caption>
            <tbody>
              {d.retention.map((r) => (
                <tr key={r.days}>
                  <th scope="row" className="w-24 py-1 text-left font-normal">
                    {r.days} days
                  </th>
                  <td className="py-1">
                    <div className="relative h-5 rounded bg-[var(--bg-muted)]" aria-hidden="true">
                      <div className="h-5 rounded bg-brand-600" style={{ width: `${(r.rate ?? 0) * 100}%` }} />
                      <div className="absolute top-0 h-5 border-l-2 border-dashed border-[var(--fg)]" style={{ left: `${d.desiredRetention * 100}%` }} />
                    </div>
                  </td>
                  <td className="w-32 py-1 pl-2 text-right">
                    {percent(r.rate)} <span className="text-[var(--fg-muted)]">of {r.reviews}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      </div>

      <Card aria-labelledby="topics-heading">
        <h2 id="topics-heading" className="mb-1 text-lg font-semibold">
          Memory by topic
        </h2>
        <p className="mb-3 text-sm text-[var(--fg-muted)]">Predicted recall right now (FSRS), weakest first.</p>
        <ul className="space-y-2">
          {d.topics.map((t) => (
            <li key={t.id} className="grid grid-cols-[minmax(0,10rem)_1fr_auto] items-center gap-2 text-sm sm:grid-cols-[14rem_1fr_auto]">
              <Link href={`/topics/${t.id}`} className="truncate underline">
                {t.title}
              </Link>
              <div className="h-4 rounded bg-[var(--bg-muted)]" aria-hidden="true">
                <div className="h-4 rounded bg-brand-600" style={{ width: `${t.recall * 100}%` }} />
              </div>
              <span>
                {percent(t.recall)} · {t.cards} cards ·{" "}
                <Link href={`/review?topic=${t.id}`} className="underline">
                  review
                </Link>
              </span>
            </li>
          ))}
        </ul>
      </Card>

      <div className="grid gap-4 lg:grid-cols-2">
        <Card aria-labelledby="progress-heading">
          <h2 id="progress-heading" className="mb-3 text-lg font-semibold">
            Progress by course
          </h2>
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead>
                <tr className="border-b border-[var(--border)]">
                  <th className="py-1 pr-2">Course</th>
                  <th className="py-1 pr-2">Lessons read</th>
                  <th className="py-1 pr-2">Questions met</th>
                  <th className="py-1 pr-2">Learning / young / mature</th>
                  <th className="py-1">Leeches</th>
                </tr>
              </thead>
              <tbody>
                {d.courses.map((c) => (
                  <tr key={c.id} className="border-b border-[var(--border)]">
                    <td className="py-1 pr-2">
                      <Link href={`/courses/${c.id}`} className="underline">
                        {c.title}
                      </Link>
                    </td>
                    <td className="py-1 pr-2">
                      {c.read} / {c.lessons}
                    </td>
                    <td className="py-1 pr-2">
                      {c.met} / {c.questions}
                    </td>
                    <td className="py-1 pr-2">
                      {c.learning} / {c.review} / {c.mature}
                    </td>
                    <td className="py-1">{c.leeches}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
        <Card aria-labelledby="history-heading">
          <h2 id="history-heading" className="mb-3 text-lg font-semibold">
            Recent sessions
          </h2>
          <ul className="space-y-1 text-sm">
            {d.sessions.map((s) => (
              <li key={s.sessionId} className="flex justify-between gap-2">
                <span>{s.startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC</span>
                <span>
                  {s.reviews} reviews · {Math.round((s.correct / s.reviews) * 100)}% correct · {Math.max(1, Math.round(s.ms / 60_000))} min
                </span>
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </div>
  );
}
