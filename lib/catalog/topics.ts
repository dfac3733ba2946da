import type { Db } from "@/lib/db/client";

const LEVEL_ORDER = { junior: 0, middle: 1, senior: 2 } as const;

export async function listTopics({ db }: { db: Db }) {
  const topics = await db.topic.findMany({
    orderBy: { title: "asc" },
    select: {
      id: true,
      title: true,
      description: true,
      _count: { select: { lessons: { where: { lesson: { retiredAt: null } } }, questions: { where: { question: { retiredAt: null } } } } },
    },
  });
  return topics.map((t) => ({ id: t.id, title: t.title, description: t.description, lessonCount: t._count.lessons, questionCount: t._count.questions }));
}

/** A topic with every lesson, in every course, that touches it, by level. */
export async function getTopic({ db, topicId }: { db: Db; topicId: string }) {
  const topic = await db.topic.findUnique({
    where: { id: topicId },
    select: {
      id: true,
      title: true,
      description: true,
      lessons: {
        where: { lesson: { retiredAt: null } },
        select: {
          lesson: {
            select: { id: true, title: true, level: true, summary: true, readingMinutes: true, course: { select: { id: true, title: true } } },
          },
        },
      },
      _count: { select: { questions: { where: { question: { retiredAt: null } } } } },
    },
  });
  if (!topic) return null;
  const lessons = topic.lessons
    .map((l) => l.lesson)
    .sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || a.title.localeCompare(b.title));
  return { id: topic.id, title: topic.title, description: topic.description, questionCount: topic._count.questions, lessons };
}
