// The content build (lib/content/load.ts) parses each lesson once: the check's syntax tree is what MDX
// compiles. These hold the compiled code to what compiling each source on its own gives, and keep a
// lesson that does not parse or does not compile reported at its file:line among lessons that do.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compileLesson } from "@/lib/content/compile";
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
/** A fresh data folder, so every lesson is compiled now and nothing is read from an earlier compile. */
function emptyCache(): void {
  process.env.RECALL_DATA_DIR = tempDir("build-data");
}

describe("the content build", () => {
  it("compiles every lesson of the course content, from the check's tree, to the same code as compiling its source alone", async () => {
    emptyCache();
    const content = await loadContent({ rootDir: "content" });
    expect(content.compiled).toEqual({ fresh: 23, cached: 0 });
    emptyCache();
    for (const lesson of content.lessons) {
      const alone = await compileLesson(lesson.source, path.resolve(lesson.file));
      expect(alone.cached).toBe(false);
      expect(lesson.code, lesson.file).toBe(alone.code);
      expect(lesson.contentHash).toBe(alone.hash);
    }
  }, 300_000);

  it("reports a lesson that does not parse and one that does not compile at their file:line, and compiles the rest", async () => {
    emptyCache();
    const root = tempDir("build-content");
    cpSync("content", root, { recursive: true });
    const lessons = path.join(root, "courses/observability/lessons");
    const unparsable = path.join(lessons, "three-pillars.mdx");
    const broken = readFileSync(unparsable, "utf8").replace("\n## ", "\nText <Callout =>\n\n## ");
    writeFileSync(unparsable, broken);
    const uncompilable = path.join(lessons, "trace-anatomy.mdx");
    writeFileSync(uncompilable, readFileSync(uncompilable, "utf8").replace(/\n---\n/, '\n---\nimport Missing from "./missing-figure";\n'));

    const content = await loadContent({ rootDir: root });
    const rel = (f: string) => path.relative(process.cwd(), f);
    // (Lessons that name the unparsable one as related are reported too; they are not the point here.)
    expect(content.problems.filter((p) => p.message.startsWith("MDX does"))).toEqual([
      {
        file: rel(unparsable),
        line: broken.split("\n").findIndex((l) => l.includes("<Callout =>")) + 1,
        column: 15,
        severity: "error",
        message: expect.stringMatching(/^MDX does not parse: Unexpected character `=`/),
      },
      expect.objectContaining({ file: rel(uncompilable), severity: "error", message: 'MDX does not compile: Could not resolve "./missing-figure"' }),
    ]);
    expect(content.compiled).toEqual({ fresh: 21, cached: 0 });
  }, 300_000);
});
