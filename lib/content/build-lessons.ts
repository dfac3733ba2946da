// Builds every lesson (lib/content/build-lesson.ts) on this thread and, when asked for threads and
// enough lessons need compiling, on worker threads too: a cold build is CPU-bound on one thread (the
// parse, MDX's steps, shiki), so a second core roughly halves it. Decision: docs/decisions/031-content-build-worker-threads.md.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { buildLesson, type BuiltLesson, type LessonJob } from "./build-lesson";
import { isCompiled } from "./compile";

/**
 * Lessons built at once per thread: each spends part of its compile waiting for esbuild's own
 * process, so a few at once keep the thread busy. More only queues up in esbuild.
 */
const SLOTS_PER_THREAD = 3;
/**
 * Fewer cache misses than this are compiled on this thread alone: a worker costs ≈ 0.5–1 s of CPU to
 * start (loading TypeScript, the parser, mdx-bundler and shiki), more than a few lessons' compile.
 */
const MIN_MISSES_FOR_WORKERS = 6;

export interface BuildOptions {
  /** Threads to use, this one included; 1 builds everything here. */
  threads: number;
}

type Run = (job: LessonJob) => Promise<BuiltLesson>;

/**
 * lib/content/lesson-worker.ts and the project's own modules it imports, bundled by esbuild into one
 * JavaScript file (packages stay imports): a worker loads it in ≈ 0.3 s of CPU, where loading the
 * `.ts` files through tsx's loader cost ≈ 1.2 s per worker (every module, packages too, goes through
 * its hooks). Written under node_modules/.cache so its package imports resolve from the project, named
 * by its content's hash so processes building at once never write over a file another one loads.
 */
async function workerBundle(): Promise<string> {
  // A variable, not a literal: bundlers leave it alone, so the built app (which builds on one thread)
  // gets no copy of the worker's source.
  const entryName = "./lesson-worker.ts";
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entryName, import.meta.url))],
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0].text;
  const file = path.resolve("node_modules/.cache/recall", `lesson-worker-${createHash("sha256").update(code).digest("hex").slice(0, 16)}.mjs`);
  if (!existsSync(file)) {
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, code);
    await rename(temporary, file);
  }
  return file;
}

/**
 * A worker thread running the bundle. If it cannot start or dies, every job sent to it is rejected
 * and built on this thread instead.
 */
function startWorker(bundle: string): { run: Run; stop: () => Promise<void> } {
  const worker = new Worker(bundle, { execArgv: [] });
  const pending = new Map<number, { resolve: (b: BuiltLesson) => void; reject: (e: Error) => void }>();
  let failed: Error | null = null;
  let nextId = 0;
  const failAll = (e: Error) => {
    failed ??= e;
    for (const p of pending.values()) p.reject(failed);
    pending.clear();
  };
  worker.on("message", ({ id, built, error }: { id: number; built?: BuiltLesson; error?: string }) => {
    const p = pending.get(id);
    pending.delete(id);
    if (built) p?.resolve(built);
    else p?.reject(new Error(error));
  });
  worker.on("error", failAll);
  worker.on("exit", (code) => failAll(new Error(`the lesson worker exited with code ${code}`)));
  return {
    run: (job) =>
      new Promise((resolve, reject) => {
        if (failed) return reject(failed);
        const id = nextId++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, job });
      }),
    stop: async () => {
      await worker.terminate();
    },
  };
}

export interface BuiltLessons {
  /** In the jobs' order. */
  built: BuiltLesson[];
  /** Threads that built at least one lesson, this one included. */
  threads: number;
}

export async function buildLessons(jobs: LessonJob[], { threads }: BuildOptions): Promise<BuiltLessons> {
  const misses = jobs.filter((j) => j.compile && !isCompiled(j.source)).length;
  const workerCount = misses >= MIN_MISSES_FOR_WORKERS ? Math.min(threads - 1, Math.floor(misses / MIN_MISSES_FOR_WORKERS)) : 0;
  const bundle = workerCount > 0 ? await workerBundle().catch(() => null) : null;
  const workers = bundle ? Array.from({ length: workerCount }, () => startWorker(bundle)) : [];
  const results: BuiltLesson[] = new Array(jobs.length);
  const used = new Set<Run>();
  let next = 0;
  // Jobs are taken in order by whichever slot is free, so a worker that starts slowly takes fewer.
  const slot = async (run: Run) => {
    for (let i = next++; i < jobs.length; i = next++) {
      const job = jobs[i];
      results[i] = await run(job).then(
        (built) => (used.add(run), built),
        // Only a worker's run fails (it could not start, or died): the lesson is built here instead.
        () => (used.add(buildLesson), buildLesson(job)),
      );
    }
  };
  try {
    await Promise.all([buildLesson, ...workers.map((w) => w.run)].flatMap((run) => Array.from({ length: SLOTS_PER_THREAD }, () => slot(run))));
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
  return { built: results, threads: used.size };
}
