import { requireActiveUser, type Actor } from "@/lib/auth/actor";
import { createHash, randomBytes } from "node:crypto";
import { VERIFY_RESENDS_PER_ACCOUNT, reserveAttempt, waitText } from "@/lib/auth/rate-limit";
import type { Db } from "@/lib/db/client";
import { enqueueEmail } from "@/lib/email/queue";
import { AppError } from "@/lib/errors";

export const VERIFY_TOKEN_TTL_MS = 24 * 3_600_000;

/** As for reset links: the token travels only in the mail, the database keeps its SHA-256. */
export function hashVerificationToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * Mails the account a link that confirms its address (24 hours, single use). At sign-up it is sent
 * once with no limit (sign-ups have their own); `resend` is the learner asking again, which counts
 * against VERIFY_RESENDS_PER_ACCOUNT. An address already confirmed gets nothing.
 */
export async function sendEmailVerification({ db, actor, siteUrl, resend = false, now = new Date() }: { db: Db; actor: Actor; siteUrl: string; resend?: boolean; now?: Date }): Promise<{ sent: boolean }> {
  const { id: userId } = await requireActiveUser({ db, actor });
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, name: true, emailVerifiedAt: true, disabledAt: true } });
  if (!user || user.disabledAt) throw new AppError("NOT_FOUND", "Account not found.");
  if (user.emailVerifiedAt) return { sent: false };
  if (resend) {
    const reservation = await reserveAttempt(db, [{ key: `verify:user:${userId}`, limit: VERIFY_RESENDS_PER_ACCOUNT }], now);
    if (!reservation.ok) throw new AppError("RATE_LIMITED", `The link was sent several times already. Try again in ${waitText(reservation.retryAt, now)}, and check your spam folder.`);
  }
  const token = randomBytes(32).toString("base64url");
  const link = `${siteUrl.replace(/\/$/, "")}/verify-email?token=${token}`;
  await db.$transaction(async (tx) => {
    await tx.emailVerificationToken.create({ data: { userId, tokenHash: hashVerificationToken(token), expiresAt: new Date(now.getTime() + VERIFY_TOKEN_TTL_MS) } });
    await enqueueEmail({
      db: tx,
      to: user.email,
      subject: "Confirm your email for Recall",
      text: `Hello ${user.name},\n\nConfirm that this address is yours, so that Recall can send you review reminders and you can join cohorts:\n\n${link}\n\nThe link works once, for 24 hours. If you did not sign up for Recall, ignore this mail.\n`,
      now,
    });
  });
  return { sent: true };
}
