// `npm run test:load [-- --quick] [-- --learners 200 --seconds 120 --think-ms 1000] [-- --only learners|two-processes]`
//
// 200 simulated learners (default) review for 2 minutes (--quick: 20 s) against the production build,
// through POST /api/reviews, on a private app and database (tests/load/app.ts). Each learner signs up
// and signs in over HTTP with its own X-Forwarded-For, then answers questions of the real content —
// right and wrong, every kind — with a random pause between answers, and now and then sends an answer
// twice (a double click or a retry after a lost response: same idempotency key).
//
// Afterwards the database is checked against what the learners were told: per learner, the ReviewLog
// rows are exactly the answers acknowledged with 201 (none lost, none extra), every repeat came back
// as a duplicate of the first, and every card equals the cardAfter of its latest log. Prints throughput
// and latency percentiles, writes .data/test-results/load.json, and exits 1 on any lost or duplicated
// review, any 5xx or network error, or any other non-2xx answer (the learners send only valid answers).
//
// Then two servers on one database (tests/load/two-processes.ts): content changes, sessions, the
// sign-in limit and 50 learners answering through both. `--only learners` or `--only two-processes`
// runs one of the two.
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { startApp, type AppInstance } from "./app";
import { answerFor, type QuestionRow } from "./answers";
import { HttpLearner, serverActionId } from "./http";
import { runTwoProcesses } from "./two-processes";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean" },
    learners: { type: "string" },
    seconds: { type: "string" },
    "think-ms": { type: "string" },
    only: { type: "string" },
  },
});
if (values.only !== undefined && values.only !== "learners" && values.only !== "two-processes") {
  console.error(`✖ --only takes learners or two-processes (got ${values.only})`);
  process.exit(2);
}
const LEARNERS = Number(values.learners ?? 200);
const SECONDS = Number(values.seconds ?? (values.quick ? 20 : 120));
/** Mean pause between two answers of one learner (uniform 0…2×mean). */
const THINK_MS = Number(values["think-ms"] ?? 1000);
const REPEAT_SHARE = 0.05;
const PASSWORD = "harbour lantern quietly";

interface LearnerStats {
  email: string;
  userId?: string;
  created: Set<string>;
  repeats: number;
  repeatMismatches: number;
}

const latencies: number[] = [];
const statusCounts = new Map<string, number>();
const failures: string[] = [];
function count(key: string) {
  statusCounts.set(key, (statusCounts.get(key) ?? 0) + 1);
}
function fail(message: string) {
  if (failures.length < 20) failures.push(message);
  count("failure");
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function pool<T>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i], i);
      }
    }),
  );
}

async function main(): Promise<number> {
  console.log(`▸ Starting a private Recall (production build, own PostgreSQL)…`);
  const app: AppInstance = await startApp();
  const stop = async () => {
    await app.close().catch(() => undefined);
  };
  process.once("SIGINT", () => void stop().then(() => process.exit(130)));
  const db = new pg.Client({ connectionString: app.databaseUrl });
  try {
    await db.connect();
    const questions = (await db.query<QuestionRow>(`SELECT id, kind, payload FROM "Question" WHERE "retiredAt" IS NULL ORDER BY id`)).rows;
    if (!questions.length) throw new Error("The content has no questions.");
    console.log(`▸ ${app.baseURL}: ${questions.length} questions. Signing up ${LEARNERS} learners over HTTP…`);

    const signUpId = serverActionId("signUpAction", "app/signup/actions.ts");
    const run = Date.now().toString(36);
    const learners = Array.from({ length: LEARNERS }, (_, i) => ({
      http: new HttpLearner(app.baseURL, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`),
      stats: { email: `load-${run}-${i}@example.com`, created: new Set<string>(), repeats: 0, repeatMismatches: 0 } as LearnerStats,
    }));
    const signUpStarted = Date.now();
    await pool(learners, 8, async ({ http, stats }, i) => {
      const made = await http.signUp(signUpId, { name: `Load learner ${i}`, email: stats.email, password: PASSWORD });
      if (!made.ok) throw new Error(`Sign-up ${i} refused: ${made.message}`);
      if (!(await http.signIn(stats.email, PASSWORD))) throw new Error(`Sign-in ${i} gave no session`);
    });
    const ids = await db.query<{ id: string; email: string }>(`SELECT id, email FROM "User" WHERE email LIKE $1`, [`load-${run}-%`]);
    const byEmail = new Map(ids.rows.map((r) => [r.email, r.id]));
    for (const l of learners) l.stats.userId = byEmail.get(l.stats.email);
    console.log(`▸ ${LEARNERS} learners signed up and in (${((Date.now() - signUpStarted) / 1000).toFixed(1)} s). Reviewing for ${SECONDS} s…`);

    const started = Date.now();
    const deadline = started + SECONDS * 1000;
    const progress = setInterval(() => {
      const done = latencies.length;
      process.stdout.write(`\r  ${Math.round((Date.now() - started) / 1000)} s: ${done} answers, ${(done / ((Date.now() - started) / 1000)).toFixed(0)}/s   `);
    }, 2000);
    await Promise.all(
      learners.map(async ({ http, stats }) => {
        const versions = new Map<string, number | null>();
        const sessionId = randomUUID();
        // Learners do not all start on the same millisecond.
        await new Promise((r) => setTimeout(r, Math.random() * THINK_MS));
        while (Date.now() < deadline) {
          const q = questions[Math.floor(Math.random() * questions.length)];
          const answer = answerFor(q, Math.random() < 0.8, sessionId, versions.get(q.id) ?? null);
          try {
            const res = await http.postReview<{ reviewLogId?: string; duplicate?: boolean; version?: number; error?: string }>(answer.body);
            latencies.push(res.ms);
            count(String(res.status));
            if (res.status === 201 && res.body.reviewLogId && !res.body.duplicate) {
              stats.created.add(res.body.reviewLogId);
              versions.set(q.id, res.body.version ?? null);
              if (Math.random() < REPEAT_SHARE) {
                const again = await http.postReview<{ reviewLogId?: string; duplicate?: boolean }>(answer.body);
                latencies.push(again.ms);
                count(String(again.status));
                stats.repeats++;
                if (again.status !== 200 || !again.body.duplicate || again.body.reviewLogId !== res.body.reviewLogId) {
                  stats.repeatMismatches++;
                  fail(`${stats.email}: a repeated answer got ${again.status} ${JSON.stringify(again.body).slice(0, 160)}`);
                }
              }
            } else {
              fail(`${stats.email}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
            }
          } catch (e) {
            count("network error");
            fail(`${stats.email}: ${(e as Error).message}`);
          }
          await new Promise((r) => setTimeout(r, Math.random() * 2 * THINK_MS));
        }
      }),
    );
    clearInterval(progress);
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write("\n");

    // ── what the database holds, against what the learners were told ──
    const logs = await db.query<{ userId: string; id: string }>(`SELECT "userId", id::text FROM "ReviewLog" WHERE "userId" = ANY($1::uuid[])`, [
      learners.map((l) => l.stats.userId).filter(Boolean),
    ]);
    const stored = new Map<string, Set<string>>();
    for (const r of logs.rows) {
      const set = stored.get(r.userId) ?? new Set<string>();
      set.add(r.id);
      stored.set(r.userId, set);
    }
    let lost = 0;
    let extra = 0;
    for (const { stats } of learners) {
      const inDb = stored.get(stats.userId ?? "") ?? new Set<string>();
      for (const id of stats.created) if (!inDb.has(id)) lost++;
      for (const id of inDb) if (!stats.created.has(id)) extra++;
    }
    const mismatched = await db.query<{ id: string }>(
      `SELECT c.id FROM "Card" c
         JOIN LATERAL (SELECT "cardAfter" FROM "ReviewLog" l WHERE l."cardId" = c.id ORDER BY l.id DESC LIMIT 1) last ON true
        WHERE c."userId" = ANY($1::uuid[])
          AND ((last."cardAfter"->>'reps')::int <> c.reps OR (last."cardAfter"->>'lapses')::int <> c.lapses
               OR (last."cardAfter"->>'state') <> c.state::text OR (last."cardAfter"->>'stability')::float8 <> c.stability
               OR (last."cardAfter"->>'due')::timestamptz <> (c.due AT TIME ZONE 'UTC'))`,
      [learners.map((l) => l.stats.userId).filter(Boolean)],
    );

    const sorted = [...latencies].sort((a, b) => a - b);
    const created = learners.reduce((n, l) => n + l.stats.created.size, 0);
    const repeats = learners.reduce((n, l) => n + l.stats.repeats, 0);
    const fiveXX = [...statusCounts].filter(([k]) => /^5\d\d$/.test(k)).reduce((n, [, v]) => n + v, 0);
    const non2xx = [...statusCounts].filter(([k]) => /^\d{3}$/.test(k) && !/^2/.test(k)).reduce((n, [, v]) => n + v, 0);
    const networkErrors = statusCounts.get("network error") ?? 0;
    const report = {
      learners: LEARNERS,
      seconds: Number(seconds.toFixed(1)),
      thinkMsMean: THINK_MS,
      requests: latencies.length,
      statuses: Object.fromEntries(statusCounts),
      reviewsRecorded: created,
      repeatsSent: repeats,
      reviewLogRows: logs.rowCount,
      lost,
      duplicated: extra,
      cardsNotMatchingLastLog: mismatched.rowCount,
      throughputRequestsPerSecond: Number((latencies.length / seconds).toFixed(1)),
      throughputReviewsPerSecond: Number((created / seconds).toFixed(1)),
      latencyMs: {
        p50: Number(percentile(sorted, 50).toFixed(1)),
        p95: Number(percentile(sorted, 95).toFixed(1)),
        p99: Number(percentile(sorted, 99).toFixed(1)),
        max: Number((sorted.at(-1) ?? 0).toFixed(1)),
      },
      failures,
    };
    const resultsDir = path.resolve(".data/test-results");
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(path.join(resultsDir, "load.json"), `${JSON.stringify(report, null, 2)}\n`);

    console.log(`\n━━ load: ${LEARNERS} learners, ${report.seconds} s, mean pause ${THINK_MS} ms ━━`);
    console.log(`requests          ${report.requests} (${Object.entries(report.statuses).map(([k, v]) => `${k}: ${v}`).join(", ")})`);
    console.log(`throughput        ${report.throughputRequestsPerSecond} requests/s, ${report.throughputReviewsPerSecond} reviews recorded/s`);
    console.log(`latency           p50 ${report.latencyMs.p50} ms, p95 ${report.latencyMs.p95} ms, p99 ${report.latencyMs.p99} ms, max ${report.latencyMs.max} ms`);
    console.log(`recorded          ${created} answers acknowledged (201), ${logs.rowCount} ReviewLog rows; ${repeats} repeats answered as duplicates`);
    console.log(`lost / duplicated ${lost} / ${extra}; cards not matching their last log: ${mismatched.rowCount}`);
    for (const f of failures) console.log(`  ✖ ${f}`);
    const ok = lost === 0 && extra === 0 && fiveXX === 0 && non2xx === 0 && networkErrors === 0 && mismatched.rowCount === 0 && failures.length === 0 && created > 0;
    console.log(ok ? "✔ no error, no lost or duplicated review" : "✖ the load test failed (see above); the report is in .data/test-results/load.json");
    if (!ok) console.log(`\nLast lines of the app's output:\n${app.tail(20)}`);
    return ok ? 0 : 1;
  } finally {
    await db.end().catch(() => undefined);
    await stop();
  }
}

async function all(): Promise<number> {
  const learnersCode = values.only === "two-processes" ? 0 : await main();
  const twoOk = values.only === "learners" ? true : await runTwoProcesses();
  return learnersCode === 0 && twoOk ? 0 : 1;
}

all().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`✖ ${(e as Error).stack ?? e}`);
    process.exit(1);
  },
);
