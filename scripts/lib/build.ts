import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

// The production build depends on the code, not on content (lessons live in the database),
// so it is redone only when a source file changed since the last build.
const SOURCES = ["app", "components", "lib", "types", "proxy.ts", "instrumentation.ts", "next.config.mjs", "postcss.config.mjs", "package-lock.json", "tsconfig.json"];
const SKIP = new Set(["generated", "node_modules", ".next"]);

function collect(entry: string, out: string[]) {
  if (!existsSync(entry)) return;
  const stat = statSync(entry);
  if (stat.isDirectory()) {
    for (const name of readdirSync(entry)) if (!SKIP.has(name)) collect(path.join(entry, name), out);
  } else out.push(entry);
}

export function sourceHash(): string {
  const files: string[] = [];
  for (const s of SOURCES) collect(s, files);
  const hash = createHash("sha256");
  for (const file of files.sort()) hash.update(file).update(readFileSync(file));
  return hash.digest("hex");
}

/** The folder next.config.mjs builds into: the test build (with test-only routes) never overwrites the real one. */
export const distDir = (testBuild: boolean): string => (testBuild ? ".next-test" : ".next");

export async function buildIfStale({ testBuild }: { testBuild: boolean }): Promise<void> {
  const dir = distDir(testBuild);
  const stamp = path.join(dir, "recall-source-hash");
  const hash = sourceHash();
  if (existsSync(path.join(dir, "BUILD_ID")) && existsSync(stamp) && readFileSync(stamp, "utf8") === hash) {
    console.log("▸ Production build is up to date");
    return;
  }
  console.log(`▸ Building the app for production (next build${testBuild ? ", test build with test-only routes" : ""})…`);
  const started = Date.now();
  const result = spawnSync(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "build"], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", RECALL_TEST_BUILD: testBuild ? "1" : "" },
  });
  if (result.status !== 0) throw new Error("next build failed (see the output above).");
  writeFileSync(stamp, hash);
  console.log(`▸ Built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
