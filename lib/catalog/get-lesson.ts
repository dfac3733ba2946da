import { readLiveContent } from "@/lib/content/live-cache";
import type { Db } from "@/lib/db/client";
import { LESSON_SUMMARY_SELECT, LIVE } from "./fields";

export interface KeyFigure {
  label: string;
  value: string;
}

function metaOf(meta: unknown): { keyFigures: KeyFigure[]; related: string[] } {
  const m = (meta ?? {}) as { keyFigures?: KeyFigure[]; related?: string[] };
  return { keyFigures: Array.isArray(m.keyFigures) ? m.keyFigures : [], related: Array.isArray(m.related) ? m.related : [] };
}

/** Everything the lesson page shows: content only, so read once per content version (live-content cache). */
export function getLesson({ db, lessonId }: { db: Db; lessonId: string }) {
  return readLiveContent(db, `lesson:${lessonId}`, () => readLesson(db, lessonId));
}

/** The lesson page's content, in a fixed number of queries. */
async function readLesson(db: Db, lessonId: string) {
  const lesson = await db.lesson.findFirst({
    where: { id: lessonId, ...LIVE },
    select: {
      ...LESSON_SUMMARY_SELECT,
      code: true,
      contentHash: true,
      meta: true,
      position: true,
      course: { select: { id: true, title: true } },
      questions: { where: LIVE, orderBy: { position: "asc" }, select: { id: true, kind: true } },
    },
  });
  if (!lesson) return null;
  const meta = metaOf(lesson.meta);
  const topicIds = lesson.topics.map((t) => t.topic.id);

  const [topicCounts, related, siblings] = await Promise.all([
    db.lessonTopic.groupBy({
      by: ["topicId"],
      where: { topicId: { in: topicIds }, lessonId: { not: lesson.id }, lesson: { retiredAt: null } },
      _count: { lessonId: true },
    }),
    db.lesson.findMany({
      where: { id: { in: meta.related }, retiredAt: null },
      select: { id: true, title: true, level: true, course: { select: { title: true } } },
    }),
    db.lesson.findMany({
      where: { courseId: lesson.course.id, retiredAt: null },
      orderBy: { position: "asc" },
      select: { id: true, title: true },
    }),
  ]);
  const countByTopic = new Map(topicCounts.map((t) => [t.topicId, t._count.lessonId]));
  const index = siblings.findIndex((s) => s.id === lesson.id);

  return {
    id: lesson.id,
    title: lesson.title,
    level: lesson.level,
    summary: lesson.summary,
    readingMinutes: lesson.readingMinutes,
    code: lesson.code,
    contentHash: lesson.contentHash,
    course: lesson.course,
    keyFigures: meta.keyFigures,
    questions: lesson.questions,
    topics: lesson.topics.map((t) => ({ ...t.topic, otherLessons: countByTopic.get(t.topic.id) ?? 0 })),
    related: meta.related.map((id) => related.find((r) => r.id === id)).filter((r) => r !== undefined),
    previous: index > 0 ? siblings[index - 1] : null,
    next: index >= 0 && index < siblings.length - 1 ? siblings[index + 1] : null,
  };
}
