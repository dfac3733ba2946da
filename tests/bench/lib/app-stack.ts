// The app as the server benchmarks (reviews, queue, lesson, memory) measure it: a production build
// served by `npm start`'s own script (scripts/start.ts: migrations, content sync, `next start`) on a
// free port, in a temporary data folder, against an embedded PostgreSQL of its own, as tests/e2e's
// global setup does. Started once per `npm run bench` and shared by the parts, with 40 benchmark
// learners who sign in over HTTP; the scale population is seeded the first time a part needs it.
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { hashPassword } from "@/lib/auth/password";
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from "@/lib/db/embedded";
import { buildIfStale } from "@/scripts/lib/build";
import { freeAppPort, spawnApp } from "../../load/app";
import { analyzeAndMeasure, seedPopulation, type PopulationReport, type TableSize } from "./population";
import { int } from "./stats";

/** Password of the benchmark learners that sign in (the scale population cannot). */
export const BENCH_PASSWORD = "bench-password-not-secret";
const SESSION_COOKIE = "next-auth.session-token";

export interface BenchLearner {
  id: string;
  email: string;
  /** Cookie header of a signed-in session. */
  cookie: string;
}

export interface PopulationSummary {
  cards: number;
  learners: number;
  reviewLogs: number;
  seedSeconds: number;
  rebuildSeconds: number;
  rowsPerSecond: number;
  sizes: TableSize[];
  /** A sample of the scale population's learner ids, for the due-queue queries. */
  sampleLearnerIds: string[];
  dueNow: number;
  meanReviewsPerCard: number;
  /** Live questions: the most cards a learner can have. */
  questions: number;
}

export interface AppStack {
  baseURL: string;
  databaseUrl: string;
  dataDir: string;
  /** The `next start` process and its children, for their resident memory. */
  serverPids(): number[];
  /** Learners who answer under load (one per virtual learner). */
  loadLearners: BenchLearner[];
  /** Learners away for a few days, with a backlog: the review page's server time is measured on them. */
  pageLearners: BenchLearner[];
  /** Set once the scale population is seeded. */
  population?: PopulationSummary;
}

export interface StackOptions {
  quick: boolean;
  /** The part needs the scale population (reviews and queue: measured on the database at scale). */
  population: boolean;
}

/** The scale population: 200k cards quick, 20M full (100 per learner); review logs for the first learners only. */
export function populationPlan(quick: boolean) {
  return quick ? { learners: 2_000, cardsPerLearner: 100, logsFor: 100, reviewsPerCard: 10 } : { learners: 200_000, cardsPerLearner: 100, logsFor: 1_000, reviewsPerCard: 10 };
}

export const LOAD_LEARNERS = 32;
const PAGE_LEARNERS = 8;

let current: Promise<AppStack> | undefined;
let seeded: Promise<void> | undefined;
let cleanup: (() => Promise<void>) | undefined;

/** The shared server, started on first use; the scale population is seeded the first time a part asks for it. */
export async function getAppStack({ quick, population }: StackOptions): Promise<AppStack> {
  current ??= startAppStack();
  const stack = await current;
  if (population) {
    seeded ??= seedScale(stack, quick);
    await seeded;
  }
  return stack;
}

export async function closeAppStack(): Promise<void> {
  const stop = cleanup;
  cleanup = undefined;
  current = undefined;
  seeded = undefined;
  await stop?.();
}

function waitForHttp(url: string, child: ChildProcess, timeoutMs: number, logFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return (async () => {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`The app exited with code ${child.exitCode} before it served ${url}; its output is in ${logFile}`);
      try {
        const res = await fetch(url, { redirect: "manual" });
        if (res.status < 500) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 300));
    }
    throw new Error(`The app did not answer ${url} within ${timeoutMs / 1000} s; its output is in ${logFile}`);
  })();
}

/** Every process descending from `root` (Linux /proc), root first. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const visit = (pid: number) => {
    out.push(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  return out;
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return "";
  }
}

/** CPU time (user + system) the processes have used so far, in ms, from /proc/<pid>/stat (clock ticks of 10 ms). */
export function cpuMs(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // After the command: state(0) ppid(1) … utime(11) stime(12).
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone
    }
  }
  return ticks * 10;
}

/** VmRSS of each process, in bytes (0 for a process that is gone). */
export function residentBytes(pids: readonly number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (match) total += Number(match[1]) * 1024;
    } catch {
      // gone
    }
  }
  return total;
}

/** Signs in through next-auth's credentials flow over HTTP, as the sign-in form does; returns the Cookie header. */
export async function signIn(baseURL: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${baseURL}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  };
  keep(csrf);
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const res = await fetch(`${baseURL}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: baseURL, json: "true" }),
    redirect: "manual",
  });
  keep(res);
  const session = jar.get(SESSION_COOKIE);
  if (!session) throw new Error(`Signing in ${email} failed (HTTP ${res.status}: ${(await res.text()).slice(0, 200)})`);
  return `${SESSION_COOKIE}=${session}`;
}

async function startAppStack(): Promise<AppStack> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "recall-bench-app-"));
  let pg: EmbeddedPostgresServer | undefined;
  let child: ChildProcess | undefined;
  cleanup = async () => {
    if (child?.pid && child.exitCode === null) {
      const exited = new Promise((r) => child?.once("exit", r));
      process.kill(-child.pid, "SIGTERM");
      const done = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 20_000))]);
      if (!done) process.kill(-child.pid, "SIGKILL");
    }
    await pg?.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  };
  // The server runs in its own process group (so that it can be stopped with its children): Ctrl-C
  // reaches only ours, so pass it on, and never leave it behind, whatever ends this process.
  const interrupted = () => void closeAppStack().finally(() => process.exit(130));
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  process.once("exit", () => {
    if (child?.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    // The embedded PostgreSQL is told to stop by lib/db/embedded's own exit handler.
    rmSync(dataDir, { recursive: true, force: true });
  });

  const started = performance.now();
  const step = (what: string) => console.log(`   [app] ${what} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  // The lessons compiled by `npm start` here are reused: compiling cold costs about 15 s (shiki).
  if (existsSync(".data/mdx-cache")) cpSync(".data/mdx-cache", path.join(dataDir, "mdx-cache"), { recursive: true });
  pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres") });
  await buildIfStale({ testBuild: true });
  step("build ready");

  const port = await freeAppPort();
  const baseURL = `http://localhost:${port}`;
  const logFile = path.join(dataDir, "app.log");
  // The bench measures pages against /bench-empty, a route only a test build has.
  child = spawnApp({ port, dataDir, databaseUrl: pg.connectionString, secret: randomBytes(32).toString("base64url"), testBuild: true, logFile });
  await waitForHttp(`${baseURL}/signin`, child, 10 * 60_000, logFile);
  step(`app serving on ${baseURL} (migrations and content by scripts/start.ts)`);

  const databaseUrl = pg.connectionString;
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const load = await seedPopulation({ connectionString: databaseUrl, learners: LOAD_LEARNERS, cardsPerLearner: 100, reviewsPerCard: 10, emailPrefix: "bench-load", passwordHash, seed: 7 });
  const page = await seedPopulation({ connectionString: databaseUrl, learners: PAGE_LEARNERS, cardsPerLearner: 100, reviewsPerCard: 10, emailPrefix: "bench-page", passwordHash, seed: 8, awayDays: 3 });

  await analyzeAndMeasure(databaseUrl);

  const signInAll = (list: PopulationReport["learners"]) =>
    Promise.all(list.map(async (l) => ({ id: l.id, email: l.email, cookie: await signIn(baseURL, l.email, BENCH_PASSWORD) })));
  const loadLearners = await signInAll(load.learners);
  const pageLearners = await signInAll(page.learners);
  step(`${loadLearners.length + pageLearners.length} benchmark learners signed in over HTTP`);

  const rootPid = child.pid!;
  return {
    baseURL,
    databaseUrl,
    dataDir,
    serverPids() {
      // scripts/start.ts (under tsx) spawns scripts/server.ts (Next.js inside our own HTTP server; an
      // older start ran `next start`, which renames itself next-server).
      const next = processTree(rootPid).find((pid) => /scripts\/server\.ts|next-server|next\/dist\/bin\/next\s+start/.test(commandLine(pid)));
      return next ? processTree(next) : [];
    },
    loadLearners,
    pageLearners,
  };
}

/** The scale population (populationPlan), seeded with the indexes dropped and rebuilt, then VACUUM ANALYZE. */
async function seedScale(stack: AppStack, quick: boolean): Promise<void> {
  const started = performance.now();
  const step = (what: string) => console.log(`   [population] ${what} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  const databaseUrl = stack.databaseUrl;
  const plan = populationPlan(quick);
  let lastPrint = 0;
  const report = await seedPopulation({
    connectionString: databaseUrl,
    learners: plan.learners,
    cardsPerLearner: plan.cardsPerLearner,
    reviewsPerCard: plan.reviewsPerCard,
    logsForLearners: plan.logsFor,
    dropIndexes: true,
    seed: 11,
    onProgress: ({ phase, done, of, rows, seconds }) => {
      if (seconds - lastPrint < 20) return;
      lastPrint = seconds;
      step(`${phase}: ${int(done)} / ${int(of)}, ${int(rows / seconds)} rows/s`);
    },
  });
  const count = (table: string) => report.tables.find((t) => t.table === table)?.rows ?? 0;
  step(`seeded ${int(count("Card"))} cards and ${int(count("ReviewLog"))} review logs at ${int(report.rowsPerSecond)} rows/s; indexes rebuilt in ${report.rebuildSeconds.toFixed(0)} s`);
  const sizes = await analyzeAndMeasure(databaseUrl);
  step("VACUUM ANALYZE done");
  const sample: string[] = [];
  const n = Math.min(2_000, report.learners.length);
  for (let i = 0; i < n; i++) sample.push(report.learners[Math.floor((i * report.learners.length) / n)]!.id);
  stack.population = {
    cards: count("Card"),
    learners: count("User"),
    reviewLogs: count("ReviewLog"),
    seedSeconds: report.seconds,
    rebuildSeconds: report.rebuildSeconds,
    rowsPerSecond: report.rowsPerSecond,
    sizes,
    sampleLearnerIds: sample,
    dueNow: report.dueNow,
    meanReviewsPerCard: report.meanReviewsPerCard,
    questions: report.questions,
  };
}
