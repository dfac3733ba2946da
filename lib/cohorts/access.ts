// Who may see what of a cohort. Enforced here, in the data layer, for every page, action and export:
// only INSTRUCTOR and ADMIN accounts run cohorts (anyone else: 403); an instructor reaches only the
// cohorts they are an instructor of, and any other cohort id answers 404, as if it did not exist
// (ADMIN reaches all).
import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";

export type { Actor } from "@/lib/auth/actor";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Ids reach actions as bound arguments the browser sends back, so they can be anything: anything
 * but a uuid string is "not found", before a query (where `undefined` would mean "no filter").
 */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

export function canRunCohorts(actor: Actor): boolean {
  return actor.role === "INSTRUCTOR" || actor.role === "ADMIN";
}

export function assertCanRunCohorts(actor: Actor): void {
  if (!canRunCohorts(actor)) throw new AppError("FORBIDDEN", "Only instructors can run cohorts.");
}

export interface CohortSummary {
  id: string;
  name: string;
  joinCode: string;
  createdAt: Date;
  courses: { courseId: string; title: string; targetDate: Date | null }[];
}

/** The cohort if the actor runs it; 403 for non-instructors, 404 for a cohort that is not theirs. */
export async function requireCohort({ db, actor, cohortId }: { db: Db; actor: Actor; cohortId: string }): Promise<CohortSummary> {
  assertCanRunCohorts(actor);
  const cohort = isUuid(cohortId)
    ? await db.cohort.findFirst({
        where: { id: cohortId, ...(actor.role === "ADMIN" ? {} : { members: { some: { userId: actor.id, role: "INSTRUCTOR" } } }) },
        select: {
          id: true,
          name: true,
          joinCode: true,
          createdAt: true,
          courses: { select: { courseId: true, targetDate: true, course: { select: { title: true, position: true } } }, orderBy: { course: { position: "asc" } } },
        },
      })
    : null;
  if (!cohort) throw new AppError("NOT_FOUND", "No such cohort.");
  return {
    id: cohort.id,
    name: cohort.name,
    joinCode: cohort.joinCode,
    createdAt: cohort.createdAt,
    courses: cohort.courses.map((c) => ({ courseId: c.courseId, title: c.course.title, targetDate: c.targetDate })),
  };
}
