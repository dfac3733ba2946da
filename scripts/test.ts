// `npm test`: unit, integration (real PostgreSQL) and end-to-end (Chromium) suites in turn.
// `npm test -- unit` (or integration, e2e) runs one suite; extra vitest filters may follow.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

const SUITES = ["unit", "integration", "e2e"] as const;
type Suite = (typeof SUITES)[number];

const args = process.argv.slice(2);
const chosen = SUITES.filter((s) => args.includes(s));
const suites: readonly Suite[] = chosen.length ? chosen : SUITES;
const filters = args.filter((a) => !SUITES.includes(a as Suite));

const resultsDir = path.resolve(".data/test-results");
mkdirSync(resultsDir, { recursive: true });

interface Summary {
  suite: Suite | "typecheck";
  passed: number;
  failed: number;
  skipped: number;
  seconds: number;
  crashed: boolean;
}

const summaries: Summary[] = [];

// Next's build skips type checking (next.config.mjs), so the whole project is checked here once.
if (!chosen.length || args.includes("unit")) {
  console.log("\n━━ typecheck (tsc --noEmit) ━━");
  const started = Date.now();
  const tsc = spawnSync(process.execPath, [path.resolve("node_modules/typescript/bin/tsc"), "--noEmit", "-p", "."], { stdio: "inherit" });
  const ok = tsc.status === 0;
  summaries.push({ suite: "typecheck", passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0, seconds: (Date.now() - started) / 1000, crashed: false });
}

for (const suite of suites) {
  const output = path.join(resultsDir, `${suite}.json`);
  rmSync(output, { force: true });
  console.log(`\n━━ ${suite} tests ━━`);
  const started = Date.now();
  const run = spawnSync(
    process.execPath,
    [
      path.resolve("node_modules/vitest/vitest.mjs"),
      "run",
      "-c",
      `vitest.${suite}.config.ts`,
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${output}`,
      ...filters,
    ],
    { stdio: "inherit", env: { ...process.env, NODE_ENV: "test", FORCE_COLOR: process.env.CI ? "0" : "1" } },
  );
  const seconds = (Date.now() - started) / 1000;
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let crashed = run.status !== 0;
  try {
    const json = JSON.parse(readFileSync(output, "utf8"));
    passed = json.numPassedTests;
    failed = json.numFailedTests;
    skipped = json.numPendingTests + (json.numTodoTests ?? 0);
    // A suite whose files failed to load reports no failed test but a non-zero exit.
    crashed = run.status !== 0 && failed === 0;
  } catch {
    crashed = true;
  }
  summaries.push({ suite, passed, failed, skipped, seconds, crashed });
}

console.log("\n━━ summary ━━");
for (const s of summaries) {
  const note = s.crashed ? " (the suite itself failed: see its output above)" : "";
  console.log(`${s.suite}: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped in ${s.seconds.toFixed(1)} s${note}`);
}
const passed = summaries.reduce((n, s) => n + s.passed, 0);
const failed = summaries.reduce((n, s) => n + s.failed + (s.crashed ? 1 : 0), 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
