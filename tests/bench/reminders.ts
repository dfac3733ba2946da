// Bench 13 — review reminders on a real PostgreSQL and a real SMTP server (smtp-server, in this
// process), with the real clock and the default tick: two "server processes" (each a reminder
// scheduler and a mail sender on a pool of its own, as scripts/start.ts runs them) in this process.
//   1. Latency: learners whose reminder time is the next minute boundaries (40 per minute; 6 minutes,
//      1 with --quick); from that instant (ReminderSend.dueAt) to the mail accepted by the SMTP server
//      (EmailJob.sentAt): the wait for a tick, the decision, the sender's poll and the send.
//   2. Throughput: 2,000 learners (200 with --quick) whose reminder time has just passed, 20 cards due
//      and 40 review logs each: from the first tick that decides any of them to the last mail accepted.
// Numbers, never assertions.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createPrisma, type Db } from "@/lib/db/client";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { DEFAULT_MIGRATIONS_DIR } from "@/lib/db/migrations";
import { findFreePort } from "@/lib/db/ports";
import { applyMigrations } from "@/lib/db/schema-engine";
import { startEmailSender } from "@/lib/email/queue";
import { smtpMailer, type Mailer } from "@/lib/email/transport";
import { REMINDER_TICK_MS, startReminderScheduler } from "@/lib/reminders/schedule-reminders";
import { startSmtpServer } from "../integration/helpers/smtp";

export interface RemindersBenchResult {
  tickMs: number;
  processes: number;
  latency: { reminders: number; p50Ms: number; p99Ms: number; maxMs: number };
  /** Reminder time → its mail in the queue (the wait for a tick and the decision). */
  queued: { p50Ms: number; p99Ms: number; maxMs: number };
  throughput: { learners: number; cardsEach: number; seconds: number; perMinute: number; decideSeconds: number };
}

const PROCESSES = 2;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function addLearners(db: Db, { count, tag, minuteOf, cards, logsPerCard }: { count: number; tag: string; minuteOf: (i: number) => number; cards: number; logsPerCard: number }) {
  const minutes = Array.from({ length: count }, (_, i) => minuteOf(i));
  await db.$executeRaw`
    INSERT INTO "User" (id, email, name, "passwordHash", timezone, "emailVerifiedAt", "reminderEnabled", "reminderMinute", "updatedAt")
    SELECT gen_random_uuid(), ${tag} || '-' || g || '@bench.invalid', 'Learner ' || g, '!', 'UTC', now(), true, (${minutes}::int[])[g], now()
    FROM generate_series(1, ${count}) g`;
  await db.$executeRaw`
    INSERT INTO "Card" (id, "userId", "questionId", due, stability, difficulty, "scheduledDays", reps, lapses, state, "answerHash")
    SELECT gen_random_uuid(), u.id, 'q-' || c, now() - interval '1 day', 5, 5, 3, 3, 0, 'REVIEW', 'x'
    FROM "User" u, generate_series(1, ${cards}) c WHERE u.email LIKE ${tag} || '-%'`;
  await db.$executeRaw`
    INSERT INTO "ReviewLog" ("userId", "questionId", "cardId", rating, response, correct, "durationMs", "reviewedAt", "stateBefore", "cardBefore", "cardAfter", "elapsedDays", "scheduledDays", "idempotencyKey", "sessionId", source)
    SELECT c."userId", c."questionId", c.id, 3, '{}', true, 4000 + (random() * 20000)::int, now() - (l || ' days')::interval, 'REVIEW', '{}', '{}', 1, 1, gen_random_uuid()::text, 'bench', 'review'
    FROM "Card" c JOIN "User" u ON u.id = c."userId", generate_series(1, ${logsPerCard}) l
    WHERE u.email LIKE ${tag} || '-%'`;
}

export async function remindersBench({ quick = false } = {}): Promise<RemindersBenchResult> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "recall-bench-reminders-"));
  const server = await startEmbeddedPostgres({ dataDir: path.join(tmp, "postgres"), port: await findFreePort(), database: "recall_bench", durable: false });
  const smtp = await startSmtpServer();
  const setup = createPrisma(server.connectionString, 4);
  const running: { stop(): Promise<void> }[] = [];
  const mailers: Mailer[] = [];
  const pools: Db[] = [];
  const startProcesses = () => {
    for (let p = 0; p < PROCESSES; p++) {
      const db = createPrisma(server.connectionString, 2);
      pools.push(db);
      const mailer = smtpMailer({ smtpUrl: smtp.url, from: "Recall <bench@recall.invalid>" });
      mailers.push(mailer);
      running.push(startEmailSender({ db, mailer }));
      // Processes start when they start: each scheduler's first tick at a random point of the tick.
      const scheduler = new Promise<{ stop(): Promise<void> }>((resolve) => setTimeout(() => resolve(startReminderScheduler({ db, siteUrl: "https://recall.invalid" })), Math.random() * REMINDER_TICK_MS));
      running.push({ stop: async () => (await scheduler).stop() });
    }
  };
  const stopProcesses = async () => {
    await Promise.all(running.splice(0).map((r) => r.stop()));
    for (const m of mailers.splice(0)) m.close?.();
    await Promise.all(pools.splice(0).map((db) => db.$disconnect()));
  };
  try {
    await applyMigrations({ connectionString: server.connectionString, migrationsDir: DEFAULT_MIGRATIONS_DIR });
    const cards = 20;
    await setup.$executeRaw`INSERT INTO "Course" (id, title, description, "contentHash", "updatedAt") VALUES ('bench', 'Bench', 'Bench', 'x', now())`;
    await setup.$executeRaw`
      INSERT INTO "Lesson" (id, "courseId", slug, title, level, summary, position, "readingMinutes", meta, code, "plainText", "contentHash", "sourcePath", "updatedAt")
      VALUES ('bench/l', 'bench', 'l', 'L', 'junior', 'L', 0, 1, '{}', '', '', 'x', 'x', now())`;
    await setup.$executeRaw`
      INSERT INTO "Question" (id, "lessonId", kind, prompt, payload, "answerHash", "contentHash", position, "updatedAt")
      SELECT 'q-' || g, 'bench/l', 'MULTIPLE_CHOICE', 'Q', '{}', 'test', 'x', g, now() FROM generate_series(1, ${cards}) g`;

    // 1. Latency: reminder times on the next minute boundaries (at least 20 s ahead, so none is already due).
    const boundaries = quick ? 1 : 6;
    const perMinute = 40;
    const firstMinuteMs = Math.ceil((Date.now() + 20_000) / 60_000) * 60_000;
    const minuteOfDay = (ms: number) => Math.floor((ms % 86_400_000) / 60_000);
    await addLearners(setup, { count: boundaries * perMinute, tag: "latency", minuteOf: (i) => minuteOfDay(firstMinuteMs + Math.floor(i / perMinute) * 60_000), cards, logsPerCard: 2 });
    // The tick divides a minute, so a process's phase against every boundary is the same: the processes
    // are started afresh (at new random points of a tick) before each boundary, one phase sample each.
    for (let b = 1; b <= boundaries; b++) {
      startProcesses();
      while ((await setup.emailJob.count({ where: { status: "SENT" } })) < b * perMinute) await new Promise((r) => setTimeout(r, 500));
      await stopProcesses();
    }
    const latencyCount = boundaries * perMinute;
    const rows = await setup.$queryRaw<{ ms: number; queuedMs: number }[]>`
      SELECT extract(epoch FROM (j."sentAt" - s."dueAt")) * 1000 AS ms, extract(epoch FROM (j."createdAt" - s."dueAt")) * 1000 AS "queuedMs"
      FROM "ReminderSend" s JOIN "EmailJob" j ON j."messageId" = s."messageId"`;
    const latencies = rows.map((r) => Number(r.ms)).sort((a, b) => a - b);
    const queued = rows.map((r) => Number(r.queuedMs)).sort((a, b) => a - b);

    // 2. Throughput: many learners due at once (their time passed a minute ago).
    const learners = quick ? 200 : 2_000;
    const lastMinute = minuteOfDay(Date.now() - 60_000);
    await addLearners(setup, { count: learners, tag: "throughput", minuteOf: () => lastMinute, cards, logsPerCard: 2 });
    await setup.$executeRawUnsafe("VACUUM ANALYZE");
    const before = smtp.received.length;
    startProcesses();
    // Timed from the first tick that decides any of them (the schedulers start at random points of a tick).
    while ((await setup.reminderSend.count()) === latencyCount) await new Promise((r) => setTimeout(r, 100));
    const startedMs = Date.now();
    while ((await setup.reminderSend.count()) < latencyCount + learners) await new Promise((r) => setTimeout(r, 100));
    const decideSeconds = (Date.now() - startedMs) / 1000;
    while (smtp.received.length - before < learners) await new Promise((r) => setTimeout(r, 200));
    const seconds = (Date.now() - startedMs) / 1000;
    await stopProcesses();

    return {
      tickMs: REMINDER_TICK_MS,
      processes: PROCESSES,
      latency: { reminders: latencies.length, p50Ms: quantile(latencies, 0.5), p99Ms: quantile(latencies, 0.99), maxMs: latencies[latencies.length - 1] },
      queued: { p50Ms: quantile(queued, 0.5), p99Ms: quantile(queued, 0.99), maxMs: queued[queued.length - 1] },
      throughput: { learners, cardsEach: cards, seconds, perMinute: (learners / seconds) * 60, decideSeconds },
    };
  } finally {
    await stopProcesses();
    await setup.$disconnect();
    await smtp.close();
    await server.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}
