// Bench 3 — review submission under load, and bench 7 — the server's memory meanwhile.
//
// Virtual learners (8, then 32; one signed-in learner each, answering one card after another, as a
// person does) POST /api/reviews to the production server for 30 s (5 s with --quick) after a short
// warm-up. The baseline, in the same run and on the same database and learners: the same transaction
// in raw `pg` (BEGIN; SELECT the card FOR UPDATE; schedule it with the same FSRS code; UPDATE it;
// INSERT the review log; COMMIT) on a pool of the app's size (10 connections), with no HTTP, session,
// validation or idempotency look-ups. Memory: VmRSS of the `next start` process (and children) at idle
// and sampled every 200 ms under the app's load.
import { randomUUID } from "node:crypto";
import pg from "pg";
import type { QuestionKind, QuestionPayload, QuestionResponse } from "@/lib/quiz/types";
import { isRatingAllowed } from "@/lib/quiz/grade";
import { gradeResponse } from "@/lib/reviews/grade-answer";
import { toSrsCardSnapshot } from "@/lib/srs/card-fields";
import { DEFAULT_DAY_OPTIONS } from "@/lib/srs/day";
import { isLeech, reviewCard, type CardState, type Rating, type SrsCard } from "@/lib/srs/scheduler";
import { DEFAULT_RATING_MODEL } from "@/lib/srs/simulate";
import { mulberry32, pickWeighted } from "@/lib/srs/random";
import { cpuMs, getAppStack, residentBytes, type AppStack, type BenchLearner } from "./lib/app-stack";
import { httpAgent, request, runLoad, type LoadResult } from "./lib/load";
import { poolConfig, responseFor } from "./lib/population";
import { ms, MiB, ratio } from "./lib/stats";

const CONCURRENCY = [8, 32] as const;
/** The app's pool size (lib/db/client.ts createPrisma's default), given to the raw baseline too. */
const POOL_SIZE = 10;
const RIGHT_SHARE = 0.85;

interface LearnerCard {
  questionId: string;
  version: number;
  kind: QuestionKind;
  answerHash: string;
  right: QuestionResponse;
  wrong: QuestionResponse;
  rightIsCorrect: boolean;
  wrongIsCorrect: boolean;
}

interface VirtualLearner {
  learner: BenchLearner;
  cards: LearnerCard[];
  next: number;
  sessionId: string;
  random: () => number;
}

/** timestamp columns hold UTC wall time: read them as UTC whatever the machine's zone. */
function utcTypes(): pg.CustomTypesConfig {
  return { getTypeParser: ((oid: number, format?: string) => (oid === 1114 ? (v: string) => new Date(`${v.replace(" ", "T")}Z`) : pg.types.getTypeParser(oid, format as "text"))) as pg.CustomTypesConfig["getTypeParser"] };
}

export function benchPool(url: string, max: number): pg.Pool {
  return new pg.Pool({ ...poolConfig(url, max), types: utcTypes() });
}

async function loadLearners(pool: pg.Pool, learners: BenchLearner[]): Promise<VirtualLearner[]> {
  return Promise.all(
    learners.map(async (learner, i) => {
      const { rows } = await pool.query<{ questionId: string; version: number; kind: QuestionKind; payload: QuestionPayload; answerHash: string }>(
        `SELECT c."questionId", c."version", q."kind"::text AS kind, q."payload", q."answerHash"
           FROM "Card" c JOIN "Question" q ON q."id" = c."questionId"
          WHERE c."userId" = $1 AND NOT c."suspended" AND q."retiredAt" IS NULL ORDER BY c."questionId"`,
        [learner.id],
      );
      const cards = rows.map((r) => {
        const right = responseFor(r.payload, true) as unknown as QuestionResponse;
        const wrong = responseFor(r.payload, false) as unknown as QuestionResponse;
        return {
          questionId: r.questionId,
          version: r.version,
          kind: r.kind,
          answerHash: r.answerHash,
          right,
          wrong,
          rightIsCorrect: gradeResponse(r.payload, right).correct,
          wrongIsCorrect: gradeResponse(r.payload, wrong).correct,
        };
      });
      return { learner, cards, next: 0, sessionId: randomUUID(), random: mulberry32(1000 + i) };
    }),
  );
}

/** The next answer of a learner: right 85% of the time, rated as the learner would (and as the server allows). */
function nextAnswer(v: VirtualLearner) {
  const card = v.cards[v.next++ % v.cards.length]!;
  const right = v.random() < RIGHT_SHARE;
  const response = right ? card.right : card.wrong;
  const correct = right ? card.rightIsCorrect : card.wrongIsCorrect;
  let rating: Rating = correct ? ((pickWeighted(v.random, DEFAULT_RATING_MODEL.recallRatingWeights) + 2) as Rating) : 1;
  if (!isRatingAllowed(card.kind, correct, rating)) rating = correct ? 3 : 1;
  return { card, response, correct, rating, durationMs: 4_000 + Math.floor(v.random() * 20_000) };
}

function appOperation(stack: AppStack, learners: VirtualLearner[], agent: ReturnType<typeof httpAgent>, recorded: { answers: number }) {
  const url = new URL("/api/reviews", stack.baseURL);
  return async (client: number) => {
    const v = learners[client]!;
    const { card, response, rating, durationMs } = nextAnswer(v);
    const body = JSON.stringify({
      questionId: card.questionId,
      response,
      rating,
      durationMs,
      idempotencyKey: randomUUID(),
      sessionId: v.sessionId,
      source: "review",
      expectedVersion: card.version,
    });
    const res = await request(agent, url, { method: "POST", headers: { "content-type": "application/json", cookie: v.learner.cookie }, body });
    if (res.status !== 201) throw new Error(`HTTP ${res.status}: ${res.body.slice(0, 160)}`);
    card.version = (JSON.parse(res.body) as { version: number }).version;
    recorded.answers++;
  };
}

const CARD_COLUMNS = `"id", "due", "stability", "difficulty", "elapsedDays", "scheduledDays", "learningSteps", "reps", "lapses", "state", "lastReview", "version", "leech"`;
type CardRow = SrsCard & { id: string; version: number; leech: boolean };

/** The answer transaction in raw pg: the statements lib/reviews/submit-review.ts makes Prisma send, less the look-ups around them. */
function rawOperation(pool: pg.Pool, learners: VirtualLearner[]) {
  return async (clientIndex: number) => {
    const v = learners[clientIndex]!;
    const { card, response, correct, rating, durationMs } = nextAnswer(v);
    const now = new Date();
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const { rows } = await client.query<CardRow>(`SELECT ${CARD_COLUMNS} FROM "Card" WHERE "userId" = $1::uuid AND "questionId" = $2 FOR UPDATE`, [
        v.learner.id,
        card.questionId,
      ]);
      const existing = rows[0]!;
      const before: SrsCard = { ...existing, state: existing.state as CardState };
      const { card: after } = reviewCard({ card: before, rating, now, options: { desiredRetention: 0.9, enableFuzz: true, day: DEFAULT_DAY_OPTIONS } });
      const leech = isLeech(after);
      const updated = await client.query<{ version: number }>(
        `UPDATE "Card" SET "due" = $3, "stability" = $4, "difficulty" = $5, "elapsedDays" = $6, "scheduledDays" = $7, "learningSteps" = $8,
           "reps" = $9, "lapses" = $10, "state" = $11::"CardState", "lastReview" = $12, "answerHash" = $13, "leech" = $14, "suspended" = $15,
           "version" = "version" + 1
         WHERE "id" = $1::uuid AND "userId" = $2::uuid RETURNING "version"`,
        [existing.id, v.learner.id, iso(after.due), after.stability, after.difficulty, after.elapsedDays, after.scheduledDays, after.learningSteps,
          after.reps, after.lapses, after.state, after.lastReview ? iso(after.lastReview) : null, card.answerHash, leech || existing.leech, leech],
      );
      await client.query(
        `INSERT INTO "ReviewLog" ("userId", "questionId", "cardId", "rating", "response", "correct", "durationMs", "reviewedAt", "stateBefore",
           "cardBefore", "cardAfter", "elapsedDays", "scheduledDays", "idempotencyKey", "sessionId", "source")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::"CardState", $10, $11, $12, $13, $14, $15, 'review') RETURNING "id"`,
        [v.learner.id, card.questionId, existing.id, rating, JSON.stringify(response), correct, durationMs, iso(now), before.state,
          JSON.stringify({ ...toSrsCardSnapshot(before), existed: true, leech: existing.leech }), JSON.stringify(toSrsCardSnapshot(after)),
          before.lastReview ? Math.max(0, Math.floor((now.getTime() - before.lastReview.getTime()) / 86_400_000)) : 0, after.scheduledDays,
          randomUUID(), v.sessionId],
      );
      await client.query("COMMIT");
      card.version = updated.rows[0]!.version;
    } catch (e) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  };
}

const iso = (d: Date) => d.toISOString().slice(0, 23);

export interface MemorySample {
  phase: string;
  meanBytes: number;
  peakBytes: number;
}

export interface ReviewsResult {
  durationSeconds: number;
  runs: { concurrency: number; app: LoadResult; raw: LoadResult; throughputRatio: number; p99Ratio: number; cpuMsPerAnswer: number }[];
  memory: MemorySample[];
  serverProcesses: number;
}

let lastResult: ReviewsResult | undefined;

async function idleMemory(pids: number[], phase: string, seconds = 2): Promise<MemorySample> {
  const samples: number[] = [];
  for (let i = 0; i < seconds * 5; i++) {
    samples.push(residentBytes(pids));
    await new Promise((r) => setTimeout(r, 200));
  }
  return { phase, meanBytes: samples.reduce((s, v) => s + v, 0) / samples.length, peakBytes: Math.max(...samples) };
}

/** Runs the loads; `rawBaseline: false` for the memory part alone. */
async function measure({ quick, rawBaseline }: { quick: boolean; rawBaseline: boolean }): Promise<ReviewsResult> {
  const stack = await getAppStack({ quick, population: true });
  const durationMs = quick ? 5_000 : 30_000;
  const warmupMs = quick ? 2_000 : 5_000;
  const pids = stack.serverPids();
  if (pids.length === 0) throw new Error("The app's server process was not found: its memory and CPU cannot be read.");
  const memory: MemorySample[] = [await idleMemory(pids, "idle (started, 40 sign-ins)")];
  const pool = benchPool(stack.databaseUrl, POOL_SIZE);
  const runs: ReviewsResult["runs"] = [];
  try {
    for (const concurrency of CONCURRENCY) {
      const learners = stack.loadLearners.slice(0, concurrency);
      let raw: LoadResult | undefined;
      if (rawBaseline) {
        const rawLearners = await loadLearners(pool, learners);
        raw = await runLoad({ concurrency, durationMs, warmupMs: 1_000, operation: rawOperation(pool, rawLearners) });
      }
      const appLearners = await loadLearners(pool, learners);
      const agent = httpAgent(concurrency);
      const rss: number[] = [];
      // The server's own CPU counters over the whole run (warm-up included) ÷ every answer it recorded meanwhile.
      const recorded = { answers: 0 };
      const cpuBefore = cpuMs(pids);
      const app = await runLoad({ concurrency, durationMs, warmupMs, operation: appOperation(stack, appLearners, agent, recorded), onTick: () => rss.push(residentBytes(pids)) });
      const cpuMsPerAnswer = (cpuMs(pids) - cpuBefore) / Math.max(1, recorded.answers);
      agent.destroy();
      memory.push({ phase: `under load, ${concurrency} learners`, meanBytes: rss.reduce((s, v) => s + v, 0) / rss.length, peakBytes: Math.max(...rss) });
      if (raw) runs.push({ concurrency, app, raw, throughputRatio: app.throughput / raw.throughput, p99Ratio: app.latency.p99Ms / raw.latency.p99Ms, cpuMsPerAnswer });
    }
    memory.push(await idleMemory(pids, "idle again (3 s after the load)", 3));
  } finally {
    await pool.end();
  }
  return { durationSeconds: durationMs / 1000, runs, memory, serverProcesses: pids.length };
}

export async function reviewsBench({ quick }: { quick: boolean }): Promise<ReviewsResult> {
  const result = await measure({ quick, rawBaseline: true });
  lastResult = result;
  console.log(`\n3. Review submission under load (POST /api/reviews vs the same transaction in raw pg; ${result.durationSeconds} s per run, closed loop)`);
  console.table(
    result.runs.flatMap((r) => [
      { learners: r.concurrency, path: "app (HTTP → scripts/server.ts → pg prepared statements)", "answers/s": r.app.throughput.toFixed(0), "p50 ms": ms(r.app.latency.p50Ms), "p95 ms": ms(r.app.latency.p95Ms), "p99 ms": ms(r.app.latency.p99Ms), errors: r.app.errors },
      { learners: r.concurrency, path: "raw pg transaction", "answers/s": r.raw.throughput.toFixed(0), "p50 ms": ms(r.raw.latency.p50Ms), "p95 ms": ms(r.raw.latency.p95Ms), "p99 ms": ms(r.raw.latency.p99Ms), errors: r.raw.errors },
    ]),
  );
  for (const r of result.runs) {
    console.log(
      `   ${r.concurrency} learners: app/raw throughput ${ratio(r.app.throughput, r.raw.throughput)} (goal ≥ 0.50), p99 ${ratio(r.app.latency.p99Ms, r.raw.latency.p99Ms)}× raw's (goal ≤ 3), ` +
        `server CPU ${r.cpuMsPerAnswer.toFixed(2)} ms per answer (goal ≤ 2; ${result.serverProcesses} server process(es))`,
    );
    for (const e of [...r.app.errorSamples, ...r.raw.errorSamples]) console.log(`     error: ${e}`);
  }
  console.log("   (goals at 32 learners; server, database and load generator share this machine's cores)");
  return result;
}

export async function memoryBench({ quick }: { quick: boolean }) {
  const result = lastResult ?? (await measure({ quick, rawBaseline: false }));
  const idle = result.memory[0]!.meanBytes;
  console.log(`\n7. Server memory (VmRSS of next start${result.serverProcesses > 1 ? ` and its ${result.serverProcesses - 1} child process(es)` : ""}, during bench 3's app runs)`);
  console.table(result.memory.map((m) => ({ phase: m.phase, "mean MiB": MiB(m.meanBytes), "peak MiB": MiB(m.peakBytes), "× idle": ratio(m.meanBytes, idle) })));
  return { memory: result.memory, serverProcesses: result.serverProcesses };
}

