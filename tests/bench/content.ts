// Bench 6 — content build: every lesson checked and compiled cold (empty cache) and again from the
// cache, in wall time and in this process's CPU time (user + system: on a shared machine the wall time
// also counts the other processes' turns; esbuild's own process is not in it).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadContent } from "@/lib/content/load";

export async function contentBench() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "recall-bench-content-"));
  const previous = process.env.RECALL_DATA_DIR;
  process.env.RECALL_DATA_DIR = dataDir;
  try {
    const rootDir = process.env.RECALL_CONTENT_DIR || "content";
    const cpuSeconds = (since: NodeJS.CpuUsage) => {
      const used = process.cpuUsage(since);
      return (used.user + used.system) / 1e6;
    };
    let t = performance.now();
    let cpu = process.cpuUsage();
    const cold = await loadContent({ rootDir });
    const coldSeconds = (performance.now() - t) / 1000;
    const coldCpuSeconds = cpuSeconds(cpu);
    t = performance.now();
    cpu = process.cpuUsage();
    const cached = await loadContent({ rootDir });
    const cachedSeconds = (performance.now() - t) / 1000;
    const cachedCpuSeconds = cpuSeconds(cpu);
    return {
      lessons: cold.lessons.length,
      questions: cold.questions.length,
      coldSeconds,
      coldCpuSeconds,
      cachedSeconds,
      cachedCpuSeconds,
      compiledCold: cold.compiled,
      compiledCached: cached.compiled,
    };
  } finally {
    process.env.RECALL_DATA_DIR = previous;
    rmSync(dataDir, { recursive: true, force: true });
  }
}
