// The complete lesson in docs/authoring.md must itself pass content:check, so the guide stays true.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { loadContent } from "@/lib/content/load";

const root = mkdtempSync(path.join(os.tmpdir(), "recall-guide-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

it("the example lesson in docs/authoring.md passes content:check and compiles", async () => {
  const guide = readFileSync("docs/authoring.md", "utf8");
  const example = /````mdx\n([\s\S]*?)\n````/.exec(guide)?.[1];
  expect(example).toBeTruthy();
  const topics = ["spans", "traces", "cost-model", "w3c-trace-context"].map((id) => ({ id, title: id, description: id }));
  writeFileSync(path.join(root, "topics.json"), JSON.stringify(topics));
  const dir = path.join(root, "courses", "guide", "lessons");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(root, "courses", "guide", "course.json"), JSON.stringify({ id: "guide", title: "Guide", description: "Guide.", lessons: ["span-status", "trace-anatomy"] }));
  writeFileSync(path.join(dir, "span-status.mdx"), example as string);
  writeFileSync(path.join(dir, "trace-anatomy.mdx"), "---\nid: trace-anatomy\ntitle: T\nlevel: junior\ntopics: [traces]\nsummary: S.\n---\n\nText.\n");
  const content = await loadContent({ rootDir: root });
  const errors = content.problems.filter((p) => p.severity === "error" && p.file.endsWith("span-status.mdx"));
  expect(errors).toEqual([]);
  expect(content.questions.filter((q) => q.lessonId === "span-status").map((q) => q.kind)).toEqual(["MULTIPLE_CHOICE", "FREE_RECALL", "ESTIMATE", "MULTIPLE_CHOICE"]);
}, 60_000);
