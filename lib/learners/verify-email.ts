import { requireActiveUser, type Actor } from "@/lib/auth/actor";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { hashVerificationToken } from "./send-email-verification";

export const INVALID_VERIFY_LINK = "This confirmation link has expired or was already used. Sign in and ask for a new one.";

const tokenSchema = z.string().min(1).max(200);

/**
 * Confirms an address from the mailed link. The token is spent by one conditional UPDATE (unused, not
 * expired), so two clicks at once confirm once; the account's other open links are spent with it.
 */
export async function verifyEmail({ db, token, now = new Date() }: { db: Db; token: unknown; now?: Date }): Promise<{ email: string }> {
  const parsed = tokenSchema.safeParse(token);
  if (!parsed.success) throw new AppError("INVALID_INPUT", INVALID_VERIFY_LINK);
  return db.$transaction(async (tx) => {
    const spent = await tx.$queryRaw<{ userId: string }[]>`
      UPDATE "EmailVerificationToken" SET "usedAt" = ${now}
      WHERE "tokenHash" = ${hashVerificationToken(parsed.data)} AND "usedAt" IS NULL AND "expiresAt" > ${now}
      RETURNING "userId"::text AS "userId"`;
    if (spent.length !== 1) throw new AppError("INVALID_INPUT", INVALID_VERIFY_LINK);
    const { userId } = spent[0];
    await tx.emailVerificationToken.updateMany({ where: { userId, usedAt: null }, data: { usedAt: now } });
    // An address confirmed earlier (another link, a provider) keeps its first date.
    await tx.user.updateMany({ where: { id: userId, emailVerifiedAt: null }, data: { emailVerifiedAt: now } });
    return tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
  });
}

/** Whether the account's address is confirmed (the banner, the join page, the reminder settings). */
export async function isEmailVerified({ db, actor }: { db: Db; actor: Actor }): Promise<boolean> {
  const { id: userId } = await requireActiveUser({ db, actor });
  const user = await db.user.findUnique({ where: { id: userId }, select: { emailVerifiedAt: true } });
  return Boolean(user?.emailVerifiedAt);
}
