// Who may run the place: ADMIN accounts only, checked here for every admin function.
import type { Prisma } from "@/lib/db/generated/client";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";

export type { Actor } from "@/lib/auth/actor";

export function assertAdmin(actor: Actor): void {
  if (actor.role !== "ADMIN") throw new AppError("FORBIDDEN", "Only admins can do this.");
}

/**
 * Serialises every change that could take away an admin (a role change, a disable), across every
 * server process: each such transaction counts the admins after taking this lock, so two admins
 * demoting each other at once cannot both succeed. The key is an arbitrary constant of our own.
 */
export async function lockAdmins(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(7263011)`;
}

/**
 * Inside the lock, the acting admin as they are now: an admin demoted or disabled by a transaction
 * that committed while this one waited no longer acts as one.
 */
export async function requireAdminNow(tx: Prisma.TransactionClient, actor: Actor): Promise<void> {
  assertAdmin(actor);
  const now = await tx.user.findUnique({ where: { id: actor.id }, select: { role: true, disabledAt: true } });
  if (!now || now.role !== "ADMIN" || now.disabledAt) throw new AppError("FORBIDDEN", "Only admins can do this.");
}

/** Admins who can still sign in, other than `exceptUserId`. */
export async function otherActiveAdmins(tx: Prisma.TransactionClient, exceptUserId: string): Promise<number> {
  return tx.user.count({ where: { role: "ADMIN", disabledAt: null, id: { not: exceptUserId } } });
}
