import { z } from "zod";
import { hashPassword } from "@/lib/auth/password";
import { passwordProblem } from "@/lib/auth/password-policy";
import { clearHits } from "@/lib/auth/rate-limit";
import { passwordKey } from "@/lib/auth/verify-credentials";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { hashResetToken } from "./request-password-reset";
import { fieldErrors, newPasswordField } from "./schemas";

const resetSchema = z
  .object({
    token: z.string().min(1).max(200),
    password: newPasswordField,
    confirmPassword: z.string().max(1024),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "The two passwords differ." });

export const INVALID_RESET_LINK = "This reset link has expired or was already used. Ask for a new one.";

/**
 * Sets a new password from a reset link. The token is spent by one conditional UPDATE (unused and not
 * expired), so two submissions at once cannot both use it; every other open link of the account is
 * spent with it, and tokenVersion is bumped, which ends every session. The new password meets the
 * policy (lib/auth/password-policy.ts) and the account's password back-off is cleared.
 */
export async function resetPassword({ db, input, now = new Date() }: { db: Db; input: unknown; now?: Date }): Promise<{ email: string }> {
  const parsed = resetSchema.safeParse(input);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    if (errors.token) throw new AppError("INVALID_INPUT", INVALID_RESET_LINK);
    throw new AppError("INVALID_INPUT", "Check the highlighted fields.", errors);
  }
  const passwordHash = await hashPassword(parsed.data.password);
  const result = await db.$transaction(async (tx) => {
    const spent = await tx.$queryRaw<{ userId: string }[]>`
      UPDATE "PasswordResetToken" SET "usedAt" = ${now}
      WHERE "tokenHash" = ${hashResetToken(parsed.data.token)} AND "usedAt" IS NULL AND "expiresAt" > ${now}
      RETURNING "userId"::text AS "userId"`;
    if (spent.length !== 1) throw new AppError("INVALID_INPUT", INVALID_RESET_LINK);
    const { userId } = spent[0];
    await tx.passwordResetToken.updateMany({ where: { userId, usedAt: null }, data: { usedAt: now } });
    const owner = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, name: true } });
    // Refused here, inside the transaction, so the link stays unspent and can be used with a better one.
    const problem = passwordProblem({ password: parsed.data.password, email: owner.email, name: owner.name });
    if (problem) throw new AppError("INVALID_INPUT", "Check the highlighted fields.", { password: problem });
    const user = await tx.user.update({ where: { id: userId }, data: { passwordHash, tokenVersion: { increment: 1 } }, select: { email: true } });
    return { email: user.email };
  });
  // The owner of an account under a stranger's guessing is in again: the back-off ends with the reset.
  await clearHits(db, passwordKey(result.email));
  return result;
}
