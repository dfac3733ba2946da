import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { PageTitle } from "@/components/ui/card";
import { LevelBadge } from "@/components/ui/level-badge";
import { getCurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { pathParam } from "@/lib/http/params";
import { getCourse } from "@/lib/catalog/get-course";

type Props = { params: Promise<{ courseId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const courseId = pathParam((await params).courseId);
  const course = await getCourse({ db: db(), courseId });
  return { title: course?.title ?? "Course not found" };
}

export default async function CoursePage({ params }: Props) {
  const courseId = pathParam((await params).courseId);
  const user = await getCurrentUser();
  const course = await getCourse({ db: db(), courseId, actor: user });
  if (!course) notFound();
  return (
    <div className="space-y-6">
      <Breadcrumb trail={[{ href: "/courses", label: "Courses" }]} />
      <PageTitle>{course.title}</PageTitle>
      <p className="max-w-3xl text-lg text-[var(--fg-muted)]">{course.description}</p>
      <ol className="space-y-3">
        {course.lessons.map((lesson, i) => (
          <li key={lesson.id} className="rounded-lg border border-[var(--border)] p-4">
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-mono text-sm text-[var(--fg-muted)]">{i + 1}.</span>
              <Link href={`/lessons/${lesson.id}`} className="text-lg font-semibold hover:underline">
                {lesson.title}
              </Link>
              <LevelBadge level={lesson.level} />
              {lesson.completed ? (
                <span className="text-sm text-green-800 dark:text-green-300">✓ read</span>
              ) : lesson.started ? (
                <span className="text-sm text-[var(--fg-muted)]">started</span>
              ) : null}
            </div>
            <p className="mt-1 text-[var(--fg-muted)]">{lesson.summary}</p>
            <p className="mt-1 text-sm text-[var(--fg-muted)]">
              {lesson.readingMinutes} min read · {lesson.questionCount} questions ·{" "}
              {lesson.topics.map((t, j) => (
                <span key={t.id}>
                  {j > 0 && ", "}
                  <Link href={`/topics/${t.id}`} className="underline">
                    {t.title}
                  </Link>
                </span>
              ))}
            </p>
          </li>
        ))}
      </ol>
    </div>
  );
}
