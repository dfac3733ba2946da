// Test-only routes exist only in a test build: next.config.mjs adds their page extension only with
// RECALL_TEST_BUILD=1, and every such route is in a `*.test-route.ts(x)` file.
import { readdirSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

type Config = { pageExtensions: string[]; distDir: string };
async function loadConfig(testBuild: boolean): Promise<Config> {
  process.env.RECALL_TEST_BUILD = testBuild ? "1" : "";
  const url = `${path.resolve("next.config.mjs")}?t=${Date.now()}-${Math.random()}`;
  return (await import(/* @vite-ignore */ url)).default as Config;
}
afterEach(() => {
  delete process.env.RECALL_TEST_BUILD;
});

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe("test-only routes", () => {
  it("are compiled only into a test build, in its own folder", async () => {
    const real = await loadConfig(false);
    expect(real.pageExtensions.some((e) => e.includes("test-route"))).toBe(false);
    expect(real.distDir).toBe(".next");
    const test = await loadConfig(true);
    expect(test.pageExtensions).toContain("test-route.ts");
    expect(test.distDir).toBe(".next-test");
  });

  it("live in *.test-route.ts(x) files: the clock route and the bench's empty page", () => {
    const routes = files("app").filter((f) => /\/(page|route)\.[^/]*$/.test(f));
    const testOnly = routes.filter((f) => f.startsWith(path.join("app", "api", "test")) || f.startsWith(path.join("app", "bench-empty")));
    expect(testOnly.sort()).toEqual([path.join("app", "api", "test", "time-travel", "route.test-route.ts"), path.join("app", "bench-empty", "page.test-route.tsx")]);
  });
});
