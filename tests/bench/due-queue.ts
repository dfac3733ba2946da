// Bench 4 — the due queue at scale: 20M cards (200k with --quick), seeded by tests/bench/lib/population.ts.
//
// The SQL is the review page's own: lib/reviews/get-review-queue.ts is run once through a client made
// as the app makes its own (createPrisma), and the statements it sends are read on that client's pg
// pool, where both Prisma's queries and the hot path's prepared statements go
// (tests/helpers/pool-statements.ts). The statement that fetches the due cards is then replayed in
// raw pg for a sample of learners as the app sends it (a named prepared statement: after its first
// runs on a connection PostgreSQL may keep a generic plan and plan it no more), with 8 clients in a
// closed loop, timed by the client and, in a second run, inside PostgreSQL (EXPLAIN ANALYZE EXECUTE's
// planning + execution time of the same statement prepared on each connection, same 8 clients).
// Baseline in the same run: a primary-key read of one card on the same table and clients. Its plan (EXPLAIN ANALYZE) is printed
// and the run exits non-zero if any queue statement reads Card with a sequential scan. Then the same
// function through the app's client (its statements, as the page runs them), and the page itself: GET
// /review for signed-in learners three days away (a backlog), against GET /bench-empty, an empty page
// with the same layout and session check, from the same server.
import { createPrisma, poolOf } from "@/lib/db/client";
import { utcTimestamp } from "@/lib/db/sql";
import { getReviewQueue } from "@/lib/reviews/get-review-queue";
import { recordPoolStatements } from "../helpers/pool-statements";
import { getAppStack, type PopulationSummary } from "./lib/app-stack";
import { httpAgent, request, runLoad, type LoadResult } from "./lib/load";
import { benchPool } from "./http-load";
import { int, ms, ratio, summarize, type LatencySummary } from "./lib/stats";

const CLIENTS = 8;

interface Statement {
  /** The prepared statement's name; undefined for an unnamed one (Prisma's). */
  name?: string;
  query: string;
  params: unknown[];
}

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}

/** The statement with the probe's user id and instant replaced by another learner's and now's. */
function bind(statement: Statement, probe: { userId: string; now: string }, userId: string, now: Date): unknown[] {
  // An instant goes in as an ISO string (Prisma's own queries) or as UTC wall time (our raw ones, lib/db/sql.ts).
  return statement.params.map((p) =>
    p === probe.userId ? userId : p === probe.now ? now.toISOString() : p === utcTimestamp(new Date(probe.now)) ? utcTimestamp(now) : p,
  );
}

export interface QueueResult {
  cards: number;
  learners: number;
  population: Omit<PopulationSummary, "sampleLearnerIds">;
  dueCardsPerLearner: { p50: number; p90: number; max: number };
  mainQuery: string;
  /** Statements getReviewQueue sends, counted on the client's pool (goal ≤ 2). */
  statements: number;
  plan: string[];
  scans: { statement: string; scans: string[] }[];
  seqScanOnCard: boolean;
  executionMsInExplain: number;
  queueQuery: LoadResult;
  /** Planning + execution inside PostgreSQL, from EXPLAIN ANALYZE, with the same 8 clients. */
  insideDatabase: LatencySummary;
  primaryKeyRead: LoadResult;
  /** getReviewQueue through a client made as the app makes its own (its statement through pg on the pool). */
  appQueue: LoadResult;
  reviewPage: { page: LatencySummary; ttfb: LatencySummary; learnersDue: number[] };
  emptyPage: { page: LatencySummary; ttfb: LatencySummary };
}

export async function dueQueueBench({ quick }: { quick: boolean }): Promise<QueueResult> {
  const stack = await getAppStack({ quick, population: true });
  const population = stack.population!;
  const durationMs = quick ? 5_000 : 15_000;
  const pool = benchPool(stack.databaseUrl, CLIENTS);
  // The app's own kind of client: the queue's statement goes through pg on its pool (poolOf).
  const prisma = createPrisma(stack.databaseUrl, CLIENTS);
  const recorder = recordPoolStatements(poolOf(prisma));
  try {
    const sample = population.sampleLearnerIds;
    const { rows: dueRows } = await pool.query<{ userId: string; due: number }>(
      `SELECT u."id" AS "userId", (SELECT count(*) FROM "Card" c WHERE c."userId" = u."id" AND NOT c."suspended" AND c."due" <= $2)::int AS due
         FROM unnest($1::uuid[]) AS u("id") ORDER BY 2`,
      [sample, new Date().toISOString().slice(0, 23)],
    );
    const dueCounts = dueRows.map((r) => r.due);
    // The plan is read for a learner with a typical backlog: the median.
    const probeUser = dueRows[Math.floor(dueRows.length / 2)]!.userId;
    const probeNow = new Date();
    recorder.recording = true;
    await getReviewQueue({ db: prisma, actor: { id: probeUser, role: "LEARNER" }, now: probeNow });
    recorder.recording = false;
    const captured: Statement[] = recorder.statements.map((s) => ({ name: s.name, query: s.text, params: s.values }));
    const probe = { userId: probeUser, now: probeNow.toISOString() };
    const onCard = captured.filter((s) => s.query.includes(`"Card"`));
    const main = onCard.find((s) => /LIMIT/.test(s.query) && /stability/.test(s.query));
    if (!main) throw new Error(`The due-cards statement was not among those getReviewQueue sent:\n${captured.map((s) => s.query).join("\n")}`);

    const scans: QueueResult["scans"] = [];
    let plan: string[] = [];
    let executionMsInExplain = 0;
    for (const statement of onCard) {
      const params = bind(statement, probe, probeUser, new Date());
      const { rows } = await pool.query<{ "QUERY PLAN": [{ Plan: PlanNode; "Execution Time": number }] }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${statement.query}`, params);
      const nodes = planNodes(rows[0]!["QUERY PLAN"][0].Plan);
      scans.push({
        statement: statement === main ? "due cards (the page's list)" : /COUNT/.test(statement.query) ? (/"state" IN/.test(statement.query) ? "count learning" : "count due") : "next due",
        scans: nodes.filter((n) => n["Relation Name"]).map((n) => `${n["Node Type"]} on ${n["Relation Name"]}${n["Index Name"] ? ` using ${n["Index Name"]}` : ""}`),
      });
      if (statement === main) {
        executionMsInExplain = rows[0]!["QUERY PLAN"][0]["Execution Time"];
        const text = await pool.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, COSTS OFF) ${statement.query}`, params);
        plan = text.rows.map((r) => r["QUERY PLAN"]);
      }
    }
    const seqScanOnCard = scans.some((s) => s.scans.some((x) => x.startsWith("Seq Scan on Card")));

    let nextLearner = 0;
    const queueQuery = await runLoad({
      concurrency: CLIENTS,
      durationMs,
      warmupMs: 1_000,
      operation: async () => {
        const userId = sample[nextLearner++ % sample.length]!;
        const values = bind(main, probe, userId, new Date());
        await pool.query(main.name ? { name: main.name, text: main.query, values } : { text: main.query, values });
      },
    });
    const inside: number[] = [];
    // A named statement is timed as prepared (SQL PREPARE once per connection, then EXPLAIN ANALYZE
    // EXECUTE), so that its planning is counted as the app's connections pay it.
    const preparedOn = new WeakSet<object>();
    const queueQueryInside = await runLoad({
      concurrency: CLIENTS,
      durationMs,
      warmupMs: 500,
      operation: async () => {
        const userId = sample[nextLearner++ % sample.length]!;
        const values = bind(main, probe, userId, new Date());
        const client = await pool.connect();
        try {
          let explain: string;
          if (main.name) {
            if (!preparedOn.has(client)) {
              await client.query(`PREPARE bench_queue AS ${main.query}`);
              preparedOn.add(client);
            }
            const literal = (v: unknown) => (v === null ? "NULL" : client.escapeLiteral(String(v)));
            explain = `EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE bench_queue(${values.map(literal).join(", ")})`;
          } else explain = `EXPLAIN (ANALYZE, FORMAT JSON) ${main.query}`;
          const { rows } = await client.query<{ "QUERY PLAN": [{ "Planning Time"?: number; "Execution Time": number }] }>(main.name ? explain : { text: explain, values });
          const timing = rows[0]!["QUERY PLAN"][0];
          inside.push((timing["Planning Time"] ?? 0) + timing["Execution Time"]);
        } finally {
          client.release();
        }
      },
    });
    const { rows: cardIds } = await pool.query<{ id: string }>(`SELECT "id" FROM "Card" TABLESAMPLE SYSTEM (1) LIMIT 2000`);
    let nextCard = 0;
    const primaryKeyRead = await runLoad({
      concurrency: CLIENTS,
      durationMs,
      warmupMs: 1_000,
      operation: async () => {
        await pool.query(`SELECT * FROM "Card" WHERE "id" = $1`, [cardIds[nextCard++ % cardIds.length]!.id]);
      },
    });
    const appQueue = await runLoad({
      concurrency: CLIENTS,
      durationMs,
      warmupMs: 1_000,
      operation: async () => {
        await getReviewQueue({ db: prisma, actor: { id: sample[nextLearner++ % sample.length]!, role: "LEARNER" } });
      },
    });

    // The page, one request at a time (its server time, not a load test), alternating with the empty page.
    const agent = httpAgent(1);
    const rounds = quick ? 16 : 48;
    const review: number[] = [];
    const reviewTtfb: number[] = [];
    const empty: number[] = [];
    const emptyTtfb: number[] = [];
    const { rows: pageDue } = await pool.query<{ due: number }>(
      `SELECT (SELECT count(*) FROM "Card" c WHERE c."userId" = u."id" AND NOT c."suspended" AND c."due" <= $2)::int AS due FROM unnest($1::uuid[]) AS u("id")`,
      [stack.pageLearners.map((l) => l.id), new Date().toISOString().slice(0, 23)],
    );
    for (let i = -4; i < rounds; i++) {
      const learner = stack.pageLearners[(i + 8) % stack.pageLearners.length]!;
      for (const [path, total, ttfb] of [["/review", review, reviewTtfb], ["/bench-empty", empty, emptyTtfb]] as const) {
        const t0 = performance.now();
        const res = await request(agent, new URL(path, stack.baseURL), { headers: { cookie: learner.cookie, "accept-encoding": "gzip" } });
        const elapsed = performance.now() - t0;
        if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
        if (i < 0) continue;
        total.push(elapsed);
        ttfb.push(res.ttfbMs);
      }
    }
    agent.destroy();

    const sorted = dueCounts.slice().sort((a, b) => a - b);
    const { sampleLearnerIds: _sample, ...seeded } = population;
    const result: QueueResult = {
      cards: population.cards,
      learners: population.learners,
      population: seeded,
      dueCardsPerLearner: { p50: sorted[Math.floor(sorted.length / 2)]!, p90: sorted[Math.floor(sorted.length * 0.9)]!, max: sorted[sorted.length - 1]! },
      mainQuery: main.query,
      statements: captured.length,
      plan,
      scans,
      seqScanOnCard,
      executionMsInExplain,
      queueQuery,
      insideDatabase: summarize(inside.slice(-queueQueryInside.requests)),
      primaryKeyRead,
      appQueue,
      reviewPage: { page: summarize(review), ttfb: summarize(reviewTtfb), learnersDue: pageDue.map((r) => r.due) },
      emptyPage: { page: summarize(empty), ttfb: summarize(emptyTtfb) },
    };
    print(result, durationMs);
    if (seqScanOnCard) {
      console.error("\n✖ A due-queue statement reads Card with a sequential scan (see the plans above): the queue would not scale.\n");
      process.exitCode = 1;
    }
    return result;
  } finally {
    await prisma.$disconnect();
    await pool.end();
  }
}

function print(r: QueueResult, durationMs: number) {
  console.log(
    `\n4. Due queue at ${int(r.cards)} cards (${int(r.learners)} learners; due now per learner: median ${r.dueCardsPerLearner.p50}, p90 ${r.dueCardsPerLearner.p90}, max ${r.dueCardsPerLearner.max}); ${CLIENTS} clients, ${durationMs / 1000} s each`,
  );
  const p = r.population;
  console.log(
    `   seeded (tests/bench/lib/population.ts, as npm run seed:scale): ${int(p.seedSeconds)} s at ${int(p.rowsPerSecond)} rows/s, then ${int(p.rebuildSeconds)} s rebuilding the dropped indexes; ` +
      `${p.meanReviewsPerCard.toFixed(1)} simulated reviews per card; sizes after VACUUM ANALYZE:`,
  );
  console.table(p.sizes.map((s) => ({ table: s.table, rows: int(s.rows), MiB: int(s.totalBytes / 2 ** 20), "bytes/row (indexes included)": Math.round(s.bytesPerRow) })));
  const row = (what: string, l: LoadResult, base?: LoadResult) => ({
    measure: what,
    "per s": l.throughput.toFixed(0),
    "p50 ms": ms(l.latency.p50Ms, 3),
    "p99 ms": ms(l.latency.p99Ms, 3),
    "p99 × PK read": base ? ratio(l.latency.p99Ms, base.latency.p99Ms) : "1.00",
  });
  console.table([
    row("due-cards query, raw pg (the page's SQL)", r.queueQuery, r.primaryKeyRead),
    {
      measure: "  the same, inside PostgreSQL (plan + execute)",
      "per s": "",
      "p50 ms": ms(r.insideDatabase.p50Ms, 3),
      "p99 ms": ms(r.insideDatabase.p99Ms, 3),
      "p99 × PK read": "",
    },
    row("baseline: Card primary-key read", r.primaryKeyRead),
    row(`getReviewQueue through the app's client (${r.statements} statement${r.statements === 1 ? "" : "s"})`, r.appQueue, r.primaryKeyRead),
  ]);
  console.log(`   plan of the due-cards query (EXPLAIN ANALYZE, median learner; ${r.executionMsInExplain.toFixed(3)} ms in the executor):`);
  for (const line of r.plan) console.log(`     ${line}`);
  for (const s of r.scans) console.log(`   ${s.statement}: ${s.scans.join("; ")}`);
  console.log(`   review page server time (GET /review, ${r.reviewPage.page.count} requests one at a time, learners 3 days away with ${r.reviewPage.learnersDue.join(", ")} cards due):`);
  console.table([
    { page: "/review", "p50 ms": ms(r.reviewPage.page.p50Ms, 1), "p95 ms": ms(r.reviewPage.page.p95Ms, 1), "TTFB p50 ms": ms(r.reviewPage.ttfb.p50Ms, 1), "× empty (p50)": ratio(r.reviewPage.page.p50Ms, r.emptyPage.page.p50Ms) },
    { page: "/bench-empty (same layout)", "p50 ms": ms(r.emptyPage.page.p50Ms, 1), "p95 ms": ms(r.emptyPage.page.p95Ms, 1), "TTFB p50 ms": ms(r.emptyPage.ttfb.p50Ms, 1), "× empty (p50)": "1.00" },
  ]);
  console.log(
    `   goals at 20M cards, 8 clients: due-cards query p99 ≤ 2 ms in the database (${ms(r.insideDatabase.p99Ms, 2)}), an index scan (${r.seqScanOnCard ? "no" : "yes"}); ` +
      `getReviewQueue ≤ 2 statements (${r.statements}) and p99 ≤ 10 ms through the app's client (${ms(r.appQueue.latency.p99Ms, 1)})`,
  );
}
