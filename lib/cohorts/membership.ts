// The learner's side of cohorts: join with a code or link, see one's cohorts, leave one.
import type { Db } from "@/lib/db/client";
import { checkLimit, minutesUntil, recordHit, type Limit } from "@/lib/auth/rate-limit";
import { AppError } from "@/lib/errors";
import { isUuid } from "./access";
import { normalizeJoinCode } from "./codes";

/**
 * Wrong codes count against the learner and their network address; right ones do not. 10 wrong codes
 * per quarter hour per learner, 30 per address: a typo or two is fine, guessing 31^8 codes is not.
 */
export const JOIN_FAILURES_PER_USER: Limit = { max: 10, windowMs: 15 * 60_000 };
export const JOIN_FAILURES_PER_ADDRESS: Limit = { max: 30, windowMs: 15 * 60_000 };

export interface CohortPreview {
  id: string;
  name: string;
  courses: string[];
  instructors: string[];
  learners: number;
  alreadyMember: boolean;
}

async function limited(db: Db, userId: string, address: string | undefined): Promise<void> {
  const checks: [string, Limit][] = [[`join:user:${userId}`, JOIN_FAILURES_PER_USER]];
  if (address) checks.push([`join:ip:${address}`, JOIN_FAILURES_PER_ADDRESS]);
  for (const [key, limit] of checks) {
    const state = await checkLimit(db, key, limit);
    if (state.limited && state.retryAt) {
      throw new AppError("RATE_LIMITED", `Too many wrong join codes. Try again in ${minutesUntil(state.retryAt)} minutes.`);
    }
  }
}

async function recordFailure(db: Db, userId: string, address: string | undefined): Promise<void> {
  await recordHit(db, `join:user:${userId}`);
  if (address) await recordHit(db, `join:ip:${address}`);
}

async function findByCode(db: Db, userId: string, code: string | null): Promise<CohortPreview | null> {
  if (!code) return null;
  const cohort = await db.cohort.findUnique({
    where: { joinCode: code },
    select: {
      id: true,
      name: true,
      courses: { select: { course: { select: { title: true, position: true } } } },
      members: { where: { role: "INSTRUCTOR" }, select: { user: { select: { name: true } } } },
      _count: { select: { members: { where: { role: "LEARNER" } } } },
    },
  });
  if (!cohort) return null;
  const mine = await db.cohortMember.findUnique({ where: { cohortId_userId: { cohortId: cohort.id, userId } }, select: { role: true } });
  return {
    id: cohort.id,
    name: cohort.name,
    courses: cohort.courses.sort((a, b) => a.course.position - b.course.position).map((c) => c.course.title),
    instructors: cohort.members.map((m) => m.user.name),
    learners: cohort._count.members,
    alreadyMember: mine !== null,
  };
}

const WRONG_CODE = "No cohort has this code. Check it with your instructor: codes look like K7QX-M4PD.";

/** What a join link or code leads to, before joining (rate-limited like a join). */
export async function previewCohort({ db, userId, code, address }: { db: Db; userId: string; code: unknown; address?: string }): Promise<CohortPreview> {
  await limited(db, userId, address);
  const preview = await findByCode(db, userId, normalizeJoinCode(code));
  if (!preview) {
    await recordFailure(db, userId, address);
    throw new AppError("NOT_FOUND", WRONG_CODE);
  }
  return preview;
}

/** Joins the cohort with this code as a learner; joining twice is harmless. */
export async function joinCohort({ db, userId, code, address }: { db: Db; userId: string; code: unknown; address?: string }): Promise<CohortPreview> {
  await limited(db, userId, address);
  const normalized = normalizeJoinCode(code);
  if (normalized === null && (typeof code !== "string" || code.trim() === "")) {
    throw new AppError("INVALID_INPUT", "Check the highlighted fields.", { code: "Enter the join code your instructor gave you." });
  }
  const preview = await findByCode(db, userId, normalized);
  if (!preview) {
    await recordFailure(db, userId, address);
    throw new AppError("INVALID_INPUT", "Check the highlighted fields.", { code: WRONG_CODE });
  }
  if (!preview.alreadyMember) {
    await db.cohortMember.upsert({
      where: { cohortId_userId: { cohortId: preview.id, userId } },
      create: { cohortId: preview.id, userId, role: "LEARNER" },
      update: {},
    });
  }
  return { ...preview, alreadyMember: true };
}

/** Leaves a cohort the learner is in as a learner (instructors are removed by another instructor). */
export async function leaveCohort({ db, userId, cohortId }: { db: Db; userId: string; cohortId: string }): Promise<void> {
  if (!isUuid(cohortId)) throw new AppError("NOT_FOUND", "You are not a learner in this cohort.");
  const { count } = await db.cohortMember.deleteMany({ where: { cohortId, userId, role: "LEARNER" } });
  if (count === 0) throw new AppError("NOT_FOUND", "You are not a learner in this cohort.");
}

export interface MyCohort {
  id: string;
  name: string;
  role: "LEARNER" | "INSTRUCTOR";
  joinedAt: Date;
  instructors: string[];
  courses: { courseId: string; title: string; targetDate: Date | null }[];
}

export async function listMyCohorts({ db, userId }: { db: Db; userId: string }): Promise<MyCohort[]> {
  const rows = await db.cohortMember.findMany({
    where: { userId },
    orderBy: { joinedAt: "desc" },
    select: {
      role: true,
      joinedAt: true,
      cohort: {
        select: {
          id: true,
          name: true,
          courses: { select: { courseId: true, targetDate: true, course: { select: { title: true, position: true } } } },
          members: { where: { role: "INSTRUCTOR" }, select: { user: { select: { name: true } } } },
        },
      },
    },
  });
  return rows.map((r) => ({
    id: r.cohort.id,
    name: r.cohort.name,
    role: r.role,
    joinedAt: r.joinedAt,
    instructors: r.cohort.members.map((m) => m.user.name),
    courses: r.cohort.courses
      .sort((a, b) => a.course.position - b.course.position)
      .map((c) => ({ courseId: c.courseId, title: c.course.title, targetDate: c.targetDate })),
  }));
}
