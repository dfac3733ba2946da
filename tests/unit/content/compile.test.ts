import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileLesson } from "@/lib/content/compile";

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
