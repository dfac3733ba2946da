// The content build on worker threads (lib/content/build-lessons.ts) gives exactly what the build on
// one thread gives: the same compiled code, extracted lessons and questions, and problems at the same
// file:line:column, including a lesson that does not parse and one that does not compile.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadContent } from "@/lib/content/load";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tempDir(name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `recall-${name}-`));
  dirs.push(dir);
  return dir;
}

/** Every lesson compiled now (an empty cache), on `threads` threads. */
async function coldBuild(rootDir: string, threads: number) {
  process.env.RECALL_DATA_DIR = tempDir("build-threads-data");
  return loadContent({ rootDir, threads });
}

/** The course content with one lesson that does not parse and one whose import esbuild cannot resolve. */
function brokenContent(): { root: string; unparsable: string; unparsableLine: number; uncompilable: string } {
  const root = tempDir("build-threads-content");
  cpSync("content", root, { recursive: true });
  const lessons = path.join(root, "courses/observability/lessons");
  const unparsable = path.join(lessons, "three-pillars.mdx");
  const broken = readFileSync(unparsable, "utf8").replace("\n## ", "\nText <Callout =>\n\n## ");
  writeFileSync(unparsable, broken);
  const unparsableLine = broken.split("\n").findIndex((l) => l.includes("<Callout =>")) + 1;
  const uncompilable = path.join(lessons, "trace-anatomy.mdx");
  writeFileSync(uncompilable, readFileSync(uncompilable, "utf8").replace(/\n---\n/, '\n---\nimport Missing from "./missing-figure";\n'));
  return { root, unparsable, unparsableLine, uncompilable };
}

describe("the content build on worker threads", () => {
  it("compiles every lesson on two threads to the same code, lessons, questions and problems as on one", async () => {
    const one = await coldBuild("content", 1);
    const two = await coldBuild("content", 2);
    expect(one.compiled).toEqual({ fresh: 23, cached: 0, threads: 1 });
    expect(two.compiled).toEqual({ fresh: 23, cached: 0, threads: 2 });
    expect(two.lessons).toEqual(one.lessons);
    expect(two.questions).toEqual(one.questions);
    expect(two.problems).toEqual(one.problems);
  }, 240_000);

  it("reports a lesson that does not parse and one that does not compile at the same file:line on a worker as on one thread", async () => {
    const { root, unparsable, unparsableLine, uncompilable } = brokenContent();
    const one = await coldBuild(root, 1);
    const two = await coldBuild(root, 2);
    expect(two.compiled.threads).toBe(2);
    const errors = two.problems.filter((p) => p.severity === "error");
    expect(errors).toEqual(one.problems.filter((p) => p.severity === "error"));
    const rel = (f: string) => path.relative(process.cwd(), f);
    // (Lessons that name the unparsable one as related are reported too; they are not the point here.)
    expect(errors.filter((p) => p.message.startsWith("MDX does"))).toEqual([
      expect.objectContaining({ file: rel(unparsable), line: unparsableLine, column: 15, message: expect.stringMatching(/^MDX does not parse: Unexpected character `=`/) }),
      expect.objectContaining({ file: rel(uncompilable), message: expect.stringMatching(/^MDX does not compile: Could not resolve "\.\/missing-figure"/) }),
    ]);
  }, 240_000);
});
