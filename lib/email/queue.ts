// The outgoing-mail queue: a PostgreSQL table (EmailJob) and a sender any number of processes run.
// A job is claimed with FOR UPDATE SKIP LOCKED, so two senders never take the same one; the claim is
// a lease (`lockedUntil`), so a job whose sender died mid-batch is taken again when the lease ends;
// and only the sender holding the lease can mark it sent or failed.
import { randomUUID } from "node:crypto";
import { startTicker } from "./ticker";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { MailHeaders, Mailer } from "./transport";

/** How long a claimed job is the sender's: far longer than one SMTP exchange. */
export const EMAIL_LEASE_MS = 2 * 60_000;
/** After this many failed attempts a job is FAILED (kept, with its last error) rather than retried. */
export const EMAIL_MAX_ATTEMPTS = 8;
const BASE_RETRY_MS = 30_000;
const MAX_RETRY_MS = 60 * 60_000;

/** Back-off after the n-th failed attempt (1-based): 30 s, 1 min, 2 min … capped at an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(MAX_RETRY_MS, BASE_RETRY_MS * 2 ** Math.max(0, attempts - 1));
}

type Tx = Db | Prisma.TransactionClient;

/** Queues one mail. Pass the transaction that makes the mail true (a reset token), so both commit or neither. */
export async function enqueueEmail({ db, to, subject, text, html, headers, now = new Date() }: { db: Tx; to: string; subject: string; text: string; html?: string; headers?: MailHeaders; now?: Date }) {
  return db.emailJob.create({
    data: { to, subject, text, html, headers, runAt: now, messageId: `${randomUUID()}@recall` },
    select: { id: true, messageId: true },
  });
}

export interface ClaimedEmail {
  id: bigint;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  headers: MailHeaders | null;
  attempts: number;
  messageId: string;
}

/** Takes up to `limit` jobs that are due (or whose sender's lease ran out) for `workerId`. */
export async function claimEmailJobs({ db, workerId, limit = 20, now = new Date() }: { db: Db; workerId: string; limit?: number; now?: Date }): Promise<ClaimedEmail[]> {
  return db.$queryRaw<ClaimedEmail[]>`
    UPDATE "EmailJob" SET status = 'SENDING', "lockedBy" = ${workerId}, "lockedUntil" = ${new Date(now.getTime() + EMAIL_LEASE_MS)}
    WHERE id IN (
      SELECT id FROM "EmailJob"
      WHERE (status = 'PENDING' AND "runAt" <= ${now}) OR (status = 'SENDING' AND "lockedUntil" < ${now})
      ORDER BY "runAt", id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id, "to", subject, text, html, headers, attempts, "messageId"`;
}

/** Marks the job sent, if this sender still holds it, and drops its body and headers (they may hold a reset or unsubscribe link). */
async function markSent(db: Db, id: bigint, workerId: string, now: Date): Promise<boolean> {
  const n = await db.emailJob.updateMany({
    where: { id, status: "SENDING", lockedBy: workerId },
    data: { status: "SENT", sentAt: now, attempts: { increment: 1 }, lockedBy: null, lockedUntil: null, lastError: null, text: "", html: null, headers: Prisma.DbNull },
  });
  return n.count === 1;
}

async function markFailed(db: Db, job: ClaimedEmail, workerId: string, error: unknown, now: Date): Promise<void> {
  const attempts = job.attempts + 1;
  const finalAttempt = attempts >= EMAIL_MAX_ATTEMPTS;
  await db.emailJob.updateMany({
    where: { id: job.id, status: "SENDING", lockedBy: workerId },
    data: {
      status: finalAttempt ? "FAILED" : "PENDING",
      attempts,
      runAt: new Date(now.getTime() + retryDelayMs(attempts)),
      lockedBy: null,
      lockedUntil: null,
      lastError: String((error as Error)?.message ?? error).slice(0, 1000),
    },
  });
}

/** One pass of a sender: claim a batch, send each, record the outcome. Returns how many were sent and failed. */
export async function sendEmailBatch({ db, mailer, workerId, limit, now = () => new Date() }: { db: Db; mailer: Mailer; workerId: string; limit?: number; now?: () => Date }) {
  const jobs = await claimEmailJobs({ db, workerId, limit, now: now() });
  let sent = 0;
  let failed = 0;
  for (const job of jobs) {
    try {
      await mailer.send({ to: job.to, subject: job.subject, text: job.text, html: job.html, headers: job.headers, messageId: job.messageId });
    } catch (e) {
      failed++;
      await markFailed(db, job, workerId, e, now());
      continue;
    }
    if (await markSent(db, job.id, workerId, now())) sent++;
  }
  return { claimed: jobs.length, sent, failed };
}

/**
 * A sender that polls the queue until stopped. Each pass drains what is due; an error (the database
 * restarting) is logged and the next pass tries again.
 */
export function startEmailSender({ db, mailer, intervalMs = 1000, log = console }: { db: Db; mailer: Mailer; intervalMs?: number; log?: Pick<Console, "error"> }) {
  const workerId = `${process.pid}-${randomUUID().slice(0, 8)}`;
  let stopped = false;
  const ticker = startTicker({
    name: "Mail",
    intervalMs,
    log,
    pass: async () => {
      while (!stopped && (await sendEmailBatch({ db, mailer, workerId })).claimed > 0);
    },
  });
  return {
    workerId,
    async stop() {
      stopped = true;
      await ticker.stop();
    },
  };
}
