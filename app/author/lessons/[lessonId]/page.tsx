import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { LessonContent } from "@/components/lesson/lesson-content";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { Alert } from "@/components/ui/card";
import { LevelBadge } from "@/components/ui/level-badge";
import { requirePageRole } from "@/lib/auth/session";
import { getLessonPreview } from "@/lib/authoring/get-author-overview";
import { pathParam } from "@/lib/http/params";

export const metadata: Metadata = { title: "Preview" };

type Props = { params: Promise<{ lessonId: string }> };

/** The lesson as its file stands, every answer, explanation and key point revealed. */
export default async function LessonPreviewPage({ params }: Props) {
  const lessonId = pathParam((await params).lessonId);
  const user = await requirePageRole(`/author/lessons/${lessonId}`, "AUTHOR", "ADMIN");
  const preview = await getLessonPreview({ actor: user, lessonId });
  if (!preview) notFound();
  const { lesson, problems } = preview;
  return (
    <article className="mx-auto max-w-3xl">
      <Breadcrumb className="mb-3" trail={[{ href: "/author", label: "Author" }]} />
      <h1 className="text-3xl font-bold">{lesson.title}</h1>
      <p className="mb-4 flex items-center gap-2 text-sm text-[var(--fg-muted)]">
        <LevelBadge level={lesson.level} /> {lesson.file} · {lesson.readingMinutes} min · {lesson.questionIds.length} questions · preview with answers
      </p>
      {problems.length > 0 && (
        <Alert kind={problems.some((p) => p.severity === "error") ? "error" : "info"} className="mb-6">
          <ul className="space-y-1 font-mono text-xs">
            {problems.map((p, i) => (
              <li key={i}>
                {p.file}:{p.line}:{p.column} {p.severity} {p.message}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      {lesson.code ? (
        <div className="prose-lesson">
          <LessonContent code={lesson.code} contentHash={lesson.contentHash} keyFigures={lesson.keyFigures ?? []} learnerSeed="author" reveal />
        </div>
      ) : (
        <p>This lesson does not compile; fix the errors above.</p>
      )}
    </article>
  );
}
