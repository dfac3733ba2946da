import { readLiveContent } from "@/lib/content/live-cache";
import type { Db } from "@/lib/db/client";
import { COURSE_SUMMARY_SELECT, LIVE } from "./fields";

/** The live courses with their totals; the same for everyone, so read from the live-content cache. */
export async function listCourses({ db }: { db: Db }) {
  return (await readLiveContent(db, "courses", () => readCourses(db))) ?? [];
}

async function readCourses(db: Db) {
  const courses = await db.course.findMany({
    where: LIVE,
    orderBy: [{ position: "asc" }, { title: "asc" }],
    select: {
      ...COURSE_SUMMARY_SELECT,
      lessons: {
        where: LIVE,
        select: { level: true, readingMinutes: true, _count: { select: { questions: { where: LIVE } } } },
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
