import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { RESET_PER_ADDRESS, RESET_PER_EMAIL, reserveAttempt, waitText } from "@/lib/auth/rate-limit";
import type { Db } from "@/lib/db/client";
import { enqueueEmail } from "@/lib/email/queue";
import { AppError } from "@/lib/errors";
import { emailField, fieldErrors } from "./schemas";

export const RESET_TOKEN_TTL_MS = 30 * 60_000;

/** The token travels only in the mail; the database keeps its SHA-256, so a leaked table opens nothing. */
export function hashResetToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

const requestSchema = z.object({ email: emailField });

/**
 * Mails a reset link if an enabled account has this email. The caller answers the same either way
 * ("if an account exists, a link is on its way"), so the form does not tell who has an account.
 */
export async function requestPasswordReset({ db, input, address, siteUrl, now = new Date() }: { db: Db; input: unknown; address: string; siteUrl: string; now?: Date }): Promise<void> {
  const parsed = requestSchema.safeParse(input);
  if (!parsed.success) throw new AppError("INVALID_INPUT", "Check the highlighted fields.", fieldErrors(parsed.error));
  const { email } = parsed.data;
  // Counted whether or not the account exists, for the same reason, and kept: every request counts.
  // A reservation like every other limit, so requests fired together cannot all pass it.
  const reservation = await reserveAttempt(
    db,
    [
      { key: `reset:email:${email}`, limit: RESET_PER_EMAIL },
      { key: `reset:address:${address}`, limit: RESET_PER_ADDRESS },
    ],
    now,
  );
  if (!reservation.ok) throw new AppError("RATE_LIMITED", `Too many reset requests. Try again in ${waitText(reservation.retryAt, now)}.`);

  const user = await db.user.findUnique({ where: { email }, select: { id: true, name: true, disabledAt: true } });
  if (!user || user.disabledAt) return;
  const token = randomBytes(32).toString("base64url");
  const link = `${siteUrl.replace(/\/$/, "")}/reset-password?token=${token}`;
  await db.$transaction(async (tx) => {
    await tx.passwordResetToken.create({ data: { userId: user.id, tokenHash: hashResetToken(token), expiresAt: new Date(now.getTime() + RESET_TOKEN_TTL_MS) } });
    await enqueueEmail({
      db: tx,
      to: email,
      subject: "Reset your Recall password",
      text: `Hello ${user.name},\n\nSomeone (we hope you) asked to reset the password of your Recall account. Choose a new one here:\n\n${link}\n\nThe link works once, for 30 minutes. Resetting signs you out everywhere.\nIf you did not ask, ignore this mail: your password stays as it is.\n`,
      now,
    });
  });
}
