import { requireActiveUser, type Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { lockAdmins, otherActiveAdmins } from "@/lib/admin/access";
import { AppError } from "@/lib/errors";
import { checkCurrentPassword } from "./check-current-password";

/**
 * Deletes the account and everything that is the learner's: cards, review logs, lesson progress,
 * cohort memberships and reset links go with it (foreign keys cascade), and the mail queued to its address. Cohort and content analytics are computed from
 * the logs that remain, so the learner disappears from them too (docs/decisions/006-account-deletion.md).
 */
export async function deleteAccount({ db, actor, password, email }: { db: Db; actor: Actor; password: unknown; email?: unknown }) {
  const { id: userId } = await requireActiveUser({ db, actor });
  const owner = await db.user.findUnique({ where: { id: userId }, select: { email: true, passwordHash: true } });
  if (!owner) throw new AppError("NOT_FOUND", "Account not found.");
  if (owner.passwordHash === null) {
    // An account made by single sign-on has no password to ask for: typing its email is the deliberate step instead.
    const typed = typeof email === "string" ? email.trim().toLowerCase() : "";
    if (typed !== owner.email) throw new AppError("INVALID_INPUT", "Type your email to confirm.", { email: "Type your email, exactly, to confirm." });
  } else {
    if (typeof password !== "string" || !password) throw new AppError("INVALID_INPUT", "Enter your password to confirm.", { password: "Enter your password to confirm." });
    await checkCurrentPassword({ db, actor, password, field: "password" });
  }
  await db.$transaction(async (tx) => {
    // The place must keep an admin: the last one who can sign in makes another before leaving.
    await lockAdmins(tx);
    const now = await tx.user.findUnique({ where: { id: userId }, select: { role: true, disabledAt: true } });
    if (now?.role === "ADMIN" && !now.disabledAt && (await otherActiveAdmins(tx, userId)) === 0) {
      throw new AppError("CONFLICT", "You are the last admin: make another account admin before deleting yours.");
    }
    const deleted = await tx.user.delete({ where: { id: userId }, select: { email: true } });
    // Mail queued for the account (a reset link) goes too: it has no one left to reach.
    await tx.emailJob.deleteMany({ where: { to: deleted.email } });
  });
}
