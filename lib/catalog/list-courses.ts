import type { Db } from "@/lib/db/client";

export async function listCourses({ db }: { db: Db }) {
  const courses = await db.course.findMany({
    where: { retiredAt: null },
    orderBy: [{ position: "asc" }, { title: "asc" }],
    select: {
      id: true,
      title: true,
      description: true,
      lessons: {
        where: { retiredAt: null },
        select: { level: true, readingMinutes: true, _count: { select: { questions: { where: { retiredAt: null } } } } },
      },
    },
  });
  return courses.map((c) => ({
    id: c.id,
    title: c.title,
    description: c.description,
    lessonCount: c.lessons.length,
    questionCount: c.lessons.reduce((n, l) => n + l._count.questions, 0),
    readingMinutes: c.lessons.reduce((n, l) => n + l.readingMinutes, 0),
    levels: [...new Set(c.lessons.map((l) => l.level))],
  }));
}
