// Latency summaries for the benchmarks: percentiles by nearest rank over every sample kept.

export interface LatencySummary {
  count: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Nearest-rank percentile of sorted values (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function summarize(samplesMs: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(samplesMs).sort();
  const values = Array.from(sorted);
  const sum = values.reduce((s, v) => s + v, 0);
  return {
    count: values.length,
    meanMs: values.length ? sum / values.length : Number.NaN,
    p50Ms: percentile(values, 50),
    p95Ms: percentile(values, 95),
    p99Ms: percentile(values, 99),
    maxMs: values.length ? values[values.length - 1]! : Number.NaN,
  };
}

export const ms = (value: number, digits = 2): string => (Number.isFinite(value) ? value.toFixed(digits) : "–");
export const ratio = (a: number, b: number, digits = 2): string => (Number.isFinite(a / b) ? (a / b).toFixed(digits) : "–");
/** Kilobytes of 1,000 bytes, as "kB" in the goals. */
export const kB = (bytes: number): string => (bytes / 1000).toFixed(1);
export const MiB = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);
export const int = (n: number): string => Math.round(n).toLocaleString("en-US");

export interface Timing {
  medianMs: number;
  minMs: number;
  maxMs: number;
  runs: number;
}

/** Runs `run` once to warm up, then `runs` times; median, min and max wall time. */
export async function timeRuns(run: () => Promise<unknown>, runs = 7): Promise<Timing> {
  await run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await run();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { medianMs: samples[Math.floor(samples.length / 2)]!, minMs: samples[0]!, maxMs: samples.at(-1)!, runs };
}
