import { requireActiveUser, type Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { COURSE_SUMMARY_SELECT, LESSON_SUMMARY_SELECT, LIVE } from "./fields";

/** A course with its lessons in order; with a signed-in actor, their progress on each (anyone may see the course). */
export async function getCourse({ db, courseId, actor }: { db: Db; courseId: string; actor?: Actor | null }) {
  const userId = actor ? (await requireActiveUser({ db, actor })).id : null;
  const course = await db.course.findFirst({
    where: { id: courseId, ...LIVE },
    select: {
      ...COURSE_SUMMARY_SELECT,
      lessons: {
        where: LIVE,
        orderBy: { position: "asc" },
        select: {
          ...LESSON_SUMMARY_SELECT,
          _count: { select: { questions: { where: LIVE } } },
          progress: userId ? { where: { userId }, select: { completedAt: true, startedAt: true } } : false,
        },
      },
    },
  });
  if (!course) return null;
  return {
    ...course,
    lessons: course.lessons.map((l) => ({
      id: l.id,
      title: l.title,
      level: l.level,
      summary: l.summary,
      readingMinutes: l.readingMinutes,
      questionCount: l._count.questions,
      topics: l.topics.map((t) => t.topic),
      started: Boolean(l.progress?.[0]),
      completed: Boolean(l.progress?.[0]?.completedAt),
    })),
  };
}
