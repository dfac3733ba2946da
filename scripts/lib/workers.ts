// How many server processes `npm start` runs: `--workers N` (or `--workers=N`) on the command line,
// else WEB_CONCURRENCY (validated with the rest of the environment in lib/env.ts), else 1.
export const MAX_WORKERS = 64;

export class WorkersError extends Error {}

export function workersFromArgs(argv: readonly string[], fromEnv: number): number {
  const at = argv.findIndex((a) => a === "--workers" || a.startsWith("--workers="));
  if (at === -1) return fromEnv;
  const raw = argv[at].includes("=") ? argv[at].slice("--workers=".length) : argv[at + 1];
  const n = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_WORKERS) {
    throw new WorkersError(`--workers needs a whole number of server processes from 1 to ${MAX_WORKERS} (got ${raw === undefined ? "nothing" : JSON.stringify(raw)}), e.g. npm start -- --workers 4`);
  }
  return n;
}
