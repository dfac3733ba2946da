import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { Card, PageTitle } from "@/components/ui/card";
import { ColumnHeaders } from "@/components/ui/column-headers";
import { PromptText } from "@/components/ui/prompt-text";
import { formatPercent } from "@/lib/analytics/format";
import { requirePageRole } from "@/lib/auth/session";
import { getCohortLearnerProgress } from "@/lib/cohorts/learner-progress";
import { getCohortLearnerTopic, type LearnerTopic } from "@/lib/cohorts/learner-topic";
import { db } from "@/lib/db/client";
import { pathParam, queryParam } from "@/lib/http/params";
import { isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Learner progress" };

type Props = { params: Promise<{ cohortId: string; userId: string }>; searchParams: Promise<{ topic?: string | string[] }> };

const RATING = ["", "Again", "Hard", "Good", "Easy"];

const STATE = { NEW: "New", LEARNING: "Learning", REVIEW: "Review", RELEARNING: "Relearning" } as Record<string, string>;

/** The learner's cards on one topic: what a cell of the topics × learners heatmap stands for. */
function TopicDetail({ detail, cohortId }: { detail: LearnerTopic; cohortId: string }) {
  return (
    <Card className="space-y-3">
      <h2 id="topic" className="text-lg font-semibold">
        Cards on {detail.topic.title}
      </h2>
      <p className="text-sm text-[var(--fg-muted)]">
        Weakest first. {detail.unseen > 0 ? `${detail.unseen} more question${detail.unseen === 1 ? "" : "s"} on this topic not met yet. ` : ""}
        <Link href={`/instructor/cohorts/${cohortId}/topics`} className="underline">
          Back to topics × learners
        </Link>
      </p>
      {detail.cards.length === 0 ? (
        <p className="text-[var(--fg-muted)]">No card on this topic yet.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[40rem] text-left text-sm" data-testid="topic-cards">
            <ColumnHeaders columns={["Question", { label: "Recall now", className: "text-right" }, { label: "Stability", className: "text-right" }, { label: "Lapses", className: "text-right" }, "State", "Due"]} cellClassName="py-2 pr-3" rowClassName="border-b border-[var(--border)]" />
            <tbody>
              {detail.cards.map((c) => (
                <tr key={c.questionId} className="border-b border-[var(--border)] align-top">
                  <th scope="row" className="max-w-md py-2 pr-3 font-normal">
                    <PromptText text={c.prompt} maxChars={120} />
                    <span className="block text-xs text-[var(--fg-muted)]">{c.lessonTitle}</span>
                  </th>
                  <td className="py-2 pr-3 text-right tabular-nums">{formatPercent(c.retrievability)}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">{c.stabilityDays.toFixed(1)} d</td>
                  <td className="py-2 pr-3 text-right tabular-nums">{c.lapses}</td>
                  <td className="py-2 pr-3">{STATE[c.state] ?? c.state}</td>
                  <td className="py-2">{c.due.toISOString().slice(0, 10)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

export default async function CohortLearnerPage({ params, searchParams }: Props) {
  const { cohortId: rawCohortId, userId: rawUserId } = await params;
  const cohortId = pathParam(rawCohortId);
  const userId = pathParam(rawUserId);
  const topicId = queryParam((await searchParams).topic);
  const user = await requirePageRole(`/instructor/cohorts/${cohortId}/learners/${userId}`, "INSTRUCTOR", "ADMIN");
  let progress;
  let topic: LearnerTopic | null = null;
  try {
    [progress, topic] = await Promise.all([
      getCohortLearnerProgress({ db: db(), actor: user, cohortId, userId }),
      topicId ? getCohortLearnerTopic({ db: db(), actor: user, cohortId, userId, topicId }) : null,
    ]);
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  }
  const { cohort, learner, lessons, recent } = progress;
  return (
    <div className="space-y-8">
      <div className="space-y-2">
        <Breadcrumb trail={[{ href: "/instructor", label: "Cohorts" }, { href: `/instructor/cohorts/${cohort.id}`, label: cohort.name }]} />
        <PageTitle>{learner.name}</PageTitle>
        <p className="text-[var(--fg-muted)]">
          {learner.email} · joined {learner.joinedAt.toISOString().slice(0, 10)}. Only this cohort&apos;s courses are shown.
        </p>
      </div>
      {topic && <TopicDetail detail={topic} cohortId={cohort.id} />}
      {cohort.courses.map((course) => {
        const rows = lessons.filter((l) => l.courseId === course.courseId);
        const read = rows.filter((l) => l.readAt).length;
        return (
          <Card key={course.courseId} className="space-y-3">
            <h2 className="text-lg font-semibold">
              {course.title}{" "}
              <span className="text-base font-normal text-[var(--fg-muted)]">
                — {read} of {rows.length} lessons read{course.targetDate ? `, target ${course.targetDate.toISOString().slice(0, 10)}` : ""}
              </span>
            </h2>
            <div className="overflow-x-auto">
              <table className="w-full min-w-[36rem] text-left text-sm">
                <ColumnHeaders columns={["Lesson", "Read", { label: "Cards / questions", className: "text-right" }, { label: "First attempt right", className: "text-right" }, { label: "Answers", className: "text-right" }, { label: "Due now", className: "text-right" }, { label: "Leeches", className: "text-right" }]} cellClassName="py-2 pr-3" rowClassName="border-b border-[var(--border)]" />
                <tbody>
                  {rows.map((l) => (
                    <tr key={l.lessonId} className="border-b border-[var(--border)]">
                      <th scope="row" className="py-2 pr-3 font-normal">
                        <Link href={`/lessons/${l.lessonId}`} className="underline-offset-2 hover:underline">
                          {l.title}
                        </Link>
                      </th>
                      <td className="py-2 pr-3">{l.readAt ? l.readAt.toISOString().slice(0, 10) : "—"}</td>
                      <td className="py-2 pr-3 text-right tabular-nums">
                        {l.cards} / {l.questions}
                      </td>
                      <td className="py-2 pr-3 text-right tabular-nums">
                        {l.firstAttempts > 0 ? `${l.firstCorrect} of ${l.firstAttempts} (${formatPercent(l.firstCorrect / l.firstAttempts)})` : "—"}
                      </td>
                      <td className="py-2 pr-3 text-right tabular-nums">{l.reviews}</td>
                      <td className="py-2 pr-3 text-right tabular-nums">{l.dueNow}</td>
                      <td className="py-2 text-right tabular-nums">{l.leeches}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Card>
        );
      })}
      <Card>
        <h2 className="mb-2 text-lg font-semibold">Latest answers</h2>
        {recent.length === 0 ? (
          <p className="text-[var(--fg-muted)]">No answer in this cohort&apos;s courses yet.</p>
        ) : (
          <ul className="divide-y divide-[var(--border)] text-sm">
            {recent.map((r, i) => (
              <li key={i} className="flex flex-wrap justify-between gap-2 py-2">
                <span className="max-w-xl">
                  <PromptText text={r.prompt} maxChars={120} />
                  <span className="block text-xs text-[var(--fg-muted)]">
                    {r.lessonTitle} · {r.source === "lesson" ? "first answer, in the lesson" : "review"}
                  </span>
                </span>
                <span className={r.correct ? "" : "font-medium text-red-700 dark:text-red-400"}>
                  {RATING[r.rating]} · {r.reviewedAt.toISOString().slice(0, 16).replace("T", " ")} UTC
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
