// npm run db:backup / db:restore (lib/db/backup.ts): a dump taken from a database with rows in every
// table, awkward values included, restores into a new empty database identical row by row — every
// table, the migrations and the sequences — and the restored database keeps working.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BackupError, backupDatabase, readBackupHeader, restoreDatabase } from "@/lib/db/backup";
import { createPrisma, type Db } from "@/lib/db/client";
import { DEFAULT_MIGRATIONS_DIR } from "@/lib/db/migrations";
import { applyMigrations } from "@/lib/db/schema-engine";
import { submitReview } from "@/lib/reviews/submit-review";
import { createScratchDatabase } from "./helpers/db";

type Scratch = Awaited<ReturnType<typeof createScratchDatabase>>;

const AWKWARD = `O'Brien "quoted" \\ back\\slash\nnew line\ttab — 日本語 🎉 \u0001`;
const T0 = new Date("2026-03-02T10:00:00.123Z");

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Every application table and, for each, every row as PostgreSQL prints the whole record, in a stable order. */
async function snapshot(url: string): Promise<Record<string, string[]>> {
  const tables = await query<{ name: string }>(
    url,
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY tablename`,
  );
  const out: Record<string, string[]> = {};
  for (const { name } of tables) {
    const rows = await query<{ r: string }>(url, `SELECT t::text AS r FROM "public"."${name}" t ORDER BY t::text COLLATE "C"`);
    out[name] = rows.map((r) => r.r);
  }
  return out;
}

const sequences = (url: string) =>
  query<{ name: string; last_value: string; is_called: boolean }>(
    url,
    `SELECT sequencename AS name, COALESCE(last_value, 0)::text AS last_value, last_value IS NOT NULL AS is_called FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`,
  );

const migrations = (url: string) =>
  query<{ migration_name: string; checksum: string }>(
    url,
    `SELECT migration_name, checksum FROM _prisma_migrations WHERE rolled_back_at IS NULL ORDER BY migration_name`,
  );

/** Rows in every table, with the values most likely to be bent by a dump: quotes, newlines, emoji, ms timestamps, doubles, bigints past 2^53, nested JSON, NULLs. */
async function populate(db: Db) {
  const course = await db.course.create({ data: { id: "obs", title: `Course ${AWKWARD}`, description: "d", contentHash: "h", position: 2, retiredAt: null } });
  await db.course.create({ data: { id: "old", title: "Retired", description: "", contentHash: "h2", retiredAt: T0 } });
  const topic = await db.topic.create({ data: { id: "sampling", title: "Sampling", description: AWKWARD } });
  const lesson = await db.lesson.create({
    data: {
      id: "obs/intro",
      courseId: course.id,
      slug: "intro",
      title: "Intro",
      level: "senior",
      summary: "s",
      position: 0,
      readingMinutes: 7,
      meta: { keyFigures: [{ label: "spans/s", value: 1.5e6 }], related: [], nested: { deep: { deeper: [null, true, "x"] } } },
      code: "var Component=(()=>{ return `<p>\\u00e9</p>` })();",
      plainText: AWKWARD,
      contentHash: "c",
      sourcePath: "content/obs/intro.mdx",
    },
  });
  await db.lessonTopic.create({ data: { lessonId: lesson.id, topicId: topic.id } });
  const mc = await db.question.create({
    data: {
      id: "intro.mc",
      lessonId: lesson.id,
      kind: "MULTIPLE_CHOICE",
      prompt: AWKWARD,
      payload: { kind: "MULTIPLE_CHOICE", multiple: false, choices: [{ id: "a", text: "8 bytes", correct: true, explanation: "é ✓" }, { id: "b", text: "16", correct: false, explanation: "" }] },
      answerHash: "a1",
      contentHash: "c1",
      position: 0,
    },
  });
  const fr = await db.question.create({
    data: {
      id: "intro.fr",
      lessonId: lesson.id,
      kind: "FREE_RECALL",
      prompt: "Why sample?",
      payload: { kind: "FREE_RECALL", answer: "Cost.", keyPoints: [{ text: "Cost", keywords: ["cost", "money"] }, { text: "Volume", keywords: ["volume"] }] },
      answerHash: "a2",
      contentHash: "c2",
      position: 1,
      retiredAt: null,
    },
  });
  await db.questionTopic.create({ data: { questionId: mc.id, topicId: topic.id } });
  await db.contentVersion.create({ data: { version: 7, changedAt: T0 } });
  const learner = await db.user.create({
    data: {
      email: "ada@example.com",
      name: AWKWARD,
      passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
      timezone: "Pacific/Chatham",
      dayStartHour: 23,
      desiredRetention: 0.1 + 0.2,
      fsrsParams: [0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542],
      fsrsFitReport: { before: 0.4012345678901234, after: 1e-300, reviews: 1234, when: T0.toISOString() },
      tokenVersion: 3,
    },
  });
  const instructor = await db.user.create({ data: { email: "grace@example.com", name: "Grace", passwordHash: "x", role: "INSTRUCTOR", fsrsParams: undefined } });
  // Real answers: cards and logs as the app writes them (jsonb snapshots, bigint ids from the sequence).
  const user = learner;
  const first = await submitReview({
    db,
    actor: user,
    now: T0,
    enableFuzz: false,
    input: { questionId: mc.id, response: { kind: "MULTIPLE_CHOICE", choiceIds: ["a"] }, rating: 3, durationMs: 4200, idempotencyKey: randomUUID(), sessionId: "s1", source: "lesson", expectedVersion: null },
  });
  await submitReview({
    db,
    actor: user,
    now: new Date(T0.getTime() + 86_400_000),
    enableFuzz: false,
    input: { questionId: mc.id, response: { kind: "MULTIPLE_CHOICE", choiceIds: ["b"] }, rating: 1, durationMs: 0, idempotencyKey: randomUUID(), sessionId: "s2", source: "review", expectedVersion: first.version },
  });
  await submitReview({
    db,
    actor: user,
    now: T0,
    enableFuzz: false,
    input: { questionId: fr.id, response: { kind: "FREE_RECALL", text: AWKWARD }, rating: 4, durationMs: 86_400_000, idempotencyKey: randomUUID(), sessionId: "s1", source: "lesson", expectedVersion: null },
  });
  // The learner's progress row (started at T0, not completed) comes from that first answer in the lesson.
  await db.lessonProgress.create({ data: { userId: instructor.id, lessonId: lesson.id, startedAt: T0, completedAt: new Date(T0.getTime() + 1) } });
  const cohort = await db.cohort.create({ data: { name: `Cohort ${AWKWARD}`, joinCode: "K7QXM4PD" } });
  await db.cohortCourse.create({ data: { cohortId: cohort.id, courseId: course.id, targetDate: new Date("2027-03-31T00:00:00Z") } });
  await db.cohortMember.createMany({
    data: [
      { cohortId: cohort.id, userId: instructor.id, role: "INSTRUCTOR" },
      { cohortId: cohort.id, userId: learner.id, role: "LEARNER" },
    ],
  });
  await db.auditLog.create({
    data: { actorId: instructor.id, actorEmail: "grace@example.com", action: "role.change", targetUserId: learner.id, targetEmail: "ada@example.com", details: { from: "LEARNER", to: "AUTHOR", note: AWKWARD }, address: "203.0.113.9", createdAt: T0 },
  });
  await db.auditLog.create({ data: { actorEmail: "(command line)", action: "account.disable", cohortId: cohort.id, details: {}, address: "command line" } });
  await db.user.update({ where: { id: instructor.id }, data: { disabledAt: new Date(T0.getTime() + 1) } });
  await db.rateLimitHit.create({ data: { key: "signin:ip:127.0.0.1", createdAt: T0 } });
  // A bigint JavaScript numbers cannot hold exactly.
  await db.rateLimitHit.create({ data: { id: 9_007_199_254_740_993n, key: "join:user:x" } });
  await db.passwordResetToken.create({ data: { userId: learner.id, tokenHash: "ab".repeat(32), expiresAt: new Date(T0.getTime() + 1_800_000) } });
  await db.passwordResetToken.create({ data: { userId: learner.id, tokenHash: "cd".repeat(32), expiresAt: T0, usedAt: T0 } });
  await db.emailJob.create({ data: { to: "ada@example.com", subject: `Reset ${AWKWARD}`, text: AWKWARD, messageId: "m1@recall", runAt: T0 } });
  await db.emailJob.create({ data: { to: "grace@example.com", subject: "Sent", text: "", status: "SENT", attempts: 2, lastError: null, sentAt: T0, messageId: "m2@recall" } });
  await db.emailJob.create({ data: { to: "ada@example.com", subject: "23 cards due", text: AWKWARD, headers: { "List-Unsubscribe": "<https://recall.example/api/unsubscribe?token=x>", note: AWKWARD }, messageId: "m3@recall", runAt: T0 } });
  await db.emailVerificationToken.create({ data: { userId: learner.id, tokenHash: "ef".repeat(32), expiresAt: new Date(T0.getTime() + 86_400_000) } });
  await db.reminderSend.create({ data: { userId: learner.id, kind: "REVIEW", period: "2026-12-03", dueAt: T0, items: 23, messageId: "m3@recall", unsubscribeTokenHash: "01".repeat(32) } });
  await db.reminderSend.create({ data: { userId: instructor.id, kind: "DIGEST", period: "2026-W49", dueAt: T0, items: 0 } });
  // Identities from single sign-on; a provider's subject is an opaque string, digits past 2^53 included.
  await db.account.create({ data: { userId: learner.id, provider: "oidc", providerAccountId: "9007199254740993", createdAt: T0 } });
  await db.account.create({ data: { userId: learner.id, provider: "github", providerAccountId: `gh-${AWKWARD.slice(0, 20)}` } });
  return { learner, mc, fr };
}

describe("db:backup and db:restore", () => {
  let dir: string;
  let source: Scratch;
  let sourceDb: Db;
  let learnerId: string;
  let frId: string;
  const scratches: Scratch[] = [];
  const scratch = async (prefix: string) => {
    const s = await createScratchDatabase(prefix);
    scratches.push(s);
    return s;
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "recall-backup-test-"));
    source = await scratch("backup_source");
    await applyMigrations({ connectionString: source.url, migrationsDir: DEFAULT_MIGRATIONS_DIR });
    sourceDb = createPrisma(source.url, 2);
    const made = await populate(sourceDb);
    learnerId = made.learner.id;
    frId = made.fr.id;
  });

  afterAll(async () => {
    await sourceDb?.$disconnect();
    await Promise.all(scratches.map((s) => s.drop()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("restores into a new empty database every table row by row, the migrations and the sequences", async () => {
    const file = path.join(dir, "full.jsonl.gz");
    const report = await backupDatabase({ connectionString: source.url, file });
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    expect(report.rows.ReviewLog).toBe(3);
    // Parents before children, so the restore never trips a foreign key.
    const order = Object.keys(report.rows);
    expect(order.indexOf("User")).toBeLessThan(order.indexOf("Card"));
    expect(order.indexOf("Question")).toBeLessThan(order.indexOf("ReviewLog"));
    expect(order).not.toContain("_prisma_migrations");

    const target = await scratch("backup_target");
    const restored = await restoreDatabase({ connectionString: target.url, file, migrationsDir: DEFAULT_MIGRATIONS_DIR });
    expect(restored.rows).toEqual(report.rows);
    expect(restored.migratedBefore.length).toBeGreaterThan(0);

    const [before, after] = await Promise.all([snapshot(source.url), snapshot(target.url)]);
    // Every table has rows here, so every table's round trip is exercised (a new table needs rows in populate()).
    const empty = Object.entries(before).filter(([, rows]) => rows.length === 0).map(([name]) => name);
    expect(empty, "tables without rows in the source: add some to populate()").toEqual([]);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const table of Object.keys(before)) expect(after[table], table).toEqual(before[table]);
    expect(await migrations(target.url)).toEqual(await migrations(source.url));
    expect(await sequences(target.url)).toEqual(await sequences(source.url));

    // Exact values, not just equal text: a bigint past 2^53, a double's last digit, a JSON array of doubles.
    const [hit] = await query<{ id: string }>(target.url, `SELECT id::text FROM "RateLimitHit" WHERE key = 'join:user:x'`);
    expect(hit.id).toBe("9007199254740993");
    const [user] = await query<{ desiredRetention: number; fsrsParams: number[]; name: string }>(target.url, `SELECT "desiredRetention", "fsrsParams", name FROM "User" WHERE email = 'ada@example.com'`);
    expect(user.desiredRetention).toBe(0.1 + 0.2);
    expect(user.fsrsParams[20]).toBe(0.1542);
    expect(user.name).toBe(AWKWARD);
  });

  it("keeps working after a restore: a new answer gets a fresh ReviewLog id, no collision", async () => {
    const file = path.join(dir, "working.jsonl");
    await backupDatabase({ connectionString: source.url, file });
    const target = await scratch("backup_working");
    await restoreDatabase({ connectionString: target.url, file, migrationsDir: DEFAULT_MIGRATIONS_DIR });
    const db = createPrisma(target.url, 2);
    try {
      const maxBefore = (await db.reviewLog.aggregate({ _max: { id: true } }))._max.id ?? 0n;
      const card = await db.card.findUniqueOrThrow({ where: { userId_questionId: { userId: learnerId, questionId: frId } } });
      const result = await submitReview({
        db,
        actor: { id: learnerId, role: "LEARNER" },
        enableFuzz: false,
        input: { questionId: frId, response: { kind: "FREE_RECALL", text: "" }, rating: 3, durationMs: 1, idempotencyKey: randomUUID(), sessionId: "after", source: "review", expectedVersion: card.version },
      });
      expect(result.duplicate).toBe(false);
      expect(BigInt(result.reviewLogId)).toBeGreaterThan(maxBefore);
      await db.rateLimitHit.create({ data: { key: "after-restore" } });
      await db.user.create({ data: { email: "new@example.com", name: "New", passwordHash: "x" } });
    } finally {
      await db.$disconnect();
    }
  });

  it("refuses a database that has rows, names them, and replaces them only with force", async () => {
    const file = path.join(dir, "force.jsonl");
    await backupDatabase({ connectionString: source.url, file });
    const target = await scratch("backup_force");
    await restoreDatabase({ connectionString: target.url, file, migrationsDir: DEFAULT_MIGRATIONS_DIR });
    await query(target.url, `INSERT INTO "Topic" (id, title, description) VALUES ('extra', 'Extra', '')`);

    const refusal = await restoreDatabase({ connectionString: target.url, file, migrationsDir: DEFAULT_MIGRATIONS_DIR }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(BackupError);
    expect((refusal as Error).message).toMatch(/not empty \(rows in .*Topic.*\).*--force/);
    expect(await query(target.url, `SELECT 1 FROM "Topic" WHERE id = 'extra'`)).toHaveLength(1);

    const forced = await restoreDatabase({ connectionString: target.url, file, force: true, migrationsDir: DEFAULT_MIGRATIONS_DIR });
    expect(forced.replaced).toBe(true);
    expect(await snapshot(target.url)).toEqual(await snapshot(source.url));
    expect(await sequences(target.url)).toEqual(await sequences(source.url));
  });

  it("restores nothing from a truncated or damaged file", async () => {
    const file = path.join(dir, "whole.jsonl");
    await backupDatabase({ connectionString: source.url, file });
    const lines = (await fs.readFile(file, "utf8")).trimEnd().split("\n");
    const truncated = path.join(dir, "truncated.jsonl");
    await fs.writeFile(truncated, lines.slice(0, -3).join("\n") + "\n");
    const damaged = path.join(dir, "damaged.jsonl");
    await fs.writeFile(damaged, [...lines.slice(0, 5), '["half a row', ...lines.slice(5)].join("\n") + "\n");
    const target = await scratch("backup_damaged");

    await expect(restoreDatabase({ connectionString: target.url, file: truncated, migrationsDir: DEFAULT_MIGRATIONS_DIR })).rejects.toThrow(/incomplete|says \d+ rows/);
    await expect(restoreDatabase({ connectionString: target.url, file: damaged, migrationsDir: DEFAULT_MIGRATIONS_DIR })).rejects.toThrow(/damaged\.jsonl:6 is not valid JSON/);
    await expect(restoreDatabase({ connectionString: target.url, file: path.join(dir, "missing.jsonl") })).rejects.toThrow(/No backup file/);
    const counts = await snapshot(target.url);
    expect(Object.values(counts).every((rows) => rows.length === 0)).toBe(true);
  });

  it("says a truncated .gz backup is damaged, exits 1 without a stack trace, and restores nothing (npm run db:restore)", async () => {
    const run = promisify(execFile);
    const tsx = path.resolve("node_modules/tsx/dist/cli.mjs");
    const whole = path.join(dir, "to-cut.jsonl.gz");
    await backupDatabase({ connectionString: source.url, file: whole });
    const bytes = await fs.readFile(whole);
    const cut = path.join(dir, "cut.jsonl.gz");
    await fs.writeFile(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const target = await scratch("backup_cut_gz");

    const failed = await run(process.execPath, [tsx, "scripts/db.ts", "restore", "--in", cut], { env: { ...process.env, DATABASE_URL: target.url } }).then(
      () => ({ code: 0, stderr: "" }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/✖ .*cut\.jsonl\.gz cannot be decompressed .*the backup is damaged \(nothing was restored\)/);
    expect(failed.stderr).not.toMatch(/\n\s+at |Z_BUF_ERROR|node:events/);
    const counts = await snapshot(target.url);
    expect(Object.values(counts).every((rows) => rows.length === 0)).toBe(true);
  });

  it("refuses a database at another migration point instead of loading rows into the wrong schema", async () => {
    const file = path.join(dir, "point.jsonl");
    await backupDatabase({ connectionString: source.url, file });
    const header = await readBackupHeader(file);
    const edited = path.join(dir, "other-point.jsonl");
    const text = await fs.readFile(file, "utf8");
    const other = { ...header, migrations: [...header.migrations, { name: "29991231000000_from_the_future", checksum: "0" }] };
    await fs.writeFile(edited, text.replace(/^.*\n/, `${JSON.stringify(other)}\n`));
    const target = await scratch("backup_point");
    await applyMigrations({ connectionString: target.url, migrationsDir: DEFAULT_MIGRATIONS_DIR });
    await expect(restoreDatabase({ connectionString: target.url, file: edited })).rejects.toThrow(/data at migration 29991231000000_from_the_future; this database is at/);
    await expect(restoreDatabase({ connectionString: target.url, file: edited, migrationsDir: DEFAULT_MIGRATIONS_DIR })).rejects.toThrow(/needs migration 29991231000000_from_the_future/);
  });

  it("takes a consistent snapshot while learners keep answering: every card matches its last log", async () => {
    const db = sourceDb;
    const user = { id: learnerId, role: "LEARNER" as const };
    let stop = false;
    let answered = 0;
    const writer = (async () => {
      while (!stop) {
        const card = await db.card.findUniqueOrThrow({ where: { userId_questionId: { userId: learnerId, questionId: frId } } });
        await submitReview({
          db,
          actor: user,
          enableFuzz: false,
          input: { questionId: frId, response: { kind: "FREE_RECALL", text: "x" }, rating: 3, durationMs: 1, idempotencyKey: randomUUID(), sessionId: "busy", source: "review", expectedVersion: card.version },
        });
        answered++;
      }
    })();
    const file = path.join(dir, "busy.jsonl");
    try {
      await new Promise((r) => setTimeout(r, 100));
      await backupDatabase({ connectionString: source.url, file });
    } finally {
      stop = true;
      await writer;
    }
    expect(answered).toBeGreaterThan(0);
    const target = await scratch("backup_busy");
    await restoreDatabase({ connectionString: target.url, file, migrationsDir: DEFAULT_MIGRATIONS_DIR });
    const mismatched = await query<{ id: string }>(
      target.url,
      `SELECT c.id FROM "Card" c JOIN LATERAL (SELECT "cardAfter" FROM "ReviewLog" l WHERE l."cardId" = c.id ORDER BY l.id DESC LIMIT 1) last ON true
        WHERE (last."cardAfter"->>'reps')::int <> c.reps OR (last."cardAfter"->>'stability')::float8 <> c.stability`,
    );
    expect(mismatched).toEqual([]);
  });

  it("works from the command line: npm run db:backup -- --out, npm run db:restore -- --in, refusal without --force", async () => {
    const run = promisify(execFile);
    const tsx = path.resolve("node_modules/tsx/dist/cli.mjs");
    const file = path.join(dir, "cli.jsonl.gz");
    const target = await scratch("backup_cli");
    const env = (url: string) => ({ ...process.env, DATABASE_URL: url });

    const backedUp = await run(process.execPath, [tsx, "scripts/db.ts", "backup", "--out", file], { env: env(source.url) });
    expect(backedUp.stdout).toMatch(/✔ Backed up \d+ rows .* to .*cli\.jsonl\.gz/);
    const restored = await run(process.execPath, [tsx, "scripts/db.ts", "restore", "--in", file], { env: env(target.url) });
    expect(restored.stdout).toMatch(/✔ Restored \d+ rows in \d+ tables/);
    expect(await snapshot(target.url)).toEqual(await snapshot(source.url));

    const again = await run(process.execPath, [tsx, "scripts/db.ts", "restore", "--in", file], { env: env(target.url) }).catch((e: { code: number; stderr: string }) => e);
    expect(again).toMatchObject({ code: 1, stderr: expect.stringMatching(/✖ The database is not empty .* --force/) });
  });
});
