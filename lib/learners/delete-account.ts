import type { Db } from "@/lib/db/client";
import { verifyPassword } from "@/lib/auth/password";
import { AppError } from "@/lib/errors";

/**
 * Deletes the account and everything that is the learner's: cards, review logs, lesson progress and
 * cohort memberships go with it (foreign keys cascade). Cohort and content analytics are computed from
 * the logs that remain, so the learner disappears from them too (docs/decisions/006-account-deletion.md).
 */
export async function deleteAccount({ db, userId, password }: { db: Db; userId: string; password: unknown }) {
  if (typeof password !== "string" || !password) throw new AppError("INVALID_INPUT", "Enter your password to confirm.", { password: "Enter your password to confirm." });
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (!user) throw new AppError("NOT_FOUND", "Account not found.");
  if (!(await verifyPassword(user.passwordHash, password))) {
    throw new AppError("INVALID_INPUT", "That is not your password.", { password: "That is not your password." });
  }
  await db.user.delete({ where: { id: userId } });
}
