import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { verifyAgainstDummy, verifyPassword } from "./password";
import { PASSWORD_FAILURES_PER_ACCOUNT, SIGNIN_FAILURES_PER_ADDRESS, clearHits, reserveAttempt, waitText } from "./rate-limit";

export const GENERIC_SIGNIN_ERROR = "Wrong email or password.";
export const DISABLED_SIGNIN_ERROR = "This account is disabled. Ask an admin of this site to enable it.";

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(1024),
});

/** The back-off key of an account's password, shared by sign-in, password change and account deletion. */
export const passwordKey = (email: string): string => `password:${email.toLowerCase()}`;

export interface SignedInUser {
  id: string;
  email: string;
  name: string;
  role: "LEARNER" | "AUTHOR" | "INSTRUCTOR" | "ADMIN";
  tokenVersion: number;
}

/**
 * Checks an email and password for sign-in. The attempt is reserved against the account's back-off
 * and the address's window before argon2 runs, so requests sent together are counted together;
 * a right password gives the reservation back and ends the account's back-off.
 * Throws AppError RATE_LIMITED (with when to retry), INVALID_INPUT with one generic message, or
 * FORBIDDEN for a disabled account with the right password.
 */
export async function verifyCredentials({ db, input, address, now = new Date() }: { db: Db; input: unknown; address: string; now?: Date }): Promise<SignedInUser> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) throw new AppError("INVALID_INPUT", GENERIC_SIGNIN_ERROR);
  const { email, password } = parsed.data;
  const accountKey = passwordKey(email);
  const reservation = await reserveAttempt(
    db,
    [
      { key: accountKey, limit: PASSWORD_FAILURES_PER_ACCOUNT },
      { key: `signin:address:${address}`, limit: SIGNIN_FAILURES_PER_ADDRESS },
    ],
    now,
  );
  if (!reservation.ok) {
    const who = reservation.key === accountKey ? "this account" : "this network address";
    throw new AppError("RATE_LIMITED", `Too many failed sign-ins for ${who}. Try again in ${waitText(reservation.retryAt, now)}.`);
  }
  const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true, name: true, role: true, tokenVersion: true, passwordHash: true, disabledAt: true } });
  const ok = user ? await verifyPassword(user.passwordHash, password) : (await verifyAgainstDummy(password), false);
  if (!user || !ok) throw new AppError("INVALID_INPUT", GENERIC_SIGNIN_ERROR);
  await reservation.release();
  await clearHits(db, accountKey);
  // Said only to whoever knows the password: to anyone else a disabled account is a wrong password.
  if (user.disabledAt) throw new AppError("FORBIDDEN", DISABLED_SIGNIN_ERROR);
  const { passwordHash: _hash, disabledAt: _disabledAt, ...signedIn } = user;
  return signedIn;
}
