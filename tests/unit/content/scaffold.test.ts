import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { loadContent } from "@/lib/content/load";
import { scaffoldLesson } from "@/lib/content/scaffold";

const root = mkdtempSync(path.join(os.tmpdir(), "recall-scaffold-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

it("content:new writes a valid lesson with one question of each kind and adds it to the course", async () => {
  writeFileSync(path.join(root, "topics.json"), JSON.stringify([{ id: "sampling", title: "Sampling", description: "d" }]));
  mkdirSync(path.join(root, "courses", "c", "lessons"), { recursive: true });
  writeFileSync(path.join(root, "courses", "c", "course.json"), JSON.stringify({ id: "c", title: "C", description: "d", lessons: [] }));
  // An empty course is invalid until the lesson is added.
  await scaffoldLesson({ rootDir: root, course: "c", id: "my-lesson", title: "My lesson" });
  expect(JSON.parse(readFileSync(path.join(root, "courses/c/course.json"), "utf8")).lessons).toEqual(["my-lesson"]);
  const content = await loadContent({ rootDir: root });
  expect(content.problems.filter((p) => p.severity === "error")).toEqual([]);
  expect(content.questions.map((q) => q.kind).sort()).toEqual(["ESTIMATE", "FREE_RECALL", "MULTIPLE_CHOICE"]);
  await expect(scaffoldLesson({ rootDir: root, course: "c", id: "my-lesson", title: "Again" })).rejects.toThrow(/already exists/);
  await expect(scaffoldLesson({ rootDir: root, course: "c", id: "Bad Id", title: "x" })).rejects.toThrow(/kebab-case/);
}, 60_000);
