import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma, type Db } from "@/lib/db/client";
import { EMAIL_LEASE_MS, claimEmailJobs, enqueueEmail, retryDelayMs, sendEmailBatch } from "@/lib/email/queue";
import { smtpMailer, type Mailer } from "@/lib/email/transport";
import { startSmtpServer, type TestSmtpServer } from "./helpers/smtp";
import { testDatabaseUrl, testDb, uniqueId } from "./helpers/db";

let smtp: TestSmtpServer;
let mailer: Mailer;
beforeAll(async () => {
  smtp = await startSmtpServer();
  mailer = smtpMailer({ smtpUrl: smtp.url, from: "Recall <no-reply@test.recall>" });
});
afterAll(async () => {
  mailer.close?.();
  await smtp.close();
});

/** Queues `n` mails to fresh addresses; returns their Message-IDs. */
async function queue(n: number, prefix = "q"): Promise<string[]> {
  const tag = uniqueId(prefix);
  const jobs = [];
  for (let i = 0; i < n; i++) jobs.push(await enqueueEmail({ db: testDb(), to: `${tag}-${i}@test.recall`, subject: `Test ${i}`, text: `Body ${i}` }));
  return jobs.map((j) => j.messageId);
}

function receivedCount(messageIds: readonly string[]): Map<string, number> {
  const counts = new Map(messageIds.map((id) => [id, 0]));
  for (const m of smtp.received) if (counts.has(m.messageId)) counts.set(m.messageId, counts.get(m.messageId)! + 1);
  return counts;
}

/** Runs a sender until the queue has nothing due for it. */
async function drain(db: Db, workerId: string, now = () => new Date()) {
  let sent = 0;
  for (;;) {
    const r = await sendEmailBatch({ db, mailer, workerId, limit: 5, now });
    sent += r.sent;
    if (r.claimed === 0) return sent;
  }
}

describe("the mail queue", () => {
  it("delivers each of 40 mails exactly once when four senders, each with its own connection pool, drain the queue at once", async () => {
    const ids = await queue(40);
    const clients = Array.from({ length: 4 }, () => createPrisma(testDatabaseUrl(), 2));
    try {
      await Promise.all(clients.map((db, i) => drain(db, `worker-${i}`)));
    } finally {
      await Promise.all(clients.map((c) => c.$disconnect()));
    }
    expect([...receivedCount(ids).values()]).toEqual(ids.map(() => 1));
    const jobs = await testDb().emailJob.findMany({ where: { messageId: { in: ids } } });
    expect(jobs.every((j) => j.status === "SENT" && j.attempts === 1 && j.text === "")).toBe(true);
  });

  it("gives a job to one sender only, even when ten claim at the same moment", async () => {
    const ids = await queue(10);
    const now = new Date();
    const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => claimEmailJobs({ db: testDb(), workerId: `claimer-${i}`, limit: 10, now })));
    const mine = claims.flat().filter((j) => ids.includes(j.messageId));
    expect(mine.map((j) => j.messageId).sort()).toEqual([...ids].sort());
    // Leave nothing half-claimed for the other tests: these leases run out in EMAIL_LEASE_MS and are sent then.
    await testDb().emailJob.updateMany({ where: { messageId: { in: ids } }, data: { status: "SENT", lockedBy: null, lockedUntil: null } });
  });

  it("retries a mail the SMTP server refused (451) after the back-off, and delivers it once", async () => {
    const [id] = await queue(1, "flaky");
    const job = await testDb().emailJob.findUniqueOrThrow({ where: { messageId: id } });
    smtp.refuse(job.to, 1);
    const t0 = new Date();
    await drain(testDb(), "retrier", () => t0);
    const failed = await testDb().emailJob.findUniqueOrThrow({ where: { messageId: id } });
    expect(failed).toMatchObject({ status: "PENDING", attempts: 1 });
    expect(failed.lastError).toMatch(/451/);
    expect(failed.runAt.getTime()).toBe(t0.getTime() + retryDelayMs(1));

    await drain(testDb(), "retrier", () => new Date(t0.getTime() + retryDelayMs(1) - 1000));
    expect(receivedCount([id]).get(id)).toBe(0);
    await drain(testDb(), "retrier", () => new Date(t0.getTime() + retryDelayMs(1) + 1000));
    expect(receivedCount([id]).get(id)).toBe(1);
    expect(await testDb().emailJob.findUniqueOrThrow({ where: { messageId: id } })).toMatchObject({ status: "SENT", attempts: 2 });
  });

  it("sends the rest of a batch whose sender stopped mid-way once its lease runs out, and each mail once", async () => {
    const ids = await queue(5, "hung");
    const t0 = new Date();
    // The first sender delivers one mail, then never returns from the second (a hung or killed process).
    let calls = 0;
    const hanging: Mailer = { description: "hangs", send: (m) => (++calls === 1 ? mailer.send(m) : new Promise<void>(() => {})) };
    void sendEmailBatch({ db: testDb(), mailer: hanging, workerId: "doomed", limit: 5, now: () => t0 });
    await expect.poll(() => calls, { timeout: 10_000 }).toBe(2);

    // While the lease holds, nobody else takes its jobs.
    await drain(testDb(), "rescuer", () => new Date(t0.getTime() + EMAIL_LEASE_MS - 1000));
    expect([...receivedCount(ids).values()].reduce((a, b) => a + b)).toBe(1);
    // After it, another sender delivers the four that were left.
    await drain(testDb(), "rescuer", () => new Date(t0.getTime() + EMAIL_LEASE_MS + 1000));
    expect([...receivedCount(ids).values()]).toEqual(ids.map(() => 1));
  });

  it("gives up after eight failed attempts and keeps the job as FAILED with its last error", async () => {
    const [id] = await queue(1, "dead");
    const job = await testDb().emailJob.findUniqueOrThrow({ where: { messageId: id } });
    smtp.refuse(job.to, 100);
    let t = Date.now();
    for (let attempt = 1; attempt <= 8; attempt++) {
      await drain(testDb(), "persistent", () => new Date(t));
      t += retryDelayMs(attempt) + 1000;
    }
    expect(await testDb().emailJob.findUniqueOrThrow({ where: { messageId: id } })).toMatchObject({ status: "FAILED", attempts: 8 });
    expect(receivedCount([id]).get(id)).toBe(0);
  });
});
