import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileLesson } from "@/lib/content/compile";
import { extractLesson } from "@/lib/content/extract";

let dataDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "recall-compile-"));
  process.env.RECALL_DATA_DIR = dataDir;
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const SOURCE = `---
id: demo
---

## Set-up

\`\`\`yaml
processors:
  tail_sampling:
    decision_wait: 30s
\`\`\`

| a | b |
|---|---|
| 1 | 2 |
`;

describe("compileLesson", () => {
  it("highlights code on the server with both themes, slugs headings, and caches by content hash", async () => {
    const first = await compileLesson(SOURCE, "demo.mdx");
    expect(first.cached).toBe(false);
    expect(first.code).toContain("--shiki-dark");
    expect(first.code).toContain("--shiki-light");
    expect(first.code).toContain('id:"set-up"');
    expect(first.code).toContain('table:"table"');
    const second = await compileLesson(SOURCE, "demo.mdx");
    expect(second).toEqual({ ...first, cached: true });
    const changed = await compileLesson(SOURCE + "\nMore.\n", "demo.mdx");
    expect(changed.cached).toBe(false);
    expect(changed.hash).not.toBe(first.hash);
  }, 60_000);
});

describe("compileLesson with the tree the check parsed", () => {
  /** Compiles from a fresh cache, so that nothing is read back from an earlier compile. */
  async function compileFresh(source: string, syntax?: ReturnType<typeof extractLesson>["syntax"]) {
    rmSync(path.join(dataDir, "mdx-cache"), { recursive: true, force: true });
    const result = await compileLesson(source, "demo.mdx", { syntax });
    expect(result.cached).toBe(false);
    return result.code;
  }

  it("compiles the handed tree instead of parsing the source again", async () => {
    const other = extractLesson(SOURCE.replace("## Set-up", "## Tear-down"), "demo.mdx", "demo").syntax!;
    // A pair that lies (another lesson's tree under this source) shows which one was compiled.
    expect(await compileFresh(SOURCE, { source: SOURCE, tree: other.tree })).toContain('id:"tear-down"');
  }, 60_000);

  it("gives the same code from extractLesson's tree as from parsing the source", async () => {
    const fromSource = await compileFresh(SOURCE);
    const fromTree = await compileFresh(SOURCE, extractLesson(SOURCE, "demo.mdx", "demo").syntax);
    expect(fromTree).toBe(fromSource);
  }, 60_000);

  it("parses the source itself when the tree was parsed from another source", async () => {
    const other = SOURCE.replace("## Set-up", "## Tear-down");
    const fromSource = await compileFresh(SOURCE);
    const withOtherTree = await compileFresh(SOURCE, extractLesson(other, "demo.mdx", "demo").syntax);
    expect(withOtherTree).toBe(fromSource);
    expect(withOtherTree).not.toContain("tear-down");
  }, 60_000);
});
