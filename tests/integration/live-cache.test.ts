// The per-process live-content cache (lib/content/live-cache.ts) against a real PostgreSQL: a sync's
// NOTIFY empties it, and when the notification is lost the content version catches the change. The
// cache and the sync use separate connections, as two server processes would. Its own database: the
// syncs here retire whatever content is not in their folder.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadContent } from "@/lib/content/load";
import { createLiveCache, LISTENER_APPLICATION_NAME, readContentVersion, type LiveCache, type LiveCacheOptions } from "@/lib/content/live-cache";
import { syncContent } from "@/lib/content/sync";
import { createPrisma, type Db } from "@/lib/db/client";
import { DEFAULT_MIGRATIONS_DIR } from "@/lib/db/migrations";
import { applyMigrations } from "@/lib/db/schema-engine";
import { createScratchDatabase } from "./helpers/db";

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
/** The syncing side ("process A"). */
let writer: Db;
/** The cache's own reads ("process B"). */
let reader: Db;
let root: string;
const caches: LiveCache[] = [];
const QUESTION = "live-lesson.q1";

function writeContent(prompt: string) {
  writeFileSync(path.join(root, "topics.json"), JSON.stringify([{ id: "live-topic", title: "Live topic", description: "For the cache test." }]));
  const dir = path.join(root, "courses", "live-course", "lessons");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(root, "courses", "live-course", "course.json"), JSON.stringify({ id: "live-course", title: "Live", description: "Cache test course.", lessons: ["live-lesson"] }));
  writeFileSync(
    path.join(dir, "live-lesson.mdx"),
    `---\nid: live-lesson\ntitle: Live lesson\nlevel: middle\ntopics: [live-topic]\nsummary: Live.\nrelated: []\n---\n\n## Body\n\nText.\n\n` +
      `<MultipleChoice id="${QUESTION}" prompt="${prompt}" topics={["live-topic"]}>\n  <Choice correct explanation="A.">Alpha</Choice>\n  <Choice explanation="B.">Beta</Choice>\n</MultipleChoice>\n`,
  );
}

/** A content sync through the writer's own connections, as `npm run content:sync` in another process. */
async function syncPrompt(prompt: string) {
  writeContent(prompt);
  const content = await loadContent({ rootDir: root, compile: false });
  expect(content.problems.filter((p) => p.severity === "error")).toEqual([]);
  await syncContent({ prisma: writer, content });
}

function cache(options: Partial<LiveCacheOptions> = {}): LiveCache {
  const made = createLiveCache({ connectionString: scratch.url, readVersion: () => readContentVersion(reader), log: () => undefined, ...options });
  caches.push(made);
  return made;
}

/** The question's prompt through the cache, counting the reads that reach the database. */
function promptVia(live: LiveCache, counter = { reads: 0 }) {
  return live.get(`question:${QUESTION}`, async () => {
    counter.reads++;
    return reader.question.findFirst({ where: { id: QUESTION, retiredAt: null }, select: { prompt: true } });
  });
}

/** Polls until the cache answers `prompt`; the milliseconds it took, or a failure after `timeoutMs`. */
async function waitForPrompt(live: LiveCache, prompt: string, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if ((await promptVia(live))?.prompt === prompt) return performance.now() - started;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`The cache still did not answer "${prompt}" after ${timeoutMs} ms: ${JSON.stringify((await promptVia(live))?.prompt)}`);
}

async function until(condition: () => boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function terminateListeners(): Promise<number> {
  const admin = new pg.Client({ connectionString: scratch.url });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ ok: boolean }>(
      `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`,
      [LISTENER_APPLICATION_NAME],
    );
    return rows.filter((r) => r.ok).length;
  } finally {
    await admin.end();
  }
}

beforeAll(async () => {
  scratch = await createScratchDatabase("live_cache");
  await applyMigrations({ connectionString: scratch.url, migrationsDir: DEFAULT_MIGRATIONS_DIR });
  writer = createPrisma(scratch.url, 2);
  reader = createPrisma(scratch.url, 4);
  root = mkdtempSync(path.join(os.tmpdir(), "recall-live-cache-"));
  await syncPrompt("Version one?");
}, 120_000);
afterEach(async () => {
  await Promise.all(caches.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await writer?.$disconnect();
  await reader?.$disconnect();
  await scratch?.drop();
  rmSync(root, { recursive: true, force: true });
});

describe("live-content cache", () => {
  it("reads the database once per key, even for 20 requests fired together", async () => {
    const live = cache({ versionCheckMs: 60_000 });
    const counter = { reads: 0 };
    const prompts = await Promise.all(Array.from({ length: 20 }, () => promptVia(live, counter)));
    expect(new Set(prompts.map((p) => p?.prompt))).toEqual(new Set([(await reader.question.findUniqueOrThrow({ where: { id: QUESTION } })).prompt]));
    expect(counter.reads).toBe(1);
    await promptVia(live, counter);
    expect(counter.reads).toBe(1);
  });

  it("answers a sync made through other connections within 1 s, by its NOTIFY alone", async () => {
    // The version is compared only once a minute here: only the notification can be that fast.
    const live = cache({ versionCheckMs: 60_000 });
    const before = (await promptVia(live))?.prompt;
    const prompt = `Notified ${Date.now()}?`;
    expect(before).not.toBe(prompt);
    await syncPrompt(prompt);
    const ms = await waitForPrompt(live, prompt, 1_000);
    console.log(`  a sync reached the cache by NOTIFY in ${ms.toFixed(1)} ms`);
    expect(live.stats().invalidations.notification).toBe(1);
    expect(live.stats().version).toBe(await readContentVersion(reader));
  });

  it("catches a sync whose NOTIFY was lost while the LISTEN connection was down, by the version check after it reconnects", async () => {
    const live = cache({ versionCheckMs: 60_000, reconnectMs: { first: 3_000, max: 3_000 } });
    await promptVia(live);
    await until(() => live.stats().listening, 2_000, "the listener");
    expect(await terminateListeners()).toBe(1);
    await until(() => !live.stats().listening, 2_000, "the listener to notice it was cut");

    const prompt = `Missed ${Date.now()}?`;
    await syncPrompt(prompt);
    // Nobody heard the notification: the cache still holds the old prompt.
    expect((await promptVia(live))?.prompt).not.toBe(prompt);

    await waitForPrompt(live, prompt, 8_000);
    const stats = live.stats();
    expect(stats).toMatchObject({ listening: true, reconnects: 1, invalidations: { notification: 0, reconnect: 1, version: 0 } });
    expect(stats.version).toBe(await readContentVersion(reader));
  });

  it("catches a content change that sent no notification at all within its version-check interval", async () => {
    const live = cache({ versionCheckMs: 300 });
    await promptVia(live);
    const prompt = `Silent ${Date.now()}?`;
    // As if the NOTIFY had been lost on a connection that died without anyone noticing.
    await writer.$transaction([
      writer.question.update({ where: { id: QUESTION }, data: { prompt } }),
      writer.$executeRaw`UPDATE "ContentVersion" SET version = version + 1 WHERE id = 1`,
    ]);
    const ms = await waitForPrompt(live, prompt, 2_000);
    expect(ms).toBeLessThan(1_000);
    expect(live.stats().invalidations).toMatchObject({ notification: 0, version: 1 });
  });

  it("does not keep a missing key: content added by the next sync is found at once", async () => {
    const live = cache({ versionCheckMs: 60_000 });
    const counter = { reads: 0 };
    const missing = () => live.get("question:not-yet-written", async () => (counter.reads++, null));
    expect(await missing()).toBeNull();
    expect(await missing()).toBeNull();
    expect(counter.reads).toBe(2);
  });
});
