// Bench 6 — content build: every lesson compiled cold (empty cache) and again from the cache.
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
    let t = performance.now();
    const cold = await loadContent({ rootDir });
    const coldSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    const cached = await loadContent({ rootDir });
    const cachedSeconds = (performance.now() - t) / 1000;
    return { lessons: cold.lessons.length, questions: cold.questions.length, coldSeconds, cachedSeconds, compiledCold: cold.compiled, compiledCached: cached.compiled };
  } finally {
    process.env.RECALL_DATA_DIR = previous;
    rmSync(dataDir, { recursive: true, force: true });
  }
}
