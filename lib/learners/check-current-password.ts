import { requireActiveUser, type Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { verifyPassword } from "@/lib/auth/password";
import { PASSWORD_FAILURES_PER_ACCOUNT, clearHits, reserveAttempt, waitText } from "@/lib/auth/rate-limit";
import { passwordKey } from "@/lib/auth/verify-credentials";
import { AppError } from "@/lib/errors";

/** For an account made by single sign-on: a reset link is how it proves the mailbox and gets a password. */
export const NO_PASSWORD_MESSAGE = "Your account has no password yet (you sign in with another service). Set one with a reset link: Sign in → Forgot your password?";

/**
 * Checks a signed-in user's password before a change that needs it (new password, account deletion).
 * A stolen session must not become a way to guess the password faster than signing in would: the
 * check shares the account's back-off with sign-in, reserved before argon2 runs.
 */
export async function checkCurrentPassword({ db, actor, password, field, now = new Date() }: { db: Db; actor: Actor; password: string; field: string; now?: Date }): Promise<void> {
  const { id: userId } = await requireActiveUser({ db, actor });
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, passwordHash: true } });
  if (!user) throw new AppError("NOT_FOUND", "Account not found.");
  if (user.passwordHash === null) throw new AppError("INVALID_INPUT", NO_PASSWORD_MESSAGE, { [field]: NO_PASSWORD_MESSAGE });
  const key = passwordKey(user.email);
  const reservation = await reserveAttempt(db, [{ key, limit: PASSWORD_FAILURES_PER_ACCOUNT }], now);
  if (!reservation.ok) {
    const message = `Too many wrong passwords for this account. Try again in ${waitText(reservation.retryAt, now)}.`;
    throw new AppError("RATE_LIMITED", message, { [field]: message });
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    if (field === "currentPassword") throw new AppError("INVALID_INPUT", "Check the highlighted fields.", { currentPassword: "That is not your current password." });
    throw new AppError("INVALID_INPUT", "That is not your password.", { [field]: "That is not your password." });
  }
  await clearHits(db, key);
}
