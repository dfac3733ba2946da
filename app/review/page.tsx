import type { Metadata } from "next";
import Link from "next/link";
import { randomUUID } from "node:crypto";
import { LessonContent } from "@/components/lesson/lesson-content";
import { ReviewSession } from "@/components/review/review-session";
import { PageTitle } from "@/components/ui/card";
import { requirePageUser } from "@/lib/auth/session";
import { queryParam } from "@/lib/http/params";
import { db } from "@/lib/db/client";
import { getLessonsForQuestions, getReviewQueue } from "@/lib/reviews/get-review-queue";
import { resolveReviewFilter } from "@/lib/reviews/resolve-review-filter";

export const metadata: Metadata = { title: "Review" };

type Props = { searchParams: Promise<{ course?: string | string[]; topic?: string | string[] }> };

export default async function ReviewPage({ searchParams }: Props) {
  const { course, topic } = await searchParams;
  const user = await requirePageUser("/review");
  const resolved = await resolveReviewFilter({ db: db(), courseId: queryParam(course), topicId: queryParam(topic) });
  if (!resolved.ok) {
    return (
      <div className="mx-auto max-w-3xl space-y-4">
        <PageTitle>Review</PageTitle>
        <div role="alert" className="rounded-lg border border-[var(--border)] p-6" data-testid="unknown-filter">
          <p className="font-semibold">
            There is no {resolved.kind} “{resolved.id}”.
          </p>
          <p className="mt-1 text-[var(--fg-muted)]">
            The link may be old, or mistyped.{" "}
            <Link href="/review" className="underline underline-offset-2">
              Review everything due
            </Link>{" "}
            or pick from{" "}
            <Link href={resolved.kind === "topic" ? "/topics" : "/courses"} className="underline underline-offset-2">
              the {resolved.kind === "topic" ? "topics" : "courses"}
            </Link>
            .
          </p>
        </div>
      </div>
    );
  }
  const queue = await getReviewQueue({
    db: db(),
    actor: user,
    filter: resolved.filter,
    params: Array.isArray(user.fsrsParams) ? (user.fsrsParams as number[]) : null,
  });
  const lessonIds = [...new Set(queue.cards.map((c) => c.lessonId))];
  const lessons = await getLessonsForQuestions({ db: db(), lessonIds });
  const items = queue.cards.flatMap((c) => {
    const lesson = lessons.get(c.lessonId);
    if (!lesson) return [];
    const keyFigures = ((lesson.meta as { keyFigures?: { label: string; value: string }[] } | null)?.keyFigures ?? []);
    return [
      {
        cardId: c.cardId,
        questionId: c.questionId,
        lessonId: c.lessonId,
        lessonTitle: lesson.title,
        version: c.version,
        node: <LessonContent code={lesson.code} contentHash={lesson.contentHash} keyFigures={keyFigures} learnerSeed={user.id} questionId={c.questionId} />,
      },
    ];
  });
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <PageTitle>Review</PageTitle>
      <ReviewSession
        items={items}
        dueCount={queue.dueCount}
        nextDueInMs={queue.nextDue ? Math.max(0, queue.nextDue.getTime() - queue.now.getTime()) : null}
        sessionId={randomUUID()}
        userId={user.id}
        filterLabel={resolved.label}
      />
    </div>
  );
}
