// What the cohort's management forms need: the courses it may study and its instructors. After the
// same access check as every cohort page (403 for non-instructors, 404 for a cohort that is not theirs).
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { requireCohort, type Actor } from "./access";

export interface CohortSettings {
  courses: { id: string; title: string; lessons: number }[];
  instructors: { userId: string; name: string; email: string }[];
}

/** The live courses a cohort may study, in course order, with their lesson counts: for instructors only. */
export async function listCohortCourses({ db, actor }: { db: Db; actor: Actor }): Promise<CohortSettings["courses"]> {
  if (actor.role !== "INSTRUCTOR" && actor.role !== "ADMIN") throw new AppError("FORBIDDEN", "Only instructors run cohorts.");
  const courses = await db.course.findMany({
    where: { retiredAt: null },
    orderBy: [{ position: "asc" }, { title: "asc" }],
    select: { id: true, title: true, _count: { select: { lessons: { where: { retiredAt: null } } } } },
  });
  return courses.map((c) => ({ id: c.id, title: c.title, lessons: c._count.lessons }));
}

export async function getCohortSettings({ db, actor, cohortId }: { db: Db; actor: Actor; cohortId: string }): Promise<CohortSettings> {
  await requireCohort({ db, actor, cohortId });
  const [courses, instructors] = await Promise.all([
    listCohortCourses({ db, actor }),
    db.cohortMember.findMany({
      where: { cohortId, role: "INSTRUCTOR" },
      orderBy: { joinedAt: "asc" },
      select: { userId: true, user: { select: { name: true, email: true } } },
    }),
  ]);
  return {
    courses,
    instructors: instructors.map((i) => ({ userId: i.userId, name: i.user.name, email: i.user.email })),
  };
}
