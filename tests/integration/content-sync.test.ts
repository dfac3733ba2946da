import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContent } from "@/lib/content/load";
import { syncContent } from "@/lib/content/sync";
import { createUser, testDb } from "./helpers/db";

let root: string;
const suffix = Date.now().toString(36);
const course = `sync-${suffix}`;
const lesson = `sync-lesson-${suffix}`;
const topic = `sync-topic-${suffix}`;

function write(questions: string) {
  writeFileSync(path.join(root, "topics.json"), JSON.stringify([{ id: topic, title: "Sync topic", description: "For the sync test." }]));
  const dir = path.join(root, "courses", course, "lessons");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(root, "courses", course, "course.json"), JSON.stringify({ id: course, title: "Sync", description: "Sync test course.", lessons: [lesson] }));
  writeFileSync(
    path.join(dir, `${lesson}.mdx`),
    `---\nid: ${lesson}\ntitle: Sync lesson\nlevel: middle\ntopics: [${topic}]\nsummary: Sync.\nrelated: []\n---\n\n## Body\n\nText.\n\n${questions}`,
  );
}

const mc = (id: string, prompt: string, correct: "a" | "b") => `<MultipleChoice id="${id}" prompt="${prompt}" topics={["${topic}"]}>
  <Choice ${correct === "a" ? "correct " : ""}explanation="A.">Alpha</Choice>
  <Choice ${correct === "b" ? "correct " : ""}explanation="B.">Beta</Choice>
</MultipleChoice>
`;

async function sync() {
  const content = await loadContent({ rootDir: root, compile: false });
  expect(content.problems.filter((p) => p.severity === "error")).toEqual([]);
  return syncContent({ prisma: testDb(), content, now: new Date("2026-05-01T00:00:00Z") });
}

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "recall-sync-"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("content sync", () => {
  const q1 = `${lesson}.q1`;
  const q2 = `${lesson}.q2`;

  it("is idempotent", async () => {
    write(mc(q1, "First?", "a") + "\n" + mc(q2, "Second?", "a"));
    const first = await sync();
    expect(first.questions.created).toBe(2);
    const second = await sync();
    expect(second.questions).toMatchObject({ created: 0, updated: 0, unchanged: 2, retired: 0 });
    expect(second.lessons).toMatchObject({ created: 0, unchanged: 1 });
  });

  it("keeps learners' cards when only the wording changes, and sends them to relearning when the answer changes", async () => {
    const db = testDb();
    const user = await createUser();
    const question = await db.question.findUniqueOrThrow({ where: { id: q1 } });
    const card = await db.card.create({
      data: { userId: user.id, questionId: q1, due: new Date("2026-06-01T00:00:00Z"), stability: 20, difficulty: 5, scheduledDays: 20, reps: 4, lapses: 1, state: "REVIEW", answerHash: question.answerHash, lastReview: new Date("2026-04-20T00:00:00Z") },
    });

    write(mc(q1, "First, reworded?", "a") + "\n" + mc(q2, "Second?", "a"));
    const reworded = await sync();
    expect(reworded.questions).toMatchObject({ updated: 1, answerChanged: 0 });
    expect(await db.card.findUniqueOrThrow({ where: { id: card.id } })).toMatchObject({ state: "REVIEW", stability: 20 });

    write(mc(q1, "First, reworded?", "b") + "\n" + mc(q2, "Second?", "a"));
    const changed = await sync();
    expect(changed).toMatchObject({ questions: { answerChanged: 1 }, cardsRelearning: 1 });
    const after = await db.card.findUniqueOrThrow({ where: { id: card.id } });
    expect(after).toMatchObject({ state: "RELEARNING", stability: 20, lapses: 1, reps: 4 });
    expect(after.due.toISOString()).toBe("2026-05-01T00:00:00.000Z");
  });

  it("retires a removed question (kept for history) and brings it back when it reappears", async () => {
    const db = testDb();
    write(mc(q1, "First, reworded?", "b"));
    const removed = await sync();
    expect(removed.questions.retired).toBe(1);
    expect((await db.question.findUniqueOrThrow({ where: { id: q2 } })).retiredAt).not.toBeNull();

    write(mc(q1, "First, reworded?", "b") + "\n" + mc(q2, "Second?", "a"));
    await sync();
    expect((await db.question.findUniqueOrThrow({ where: { id: q2 } })).retiredAt).toBeNull();
  });

  it("refuses to sync content with errors", async () => {
    write(`<MultipleChoice id="${q1}" prompt="Broken?" topics={["${topic}"]}>\n  <Choice explanation="x">Only</Choice>\n</MultipleChoice>\n`);
    const content = await loadContent({ rootDir: root, compile: false });
    await expect(syncContent({ prisma: testDb(), content })).rejects.toThrow(/Refusing to sync/);
  });
});
