// Creating and running cohorts: the instructor's side. Every function takes the acting user and
// checks, here, that they run the cohort (access.ts).
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/admin/audit";
import { fieldErrors } from "@/lib/learners/schemas";
import { PLAIN_TEXT_MESSAGE, isPlainText } from "@/lib/text";
import { assertCanRunCohorts, isUuid, requireCohort, type Actor } from "./access";
import { generateJoinCode } from "./codes";

export interface CohortInput {
  name: unknown;
  /** Course ids the cohort studies. */
  courseIds: unknown;
  /** Optional target date per course, `YYYY-MM-DD` (empty for none). */
  targets?: Record<string, unknown>;
}

const dateString = z
  .string()
  .trim()
  // Date.parse rolls 2027-02-31 over to 3 March: the date must come back as written.
  .refine((s) => s === "" || (/^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s)), "Use a date like 2027-03-31.");

const cohortSchema = z.object({
  name: z.string({ error: "Give the cohort a name." }).trim().min(1, "Give the cohort a name.").max(120, "Keep the name under 120 characters.").refine(isPlainText, PLAIN_TEXT_MESSAGE),
  courseIds: z.array(z.string().max(200).refine(isPlainText, "One of the chosen courses does not exist.")).min(1, "Choose at least one course."),
  targets: z.record(z.string(), dateString).default({}),
});

async function parseCohort(db: Db, input: CohortInput) {
  const parsed = cohortSchema.safeParse({
    name: input.name,
    courseIds: Array.isArray(input.courseIds) ? input.courseIds : input.courseIds ? [input.courseIds] : [],
    targets: Object.fromEntries(Object.entries(input.targets ?? {}).map(([k, v]) => [k, typeof v === "string" ? v : ""])),
  });
  if (!parsed.success) throw new AppError("INVALID_INPUT", "Check the highlighted fields.", fieldErrors(parsed.error));
  const courseIds = [...new Set(parsed.data.courseIds)];
  const known = await db.course.findMany({ where: { id: { in: courseIds }, retiredAt: null }, select: { id: true } });
  if (known.length !== courseIds.length) throw new AppError("INVALID_INPUT", "Check the highlighted fields.", { courseIds: "One of the chosen courses does not exist." });
  const courses = courseIds.map((courseId) => {
    const target = parsed.data.targets[courseId] ?? "";
    return { courseId, targetDate: target ? new Date(`${target}T00:00:00Z`) : null };
  });
  return { name: parsed.data.name, courses };
}

/** Creates a cohort run by the actor, with a fresh join code. */
export async function createCohort({ db, actor, input }: { db: Db; actor: Actor; input: CohortInput }): Promise<{ id: string; joinCode: string }> {
  assertCanRunCohorts(actor);
  const { name, courses } = await parseCohort(db, input);
  for (let attempt = 0; ; attempt++) {
    try {
      const cohort = await db.cohort.create({
        data: {
          name,
          joinCode: generateJoinCode(),
          courses: { create: courses },
          members: { create: { userId: actor.id, role: "INSTRUCTOR" } },
        },
        select: { id: true, joinCode: true },
      });
      return cohort;
    } catch (e) {
      // A join code collision (one in 10^11): draw another.
      if (attempt < 3 && e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") continue;
      throw e;
    }
  }
}

/** Renames the cohort and sets its courses and target dates (a course left out is removed). */
export async function updateCohort({ db, actor, cohortId, input }: { db: Db; actor: Actor; cohortId: string; input: CohortInput }): Promise<void> {
  await requireCohort({ db, actor, cohortId });
  const { name, courses } = await parseCohort(db, input);
  await db.$transaction([
    db.cohort.update({ where: { id: cohortId }, data: { name } }),
    db.cohortCourse.deleteMany({ where: { cohortId, courseId: { notIn: courses.map((c) => c.courseId) } } }),
    ...courses.map((c) =>
      db.cohortCourse.upsert({
        where: { cohortId_courseId: { cohortId, courseId: c.courseId } },
        create: { cohortId, ...c },
        update: { targetDate: c.targetDate },
      }),
    ),
  ]);
}

/** A new join code; the old one stops working at once. Members stay. */
export async function rotateJoinCode({ db, actor, cohortId }: { db: Db; actor: Actor; cohortId: string }): Promise<string> {
  await requireCohort({ db, actor, cohortId });
  for (let attempt = 0; ; attempt++) {
    try {
      const { joinCode } = await db.cohort.update({ where: { id: cohortId }, data: { joinCode: generateJoinCode() }, select: { joinCode: true } });
      return joinCode;
    } catch (e) {
      if (attempt < 3 && e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") continue;
      throw e;
    }
  }
}

/**
 * Removes a learner (or a co-instructor) from the cohort. Their own cards and history are untouched;
 * the cohort simply stops seeing them. The last instructor cannot remove themself. Removing an
 * instructor is a change of who runs the cohort: it goes in the audit log, with `address`.
 */
export async function removeMember({ db, actor, cohortId, userId, address }: { db: Db; actor: Actor; cohortId: string; userId: string; address: string }): Promise<void> {
  await requireCohort({ db, actor, cohortId });
  if (!isUuid(userId)) throw new AppError("NOT_FOUND", "That person is not in this cohort.");
  await db.$transaction(async (tx) => {
    // The cohort row's lock puts two instructors removing each other one after the other: the second
    // then sees the first's removal (and that it no longer runs the cohort) instead of a stale count.
    await tx.$queryRaw`SELECT 1 FROM "Cohort" WHERE id = ${cohortId}::uuid FOR UPDATE`;
    if (actor.role !== "ADMIN") {
      const self = await tx.cohortMember.findUnique({ where: { cohortId_userId: { cohortId, userId: actor.id } }, select: { role: true } });
      if (self?.role !== "INSTRUCTOR") throw new AppError("NOT_FOUND", "No such cohort.");
    }
    const member = await tx.cohortMember.findUnique({ where: { cohortId_userId: { cohortId, userId } }, select: { role: true } });
    if (!member) throw new AppError("NOT_FOUND", "That person is not in this cohort.");
    if (member.role === "INSTRUCTOR") {
      const instructors = await tx.cohortMember.count({ where: { cohortId, role: "INSTRUCTOR", userId: { not: userId } } });
      if (instructors === 0) throw new AppError("CONFLICT", "A cohort needs at least one instructor: add another before removing this one.");
    }
    await tx.cohortMember.delete({ where: { cohortId_userId: { cohortId, userId } } });
    if (member.role === "INSTRUCTOR") {
      await recordAudit(tx, { source: { actorId: actor.id, address }, action: "cohort.instructor.remove", targetUserId: userId, cohortId, details: {} });
    }
  });
}

/** Adds a co-instructor by email; they must have an instructor (or admin) account. Audited, with `address`. */
export async function addInstructor({ db, actor, cohortId, email, address }: { db: Db; actor: Actor; cohortId: string; email: unknown; address: string }): Promise<void> {
  await requireCohort({ db, actor, cohortId });
  const normalized = typeof email === "string" ? email.trim().toLowerCase() : "";
  if (!/^[^\s@]+@[^\s@]+$/.test(normalized) || !isPlainText(normalized) || normalized.length > 254) throw new AppError("INVALID_INPUT", "Check the highlighted fields.", { email: "Enter an email address." });
  const user = await db.user.findUnique({ where: { email: normalized }, select: { id: true, role: true } });
  if (!user || (user.role !== "INSTRUCTOR" && user.role !== "ADMIN")) {
    throw new AppError("INVALID_INPUT", "Check the highlighted fields.", { email: "No instructor account has this email address." });
  }
  await db.$transaction(async (tx) => {
    const before = await tx.cohortMember.findUnique({ where: { cohortId_userId: { cohortId, userId: user.id } }, select: { role: true } });
    if (before?.role === "INSTRUCTOR") return;
    await tx.cohortMember.upsert({
      where: { cohortId_userId: { cohortId, userId: user.id } },
      create: { cohortId, userId: user.id, role: "INSTRUCTOR" },
      update: { role: "INSTRUCTOR" },
    });
    await recordAudit(tx, { source: { actorId: actor.id, address }, action: "cohort.instructor.add", targetUserId: user.id, cohortId, details: { was: before?.role ?? "not a member" } });
  });
}

export interface CohortListItem {
  id: string;
  name: string;
  joinCode: string;
  learners: number;
  instructors: number;
  courses: string[];
  createdAt: Date;
}

/** The cohorts the actor runs (every cohort for ADMIN), newest first. */
export async function listCohorts({ db, actor }: { db: Db; actor: Actor }): Promise<CohortListItem[]> {
  assertCanRunCohorts(actor);
  const cohorts = await db.cohort.findMany({
    where: actor.role === "ADMIN" ? {} : { members: { some: { userId: actor.id, role: "INSTRUCTOR" } } },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      name: true,
      joinCode: true,
      createdAt: true,
      courses: { select: { course: { select: { title: true } } } },
      _count: { select: { members: { where: { role: "LEARNER" } } } },
    },
  });
  const instructorCounts = await db.cohortMember.groupBy({
    by: ["cohortId"],
    where: { cohortId: { in: cohorts.map((c) => c.id) }, role: "INSTRUCTOR" },
    _count: { _all: true },
  });
  const instructors = new Map(instructorCounts.map((r) => [r.cohortId, r._count._all]));
  return cohorts.map((c) => ({
    id: c.id,
    name: c.name,
    joinCode: c.joinCode,
    createdAt: c.createdAt,
    learners: c._count.members,
    instructors: instructors.get(c.id) ?? 0,
    courses: c.courses.map((cc) => cc.course.title),
  }));
}
