import type { Metadata } from "next";
import { randomUUID } from "node:crypto";
import { LessonContent } from "@/components/lesson/lesson-content";
import { ReviewSession } from "@/components/review/review-session";
import { PageTitle } from "@/components/ui/card";
import { requirePageUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { getLessonsForQuestions, getReviewQueue } from "@/lib/reviews/get-review-queue";

export const metadata: Metadata = { title: "Review" };

type Props = { searchParams: Promise<{ course?: string; topic?: string }> };

export default async function ReviewPage({ searchParams }: Props) {
  const { course, topic } = await searchParams;
  const user = await requirePageUser("/review");
  const filter = { courseId: course?.slice(0, 200), topicId: topic?.slice(0, 200) };
  const queue = await getReviewQueue({
    db: db(),
    userId: user.id,
    filter,
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
  const filterLabel = filter.courseId ? `course: ${filter.courseId}` : filter.topicId ? `topic: ${filter.topicId}` : null;
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <PageTitle>Review</PageTitle>
      <ReviewSession
        items={items}
        dueCount={queue.dueCount}
        learningCount={queue.learningCount}
        nextDue={queue.nextDue?.toISOString() ?? null}
        sessionId={randomUUID()}
        filterLabel={filterLabel}
      />
    </div>
  );
}
