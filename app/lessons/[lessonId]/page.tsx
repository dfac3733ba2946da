import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LessonContent } from "@/components/lesson/lesson-content";
import { QuizProvider } from "@/components/quiz/quiz-context";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { LevelBadge } from "@/components/ui/level-badge";
import { LinkList } from "@/components/ui/link-list";
import { getCurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { pathParam } from "@/lib/http/params";
import { getLesson } from "@/lib/catalog/get-lesson";
import { getLessonState } from "@/lib/reviews/lesson-state";
import { MarkRead } from "./mark-read";
import { readContentStatus } from "@/lib/content/dev-status";
import { Alert } from "@/components/ui/card";
import { env } from "@/lib/env";

type Props = { params: Promise<{ lessonId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const lessonId = pathParam((await params).lessonId);
  const lesson = await getLesson({ db: db(), lessonId });
  return { title: lesson?.title ?? "Lesson not found", description: lesson?.summary };
}

/** Where else a topic of this lesson is taught. */
function whereElse(otherLessons: number): string {
  return otherLessons === 0 ? "is only in this lesson so far" : `appears again in ${otherLessons} ${otherLessons === 1 ? "lesson" : "lessons"}`;
}

export default async function LessonPage({ params }: Props) {
  const lessonId = pathParam((await params).lessonId);
  const [lesson, user] = await Promise.all([getLesson({ db: db(), lessonId }), getCurrentUser()]);
  if (!lesson) notFound();

  let cardVersions: Record<string, number | null> = {};
  let completed = false;
  if (user) {
    const state = await getLessonState({ db: db(), actor: user, lessonId: lesson.id });
    cardVersions = Object.fromEntries(state.cards.map((c) => [c.questionId, c.version]));
    completed = Boolean(state.progress?.completedAt);
  }

  // In development a broken edit is shown here, with its file:line, instead of a crash or stale page.
  const devProblems =
    env().NODE_ENV === "development" ? (readContentStatus()?.problems ?? []).filter((p) => p.severity === "error" && p.file.endsWith(`/${lesson.id}.mdx`)) : [];

  return (
    <article className="mx-auto max-w-3xl">
      {devProblems.length > 0 && (
        <Alert className="mb-4" data-testid="content-errors">
          <p className="font-semibold">This lesson has errors; the page shows its last good version.</p>
          <ul className="font-mono text-xs">
            {devProblems.map((p, i) => (
              <li key={i}>
                {p.file}:{p.line}:{p.column} {p.message}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      <Breadcrumb className="mb-3" trail={[{ href: "/courses", label: "Courses" }, { href: `/courses/${lesson.course.id}`, label: lesson.course.title }]} />
      <header className="mb-6 space-y-2">
        <h1 className="text-3xl font-bold tracking-tight sm:text-4xl">{lesson.title}</h1>
        <p className="flex flex-wrap items-center gap-2 text-sm text-[var(--fg-muted)]">
          <LevelBadge level={lesson.level} /> {lesson.readingMinutes} min read · {lesson.questions.length} questions
        </p>
        <p className="text-lg text-[var(--fg-muted)]">{lesson.summary}</p>
        {!user && (
          <p className="rounded-md bg-[var(--bg-muted)] p-3 text-sm">
            Try the questions as you read. <Link href={`/signin?callbackUrl=/lessons/${lesson.id}`} className="underline">Sign in</Link> to
            make them count: each becomes a card that comes back for review.
          </p>
        )}
      </header>

      <QuizProvider
        value={{
          mode: user ? "learner" : "anonymous",
          sessionId: `lesson:${lesson.id}`,
          source: "lesson",
          cardVersions,
          signInHref: `/signin?callbackUrl=/lessons/${lesson.id}`,
        }}
      >
        <div className="prose-lesson">
          <LessonContent code={lesson.code} contentHash={lesson.contentHash} keyFigures={lesson.keyFigures} learnerSeed={user?.id ?? "anonymous"} />
        </div>
      </QuizProvider>

      <footer className="mt-10 space-y-6 border-t border-[var(--border)] pt-6">
        {user && <MarkRead lessonId={lesson.id} completed={completed} />}
        <section aria-labelledby="topics-heading">
          <h2 id="topics-heading" className="mb-2 text-lg font-semibold">
            Where these topics come back
          </h2>
          <LinkList
            className="space-y-1"
            linkClassName="font-medium underline"
            items={lesson.topics.map((t) => ({ href: `/topics/${t.id}`, label: t.title, note: <span className="text-[var(--fg-muted)]"> {whereElse(t.otherLessons)}</span> }))}
          />
        </section>
        {lesson.related.length > 0 && (
          <section aria-labelledby="related-heading">
            <h2 id="related-heading" className="mb-2 text-lg font-semibold">
              Related lessons
            </h2>
            <LinkList
              className="space-y-1"
              items={lesson.related.map((r) => ({ href: `/lessons/${r.id}`, label: r.title, note: <span className="text-sm text-[var(--fg-muted)]"> {`${r.course.title} · ${r.level}`}</span> }))}
            />
          </section>
        )}
        <nav aria-label="Lesson navigation" className="flex justify-between gap-4 text-sm">
          {lesson.previous ? (
            <Link href={`/lessons/${lesson.previous.id}`} className="underline">
              ← {lesson.previous.title}
            </Link>
          ) : (
            <span />
          )}
          {lesson.next && (
            <Link href={`/lessons/${lesson.next.id}`} className="text-right underline">
              {lesson.next.title} →
            </Link>
          )}
        </nav>
      </footer>
    </article>
  );
}
