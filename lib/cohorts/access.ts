// Who may see what of a cohort. Enforced here, in the data layer, for every page, action and export:
// only INSTRUCTOR and ADMIN accounts run cohorts (anyone else: 403); an instructor reaches only the
// cohorts they are an instructor of, and any other cohort id answers 404, as if it did not exist
// (ADMIN reaches all).
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { sqlRows } from "@/lib/db/sql";
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
  // One statement (the cohort with its courses in course order, one row per course): every cohort
  // page, action and export starts here, so it is sent through pg rather than as Prisma's three.
  // An actor id that is not a uuid is no cohort's instructor.
  const rows = isUuid(cohortId) && (actor.role === "ADMIN" || isUuid(actor.id))
    ? await sqlRows<{ id: string; name: string; joinCode: string; createdAt: Date; courseId: string | null; title: string | null; targetDate: Date | null }>(
        db,
        Prisma.sql`
        SELECT c.id::text AS id, c.name, c."joinCode", c."createdAt" AT TIME ZONE 'UTC' AS "createdAt",
               cc."courseId", co.title, cc."targetDate" AT TIME ZONE 'UTC' AS "targetDate"
        FROM "Cohort" c
        LEFT JOIN "CohortCourse" cc ON cc."cohortId" = c.id
        LEFT JOIN "Course" co ON co.id = cc."courseId"
        WHERE c.id = ${cohortId}::uuid
          ${actor.role === "ADMIN" ? Prisma.empty : Prisma.sql`AND EXISTS (SELECT 1 FROM "CohortMember" m WHERE m."cohortId" = c.id AND m."userId" = ${actor.id}::uuid AND m.role = 'INSTRUCTOR')`}
        ORDER BY co.position, cc."courseId"`,
      )
    : [];
  const cohort = rows[0];
  if (!cohort) throw new AppError("NOT_FOUND", "No such cohort.");
  return {
    id: cohort.id,
    name: cohort.name,
    joinCode: cohort.joinCode,
    createdAt: cohort.createdAt,
    courses: rows.flatMap((r) => (r.courseId === null ? [] : [{ courseId: r.courseId, title: r.title!, targetDate: r.targetDate }])),
  };
}
