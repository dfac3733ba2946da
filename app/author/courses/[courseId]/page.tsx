import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { BarChart } from "@/components/charts/bar-chart";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { Card, PageTitle } from "@/components/ui/card";
import { ColumnHeaders } from "@/components/ui/column-headers";
import { requirePageRole } from "@/lib/auth/session";
import { WORKLOAD_RETENTIONS, getCourseWorkload } from "@/lib/authoring/get-course-workload";
import { cheapestPerRemembered } from "@/lib/content/workload";
import { pathParam, queryParam } from "@/lib/http/params";

export const metadata: Metadata = { title: "Workload preview" };

type Props = { params: Promise<{ courseId: string }>; searchParams: Promise<{ retention?: string | string[] }> };

export default async function CourseWorkloadPage({ params, searchParams }: Props) {
  const courseId = pathParam((await params).courseId);
  const user = await requirePageRole(`/author/courses/${courseId}`, "AUTHOR", "ADMIN");
  const retention = queryParam((await searchParams).retention);
  const chosen = WORKLOAD_RETENTIONS.find((r) => String(r) === retention) ?? 0.9;
  const workload = await getCourseWorkload({ actor: user, courseId });
  if (!workload) notFound();
  const { title, workloads: results } = workload;
  const w = results[WORKLOAD_RETENTIONS.indexOf(chosen)];
  const cheapest = cheapestPerRemembered(results);
  return (
    <div className="space-y-6">
      <Breadcrumb trail={[{ href: "/author", label: "Author" }]} />
      <PageTitle>Workload: {title}</PageTitle>
      <p>
        <a
          href={`/api/author/courses/${courseId}/anki`}
          className="inline-block rounded-md border border-[var(--border)] px-4 py-2 text-sm font-semibold hover:bg-[var(--bg-muted)]"
          download
        >
          Download the course for Anki (.apkg)
        </a>
      </p>
      <p className="max-w-3xl text-[var(--fg-muted)]">
        What this course asks of a learner who reads one lesson a day and reviews what FSRS (default parameters) schedules: the mean of 20
        simulated learners whose memory follows FSRS-6, over 90 days. Each review is priced by what it costs in Anki users&apos; logs: a
        forgotten card takes about twice as long as an easy pass, so a target set too low pays in relearning and one set too high in
        reviews.
      </p>
      {cheapest && (
        <p data-testid="cheapest-retention">
          Cheapest per remembered question: <strong>{Math.round(cheapest.desiredRetention * 100)}%</strong> (
          {cheapest.minutesPerRemembered.toFixed(2)} minutes of study for each question remembered at day 90).
        </p>
      )}
      <nav aria-label="Desired retention" className="flex gap-2">
        {WORKLOAD_RETENTIONS.map((r) => (
          <Link
            key={r}
            href={`?retention=${r}`}
            aria-current={r === chosen ? "page" : undefined}
            className={`rounded-md border px-3 py-1 text-sm ${r === chosen ? "border-brand-600 bg-brand-600 text-white" : "border-[var(--border)]"}`}
          >
            {Math.round(r * 100)}%
          </Link>
        ))}
      </nav>
      <Card>
        <BarChart
          title={`Reviews per day at ${Math.round(chosen * 100)}% desired retention`}
          description={`${w.totalReviews.toFixed(0)} reviews in 90 days, at most ${w.peakReviews.toFixed(1)} a day, ${w.averageMinutesPerDay.toFixed(1)} minutes a day on average.`}
          values={w.reviewsPerDay}
          labels={w.reviewsPerDay.map((_, i) => `day ${i + 1}`)}
          unit="reviews"
        />
      </Card>
      <table className="text-sm">
        <caption className="sr-only">Workload at each desired retention</caption>
        <ColumnHeaders columns={["Desired retention", "Reviews in 90 days", "Peak per day", "Minutes per day", "Remembered at day 90", "Minutes per remembered question"]} cellClassName="py-1 pr-4" rowClassName="border-b border-[var(--border)] text-left" />
        <tbody>
          {results.map((r) => (
            <tr key={r.desiredRetention} className="border-b border-[var(--border)]">
              <td className="py-1 pr-4">
                {Math.round(r.desiredRetention * 100)}%{r === cheapest ? " (cheapest)" : ""}
              </td>
              <td className="py-1 pr-4">{r.totalReviews.toFixed(0)}</td>
              <td className="py-1 pr-4">{r.peakReviews.toFixed(1)}</td>
              <td className="py-1 pr-4">{r.averageMinutesPerDay.toFixed(1)}</td>
              <td className="py-1 pr-4">
                {r.rememberedAtEnd.toFixed(1)} of {r.questions}
              </td>
              <td className="py-1">{r.minutesPerRemembered.toFixed(2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
