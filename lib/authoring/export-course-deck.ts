import { assertAuthor, type Actor } from "@/lib/auth/actor";
import { writeApkg } from "@/lib/anki/apkg";
import { questionsHtml, storedQuestionHtml } from "@/lib/anki/html";
import { questionNote } from "@/lib/anki/notes";
import { ANKI_QUEUE, ANKI_TYPE, collectionCreatedSecs } from "@/lib/anki/schedule";
import { loadContent } from "@/lib/content/load";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { DEFAULT_DESIRED_RETENTION, DEFAULT_PARAMS } from "@/lib/srs/scheduler";

const COURSE_ID = /^[a-z0-9][a-z0-9-]{0,99}$/;

/**
 * A whole course as an Anki package of new cards, built from the content files as the author's pages
 * show them (not as last synced): one note per question, in lesson order. AUTHOR and ADMIN only.
 */
export async function exportCourseDeck({
  actor,
  courseId,
  now,
  siteUrl,
  rootDir = env().RECALL_CONTENT_DIR,
}: {
  actor: Actor;
  courseId: string;
  now: Date;
  siteUrl: string;
  rootDir?: string;
}): Promise<{ bytes: Uint8Array; courseId: string }> {
  assertAuthor(actor);
  if (!COURSE_ID.test(courseId)) throw new AppError("NOT_FOUND", "No such course.");
  const content = await loadContent({ rootDir, compile: false });
  const course = content.courses.find((c) => c.id === courseId);
  if (!course) throw new AppError("NOT_FOUND", "No such course.");
  const lessons = content.lessons.filter((l) => l.courseId === course.id).sort((a, b) => a.position - b.position);
  const notes = lessons.flatMap((lesson) => {
    const html = questionsHtml(lesson.source, { siteUrl });
    return content.questions
      .filter((q) => q.lessonId === lesson.id)
      .sort((a, b) => a.position - b.position)
      .map((q) => ({ q, html: html.get(q.id) ?? storedQuestionHtml(q), lesson }));
  });
  const bytes = await writeApkg({
    notes: notes.map(({ q, html, lesson }, position) =>
      questionNote({
        source: { questionId: q.id, html, lesson: { id: lesson.id, title: lesson.title, level: lesson.level }, course, topicIds: q.topics },
        siteUrl,
        card: { type: ANKI_TYPE.NEW, queue: ANKI_QUEUE.NEW, due: position, ivl: 0, factor: 0, reps: 0, lapses: 0, left: 0, data: "{}" },
      }),
    ),
    collectionCreatedSecs: collectionCreatedSecs({ now, timezone: "UTC", dayStartHour: 0 }),
    now,
    preset: { desiredRetention: DEFAULT_DESIRED_RETENTION, params: DEFAULT_PARAMS },
  });
  return { bytes, courseId: course.id };
}
