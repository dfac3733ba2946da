import { randomUUID } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { noteGuid } from "@/lib/anki/notes";
import type { Actor } from "@/lib/auth/actor";
import { exportCourseDeck } from "@/lib/authoring/export-course-deck";
import { contentHash } from "@/lib/content/compile";
import { AppError } from "@/lib/errors";
import { exportAnkiDeck } from "@/lib/learners/export-anki-deck";
import { DAY_MS } from "@/lib/srs/day";
import { openApkg } from "../helpers/anki";
import { createCourse, createQuestion, createTopic, createUser, multipleChoicePayload, testDb, uniqueId } from "./helpers/db";
import { answerChoice } from "./helpers/answer";

const MC_PAYLOAD = multipleChoicePayload(["8 bytes", true, "Yes: 16 hex characters."], ["16 bytes", false, "That is the trace id."]);
const T0 = new Date("2026-03-02T10:00:00Z");
const SITE = "https://recall.example";

/** A lesson whose MDX source is on disk with the content hash sync would have stored, and its question. */
async function lessonWithSource({ stale = false }: { stale?: boolean } = {}) {
  const course = await createCourse({ title: "Observability basics" });
  const topic = await createTopic();
  const lessonId = uniqueId("lesson-");
  const questionId = `${lessonId}.parent-id`;
  const source = `# Parent id\n\n<MultipleChoice id="${questionId}" topics={["${topic.id}"]}>\n  <Prompt>\n  How long is the parent id in\n\n  \`\`\`text\n  00-<trace>-<parent>-01\n  \`\`\`\n  </Prompt>\n  <Choice correct explanation="Yes: 16 hex characters.">8 bytes</Choice>\n  <Choice explanation="That is the trace id.">16 bytes</Choice>\n</MultipleChoice>\n`;
  const dir = await mkdtemp(path.join(tmpdir(), "recall-anki-"));
  const file = path.join(dir, `${lessonId}.mdx`);
  await writeFile(file, source);
  const lesson = await testDb().lesson.create({
    data: {
      id: lessonId,
      courseId: course.id,
      slug: lessonId,
      title: "Anatomy of a trace",
      level: "middle",
      summary: "",
      position: 0,
      readingMinutes: 5,
      meta: {},
      code: "",
      plainText: "",
      contentHash: stale ? "an older version" : contentHash(source),
      sourcePath: file,
    },
  });
  const question = await createQuestion({ id: questionId, lessonId: lesson.id, payload: MC_PAYLOAD });
  await testDb().question.update({ where: { id: question.id }, data: { prompt: "How long is the parent id in 00-<trace>-<parent>-01" } });
  await testDb().questionTopic.create({ data: { questionId: question.id, topicId: topic.id } });
  return { course, topic, lesson, question };
}

async function answer(user: Actor, questionId: string, right: boolean, now: Date) {
  return answerChoice({ db: testDb(), user, questionId, choice: right ? "a" : "b", now, source: "review", sessionId: "s1", durationMs: 4200 });
}

describe("a learner's cards as an Anki package (real PostgreSQL)", () => {
  it("holds exactly the learner's cards, each with its FSRS memory state in cards.data and every answer in the revlog", async () => {
    const { question, course, topic, lesson } = await lessonWithSource();
    const other = await createQuestion({ lessonId: lesson.id, id: `${lesson.id}.other`, payload: MC_PAYLOAD });
    const user = await createUser({ timezone: "Asia/Kolkata", desiredRetention: 0.87 });
    const someoneElse = await createUser();
    await answer(user, question.id, true, T0);
    await answer(user, question.id, true, new Date(T0.getTime() + 11 * 60_000));
    await answer(someoneElse, other.id, true, T0);
    const card = await testDb().card.findUniqueOrThrow({ where: { userId_questionId: { userId: user.id, questionId: question.id } } });

    const now = new Date(T0.getTime() + DAY_MS);
    const pkg = await openApkg(await exportAnkiDeck({ db: testDb(), actor: user, now, siteUrl: SITE }));
    const notes = pkg.rows<{ guid: string; tags: string; flds: string }>("SELECT guid, tags, flds FROM notes");
    expect(notes.map((n) => n.guid)).toEqual([noteGuid(question.id)]);
    expect(notes[0].tags.trim().split(" ")).toEqual(["recall", `course::${course.id}`, `lesson::${lesson.id}`, "level::middle", `topic::${topic.id}`]);

    const [ankiCard] = pkg.rows<{ type: number; queue: number; reps: number; data: string }>("SELECT type, queue, reps, data FROM cards");
    expect(card.state).toBe("REVIEW");
    expect(ankiCard).toMatchObject({ type: 2, queue: 2, reps: card.reps });
    expect(JSON.parse(ankiCard.data)).toEqual({
      s: Math.round(card.stability * 10_000) / 10_000,
      d: Math.round(card.difficulty * 1_000) / 1_000,
      dr: 0.87,
      decay: 0.154,
      lrt: Math.floor(card.lastReview!.getTime() / 1000),
    });
    const revlog = pkg.rows<{ id: number; ease: number; time: number }>("SELECT id, ease, time FROM revlog ORDER BY id");
    expect(revlog).toEqual([
      { id: T0.getTime(), ease: 3, time: 4200 },
      { id: T0.getTime() + 11 * 60_000, ease: 3, time: 4200 },
    ]);
    pkg.close();
  });

  it("renders the prompt from the lesson's MDX (code as <pre><code>) with the lesson link, and falls back on the stored text when the file changed", async () => {
    const fresh = await lessonWithSource();
    const stale = await lessonWithSource({ stale: true });
    const user = await createUser();
    await answer(user, fresh.question.id, true, T0);
    await answer(user, stale.question.id, true, T0);
    const pkg = await openApkg(await exportAnkiDeck({ db: testDb(), actor: user, now: T0, siteUrl: SITE }));
    const byGuid = new Map(pkg.rows<{ guid: string; flds: string }>("SELECT guid, flds FROM notes").map((n) => [n.guid, n.flds.split("\x1f")]));
    const [prompt, answerField, explanation, lessonField] = byGuid.get(noteGuid(fresh.question.id))!;
    expect(prompt).toContain("<pre><code class=\"language-text\">00-&lt;trace&gt;-&lt;parent&gt;-01</code></pre>");
    expect(answerField).toBe("<ul><li>A. 8 bytes</li></ul>");
    expect(explanation).toContain("B: That is the trace id.");
    expect(lessonField).toBe(`<a href="${SITE}/lessons/${fresh.lesson.id}">Anatomy of a trace</a>`);
    expect(byGuid.get(noteGuid(stale.question.id))![0]).toBe('<p>How long is the parent id in 00-&lt;trace&gt;-&lt;parent&gt;-01</p><ol type="A"><li>8 bytes</li><li>16 bytes</li></ol>');
    pkg.close();
  });

  it("marks a leech with Anki's leech tag and suspends its card", async () => {
    const { question } = await lessonWithSource();
    const user = await createUser();
    await answer(user, question.id, true, T0);
    await testDb().card.update({ where: { userId_questionId: { userId: user.id, questionId: question.id } }, data: { leech: true, suspended: true } });
    const pkg = await openApkg(await exportAnkiDeck({ db: testDb(), actor: user, now: T0, siteUrl: SITE }));
    expect(pkg.rows<{ tags: string }>("SELECT tags FROM notes")[0].tags).toContain(" leech ");
    expect(pkg.rows<{ queue: number }>("SELECT queue FROM cards")[0].queue).toBe(-1);
    pkg.close();
  });

  it("gives a learner with no cards a valid package with no notes", async () => {
    const user = await createUser();
    const pkg = await openApkg(await exportAnkiDeck({ db: testDb(), actor: user, now: T0, siteUrl: SITE }));
    expect(pkg.rows("SELECT id FROM notes")).toEqual([]);
    expect(pkg.col.ver).toBe(11);
    pkg.close();
  });

  it("exports several learners at once, each package holding only its own learner's cards", async () => {
    const { question, lesson } = await lessonWithSource();
    const second = await createQuestion({ lessonId: lesson.id, id: `${lesson.id}.second`, payload: MC_PAYLOAD });
    const users = await Promise.all([createUser(), createUser(), createUser()]);
    await answer(users[0], question.id, true, T0);
    await answer(users[1], second.id, true, T0);
    await answer(users[2], question.id, true, T0);
    await answer(users[2], second.id, true, T0);
    const packages = await Promise.all(users.map(async (u) => openApkg(await exportAnkiDeck({ db: testDb(), actor: u, now: T0, siteUrl: SITE }))));
    const guids = packages.map((p) => p.rows<{ guid: string }>("SELECT guid FROM notes ORDER BY guid").map((n) => n.guid));
    expect(guids).toEqual([[noteGuid(question.id)], [noteGuid(second.id)], [noteGuid(question.id), noteGuid(second.id)].sort()]);
    for (const p of packages) p.close();
  });
});

describe("a course as an Anki package, for authors", () => {
  it("refuses a learner and an instructor with FORBIDDEN and an unknown course with NOT_FOUND", async () => {
    const codes = await Promise.all(
      [
        exportCourseDeck({ actor: { id: randomUUID(), role: "LEARNER" }, courseId: "observability", now: T0, siteUrl: SITE }),
        exportCourseDeck({ actor: { id: randomUUID(), role: "INSTRUCTOR" }, courseId: "observability", now: T0, siteUrl: SITE }),
        exportCourseDeck({ actor: { id: randomUUID(), role: "AUTHOR" }, courseId: "no-such-course", now: T0, siteUrl: SITE }),
        exportCourseDeck({ actor: { id: randomUUID(), role: "AUTHOR" }, courseId: "../../etc", now: T0, siteUrl: SITE }),
      ].map((p) => p.then(() => "OK").catch((e) => (e instanceof AppError ? e.code : String(e)))),
    );
    expect(codes).toEqual(["FORBIDDEN", "FORBIDDEN", "NOT_FOUND", "NOT_FOUND"]);
  });

  it("holds one new card per question of the course's content, in lesson order, tagged by topic and level", async () => {
    const { loadContent } = await import("@/lib/content/load");
    const content = await loadContent({ rootDir: "content", compile: false });
    const course = content.courses[0];
    const expected = content.lessons
      .filter((l) => l.courseId === course.id)
      .sort((a, b) => a.position - b.position)
      .flatMap((l) => content.questions.filter((q) => q.lessonId === l.id).sort((a, b) => a.position - b.position));
    const { bytes } = await exportCourseDeck({ actor: { id: randomUUID(), role: "AUTHOR" }, courseId: course.id, now: T0, siteUrl: SITE });
    const pkg = await openApkg(bytes);
    const notes = pkg.rows<{ guid: string; tags: string; flds: string }>("SELECT guid, tags, flds FROM notes ORDER BY id");
    expect(notes.map((n) => n.guid)).toEqual(expected.map((q) => noteGuid(q.id)));
    for (const [i, q] of expected.entries()) {
      const tags = notes[i].tags.trim().split(" ");
      for (const t of q.topics) expect(tags).toContain(`topic::${t}`);
      expect(tags.some((t) => t.startsWith("level::"))).toBe(true);
      expect(notes[i].flds).not.toMatch(/<(Prompt|Choice|Answer|KeyPoint|Solution)\b/);
    }
    const cards = pkg.rows<{ type: number; queue: number; due: number; data: string }>("SELECT type, queue, due, data FROM cards ORDER BY id");
    expect(cards.every((c) => c.type === 0 && c.queue === 0 && c.data === "{}")).toBe(true);
    expect(cards.map((c) => c.due)).toEqual(expected.map((_, i) => i));
    pkg.close();
  });
});
