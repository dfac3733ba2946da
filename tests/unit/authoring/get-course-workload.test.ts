import { randomUUID } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { WORKLOAD_RETENTIONS, getCourseWorkload } from "@/lib/authoring/get-course-workload";

// A private copy of the shipped content, so a lesson can be changed without touching the repository.
const rootDir = mkdtempSync(path.join(tmpdir(), "recall-workload-"));
cpSync("content", rootDir, { recursive: true });
afterAll(() => rmSync(rootDir, { recursive: true, force: true }));
const courseId = readdirSync(path.join(rootDir, "courses"))[0];
// The preview reads only files: the author check is on the role, no account is looked up.
const AUTHOR = { id: randomUUID(), role: "AUTHOR" as const };

describe("getCourseWorkload", { timeout: 120_000 }, () => {
  it("is null for a course that is not in the content folder", async () => {
    expect(await getCourseWorkload({ actor: AUTHOR, courseId: "no-such-course", rootDir })).toBeNull();
  });

  it("simulates each retention once per content shape: a second request is served from the cache with the same figures", async () => {
    const first = await getCourseWorkload({ actor: AUTHOR, courseId, rootDir });
    const second = await getCourseWorkload({ actor: AUTHOR, courseId, rootDir });
    expect(first?.cached).toBe(false);
    expect(first?.workloads.map((w) => w.desiredRetention)).toEqual([...WORKLOAD_RETENTIONS]);
    expect(second?.cached).toBe(true);
    expect(second?.workloads).toEqual(first?.workloads);
  });

  it("simulates again when a lesson of the course loses a question", async () => {
    const before = await getCourseWorkload({ actor: AUTHOR, courseId, rootDir });
    const lessonsDir = path.join(rootDir, "courses", courseId, "lessons");
    const file = path.join(lessonsDir, readdirSync(lessonsDir).find((f) => f.endsWith(".mdx"))!);
    const source = readFileSync(file, "utf8");
    writeFileSync(file, source.replace(/<(MultipleChoice)\b[\s\S]*?<\/\1>/, ""));
    const after = await getCourseWorkload({ actor: AUTHOR, courseId, rootDir });
    expect(after?.cached).toBe(false);
    expect(after?.workloads[0].questions).toBe(before!.workloads[0].questions - 1);
  });
});
