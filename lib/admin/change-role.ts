import { z } from "zod";
import { isUuid } from "@/lib/cohorts/access";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { Role } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors";
import { lockAdmins, otherActiveAdmins, requireAdminNow, type Actor } from "./access";
import { recordAudit, type AuditSource } from "./audit";

const roleSchema = z.enum([Role.LEARNER, Role.AUTHOR, Role.INSTRUCTOR, Role.ADMIN], { error: "Choose a role: learner, author, instructor or admin." });

export function parseRole(raw: unknown): Role {
  const parsed = roleSchema.safeParse(typeof raw === "string" ? raw.trim().toUpperCase() : raw);
  if (!parsed.success) throw new AppError("INVALID_INPUT", "Choose a role: learner, author, instructor or admin.", { role: "Choose a role: learner, author, instructor or admin." });
  return parsed.data;
}

/** The change itself, under the admin lock: refused when it would leave no admin who can sign in. */
async function applyRoleChange(tx: Prisma.TransactionClient, { userId, role, source }: { userId: string; role: Role; source: AuditSource }): Promise<{ from: Role; to: Role }> {
  const target = await tx.user.findUnique({ where: { id: userId }, select: { role: true, disabledAt: true } });
  if (!target) throw new AppError("NOT_FOUND", "No such account.");
  if (target.role === role) return { from: role, to: role };
  if (target.role === "ADMIN" && !target.disabledAt && (await otherActiveAdmins(tx, userId)) === 0) {
    throw new AppError("CONFLICT", "This is the last admin who can sign in: make another admin first.");
  }
  await tx.user.update({ where: { id: userId }, data: { role } });
  await recordAudit(tx, { source, action: "role.change", targetUserId: userId, details: { from: target.role, to: role } });
  return { from: target.role, to: role };
}

/** An admin changes an account's role. The session picks the new role up on its next request. */
export async function changeRole({ db, actor, userId, role, address }: { db: Db; actor: Actor; userId: unknown; role: unknown; address: string }): Promise<{ from: Role; to: Role }> {
  if (actor.role !== "ADMIN") throw new AppError("FORBIDDEN", "Only admins can do this.");
  if (!isUuid(userId)) throw new AppError("NOT_FOUND", "No such account.");
  const to = parseRole(role);
  return db.$transaction(async (tx) => {
    await lockAdmins(tx);
    await requireAdminNow(tx, actor);
    return applyRoleChange(tx, { userId, role: to, source: { actorId: actor.id, address } });
  });
}

/** The operator at the command line (npm run admin -- grant): how a new deployment gets its first admin. */
export async function grantRole({ db, email, role }: { db: Db; email: string; role: unknown }): Promise<{ email: string; from: Role; to: Role }> {
  const to = parseRole(role);
  const address = email.trim().toLowerCase();
  return db.$transaction(async (tx) => {
    await lockAdmins(tx);
    const user = await tx.user.findUnique({ where: { email: address }, select: { id: true, email: true } });
    if (!user) throw new AppError("NOT_FOUND", `No account has the email ${address}: sign up first, then grant the role.`);
    return { email: user.email, ...(await applyRoleChange(tx, { userId: user.id, role: to, source: "command line" })) };
  });
}
