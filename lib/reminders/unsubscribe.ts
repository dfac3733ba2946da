// One-click unsubscribe (RFC 8058): the token in a reminder's List-Unsubscribe header is the whole
// authorization, no session needed. Only its SHA-256 is stored (ReminderSend.unsubscribeTokenHash);
// it can do one thing, turn that kind of mail off, so it does not expire and may be used again.
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { hashUnsubscribeToken } from "./schedule-reminders";

export const INVALID_UNSUBSCRIBE_LINK = "This unsubscribe link is not valid. Turn reminders off in your settings instead.";

export interface UnsubscribeTarget {
  kind: "REVIEW" | "DIGEST";
  /** The address, partly hidden: the confirm page is reachable by whoever holds the link. */
  maskedEmail: string;
}

function mask(email: string): string {
  const [local, domain] = email.split("@");
  return `${local.slice(0, 1)}${"•".repeat(Math.max(1, Math.min(6, local.length - 1)))}@${domain}`;
}

async function findTarget(db: Db, token: unknown) {
  const parsed = z.string().min(20).max(200).safeParse(token);
  if (!parsed.success) throw new AppError("NOT_FOUND", INVALID_UNSUBSCRIBE_LINK);
  const send = await db.reminderSend.findUnique({
    where: { unsubscribeTokenHash: hashUnsubscribeToken(parsed.data) },
    select: { kind: true, userId: true, user: { select: { email: true } } },
  });
  if (!send) throw new AppError("NOT_FOUND", INVALID_UNSUBSCRIBE_LINK);
  return send;
}

/** What the link would turn off, for the confirm page (a GET changes nothing). */
export async function describeUnsubscribe({ db, token }: { db: Db; token: unknown }): Promise<UnsubscribeTarget> {
  const send = await findTarget(db, token);
  return { kind: send.kind, maskedEmail: mask(send.user.email) };
}

/** Turns off the kind of mail the link came in: daily review reminders, or the weekly digest. */
export async function unsubscribe({ db, token }: { db: Db; token: unknown }): Promise<UnsubscribeTarget> {
  const send = await findTarget(db, token);
  await db.user.update({ where: { id: send.userId }, data: send.kind === "REVIEW" ? { reminderEnabled: false } : { digestEnabled: false } });
  return { kind: send.kind, maskedEmail: mask(send.user.email) };
}
