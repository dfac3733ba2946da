// The learner's side of cohorts: join with a code or link, see one's cohorts, leave one.
import { requireActiveUser, type Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { JOIN_FAILURES_PER_ADDRESS, JOIN_FAILURES_PER_USER, reserveAttempt, waitText, type LimitCheck } from "@/lib/auth/rate-limit";
import { AppError } from "@/lib/errors";
import { isUuid } from "./access";
import { normalizeJoinCode } from "./codes";

export interface CohortPreview {
  id: string;
  name: string;
  courses: string[];
  instructors: string[];
  learners: number;
  alreadyMember: boolean;
}

/**
 * Wrong codes count against the learner and their network address; right ones do not. Each lookup
 * reserves its place first (so lookups sent together are counted together) and a right code gives
 * it back. Returns that give-back.
 */
async function reserveLookup(db: Db, userId: string, address: string | undefined): Promise<() => Promise<void>> {
  const checks: LimitCheck[] = [{ key: `join:user:${userId}`, limit: JOIN_FAILURES_PER_USER }];
  if (address) checks.push({ key: `join:address:${address}`, limit: JOIN_FAILURES_PER_ADDRESS });
  const reservation = await reserveAttempt(db, checks);
  if (!reservation.ok) throw new AppError("RATE_LIMITED", `Too many wrong join codes. Try again in ${waitText(reservation.retryAt)}.`);
  return reservation.release;
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

export const EMAIL_NOT_CONFIRMED = "Confirm your email address before joining a cohort: follow the link we mailed you, or send it again.";

const WRONG_CODE = "No cohort has this code. Check it with your instructor: codes look like K7QX-M4PD.";

/** What a join link or code leads to, before joining (rate-limited like a join). */
export async function previewCohort({ db, actor, code, address }: { db: Db; actor: Actor; code: unknown; address?: string }): Promise<CohortPreview> {
  const { id: userId } = await requireActiveUser({ db, actor });
  const release = await reserveLookup(db, userId, address);
  const preview = await findByCode(db, userId, normalizeJoinCode(code));
  if (!preview) throw new AppError("NOT_FOUND", WRONG_CODE);
  await release();
  return preview;
}

/** Joins the cohort with this code as a learner; joining twice is harmless. */
export async function joinCohort({ db, actor, code, address }: { db: Db; actor: Actor; code: unknown; address?: string }): Promise<CohortPreview> {
  const { id: userId } = await requireActiveUser({ db, actor });
  const normalized = normalizeJoinCode(code);
  if (normalized === null && (typeof code !== "string" || code.trim() === "")) {
    throw new AppError("INVALID_INPUT", "Check the highlighted fields.", { code: "Enter the join code your instructor gave you." });
  }
  // Instructors see a member's name and address: the address must be shown to be the member's own.
  const member = await db.user.findUnique({ where: { id: userId }, select: { emailVerifiedAt: true } });
  if (!member?.emailVerifiedAt) throw new AppError("FORBIDDEN", EMAIL_NOT_CONFIRMED);
  const release = await reserveLookup(db, userId, address);
  const preview = await findByCode(db, userId, normalized);
  if (!preview) throw new AppError("INVALID_INPUT", "Check the highlighted fields.", { code: WRONG_CODE });
  await release();
  if (!preview.alreadyMember) {
    // ON CONFLICT DO NOTHING: two joins sent together must both succeed (an upsert races on the key).
    await db.cohortMember.createMany({ data: [{ cohortId: preview.id, userId, role: "LEARNER" }], skipDuplicates: true });
  }
  return { ...preview, alreadyMember: true };
}

/** Leaves a cohort the learner is in as a learner (instructors are removed by another instructor). */
export async function leaveCohort({ db, actor, cohortId }: { db: Db; actor: Actor; cohortId: string }): Promise<void> {
  const { id: userId } = await requireActiveUser({ db, actor });
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

export async function listMyCohorts({ db, actor }: { db: Db; actor: Actor }): Promise<MyCohort[]> {
  const { id: userId } = await requireActiveUser({ db, actor });
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
