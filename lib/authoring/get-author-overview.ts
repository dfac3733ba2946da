import { assertAuthor, type Actor } from "@/lib/auth/actor";
import { loadContent, type LoadedContent } from "@/lib/content/load";
import { env } from "@/lib/env";

export type LessonStatus = "valid" | "warnings" | "errors";

/**
 * Every course and lesson as the files stand now (not as last synced), with each lesson's problems:
 * the author sees a change, and what is wrong with it, before any learner does.
 */
export async function getAuthorOverview({ actor, rootDir = env().RECALL_CONTENT_DIR }: { actor: Actor; rootDir?: string }) {
  assertAuthor(actor);
  const content = await loadContent({ rootDir, compile: false });
  const topicLessons = new Map<string, string[]>();
  for (const l of content.lessons) for (const t of l.topics) topicLessons.set(t, [...(topicLessons.get(t) ?? []), l.id]);
  const problemsOf = (file: string) => content.problems.filter((p) => p.file === file);
  const courses = content.courses.map((c) => ({
    id: c.id,
    title: c.title,
    problems: problemsOf(c.file),
    lessons: content.lessons
      .filter((l) => l.courseId === c.id)
      .sort((a, b) => a.position - b.position)
      .map((l) => {
        const problems = problemsOf(l.file);
        const questions = content.questions.filter((q) => q.lessonId === l.id);
        const status: LessonStatus = problems.some((p) => p.severity === "error") ? "errors" : problems.length ? "warnings" : "valid";
        return {
          id: l.id,
          title: l.title,
          level: l.level,
          file: l.file,
          readingMinutes: l.readingMinutes,
          status,
          problems,
          questionsByKind: {
            MULTIPLE_CHOICE: questions.filter((q) => q.kind === "MULTIPLE_CHOICE").length,
            FREE_RECALL: questions.filter((q) => q.kind === "FREE_RECALL").length,
            ESTIMATE: questions.filter((q) => q.kind === "ESTIMATE").length,
          },
          topics: l.topics.map((t) => ({ id: t, elsewhere: (topicLessons.get(t) ?? []).filter((x) => x !== l.id).length })),
        };
      }),
  }));
  const listed = new Set(courses.flatMap((c) => c.lessons.map((l) => l.file)));
  const orphanProblems = content.problems.filter((p) => !listed.has(p.file) && !content.courses.some((c) => c.file === p.file));
  return { courses, orphanProblems, coverage: coverageGaps(content), totals: { lessons: content.lessons.length, questions: content.questions.length } };
}

/** Topics with no lesson at some level: gaps in junior / middle / senior coverage. */
function coverageGaps(content: LoadedContent) {
  return content.topics
    .map((t) => {
      const levels = new Set(content.lessons.filter((l) => l.topics.includes(t.id)).map((l) => l.level));
      return { id: t.id, title: t.title, missing: (["junior", "middle", "senior"] as const).filter((lv) => !levels.has(lv)) };
    })
    .filter((t) => t.missing.length > 0);
}

export async function getLessonPreview({ actor, lessonId, rootDir = env().RECALL_CONTENT_DIR }: { actor: Actor; lessonId: string; rootDir?: string }) {
  assertAuthor(actor);
  const content = await loadContent({ rootDir, compile: true });
  const lesson = content.lessons.find((l) => l.id === lessonId);
  if (!lesson) return null;
  return { lesson, problems: content.problems.filter((p) => p.file === lesson.file) };
}
