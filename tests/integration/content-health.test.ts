// Content health for authors on PostgreSQL: facility, the most-picked wrong choice, and the
// upper–lower discrimination index computed in SQL, checked against the pure implementation
// (lib/analytics/item-analysis.ts) on the same answers.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { analyseItems } from "@/lib/analytics/item-analysis";
import { getContentHealth } from "@/lib/authoring/content-health";
import { submitReview } from "@/lib/reviews/submit-review";
import { createCourse, createLesson, createQuestion, createUser, disconnectTestDb, multipleChoicePayload, testDb } from "./helpers/db";

afterAll(disconnectTestDb);

const MC = multipleChoicePayload(["right", true, "Right."], ["tempting", false, "Wrong."]);

describe("content health", () => {
  it("flags a question that strong learners miss, with the same D as the item analysis", async () => {
    const db = testDb();
    const course = await createCourse();
    const lesson = await createLesson({ courseId: course.id });
    const qs: { id: string }[] = [];
    for (let i = 0; i < 4; i++) qs.push(await createQuestion({ lessonId: lesson.id, position: i, payload: MC }));
    // Ten learners; q3 is answered right by the weak and wrong by the strong.
    const plan = [
      "aaab", "aaab", "aaab", "aaba", "abba", "abba", "bbba", "bbba", "bbba", "bbba",
    ];
    const attempts: { userId: string; q: number; correct: boolean }[] = [];
    for (const row of plan) {
      const user = await createUser();
      for (let q = 0; q < 4; q++) {
        const choice = row[q]!;
        await submitReview({
          db,
          actor: user,
          input: { questionId: qs[q]!.id, response: { kind: "MULTIPLE_CHOICE", choiceIds: [choice] }, rating: choice === "a" ? 3 : 1, durationMs: 1000, idempotencyKey: randomUUID(), sessionId: "s", source: "lesson", expectedVersion: null },
          enableFuzz: false,
        });
        attempts.push({ userId: user.id, q, correct: choice === "a" });
      }
    }
    const health = (await getContentHealth({ db, actor: await createUser({ role: "AUTHOR" }) })).filter((h) => qs.some((q) => q.id === h.questionId));
    expect(health).toHaveLength(4);
    const expected = analyseItems(
      qs.map((q, i) => ({
        questionId: q.id,
        kind: "MULTIPLE_CHOICE" as const,
        firstAttempts: attempts.filter((a) => a.q === i).map((a) => ({ userId: a.userId, correct: a.correct })),
        laterReviews: 0,
        laterLapses: 0,
        meanDifficulty: null,
      })),
    );
    for (const e of expected) {
      const h = health.find((x) => x.questionId === e.questionId)!;
      expect(h.facility).toBeCloseTo(e.facility!);
      expect(h.discrimination).toBeCloseTo(e.discrimination!);
    }
    const q3 = health.find((h) => h.questionId === qs[3]!.id)!;
    expect(q3.discrimination).toBeLessThan(0);
    expect(q3.flags.join(" ")).toMatch(/negative discrimination/);
    // q2: "b" picked by 7 of 10 first attempts, more than the right answer (3).
    const q2 = health.find((h) => h.questionId === qs[2]!.id)!;
    expect(q2.topWrongChoice).toEqual({ id: "b", text: "tempting", share: 0.7 });
    expect(q2.flags.join(" ")).toMatch(/the wrong choice “tempting” is picked more often than the right answer/);
  });

  it("counts the learners whose card became a leech (set aside or relearned since) and flags over one in ten", async () => {
    const db = testDb();
    const lesson = await createLesson();
    const [often, rarely] = [await createQuestion({ lessonId: lesson.id, payload: MC }), await createQuestion({ lessonId: lesson.id, position: 1, payload: MC })];
    const learners = [];
    for (let i = 0; i < 10; i++) {
      const user = await createUser();
      learners.push(user);
      for (const q of [often, rarely]) {
        await submitReview({
          db,
          actor: user,
          input: { questionId: q.id, response: { kind: "MULTIPLE_CHOICE", choiceIds: ["a"] }, rating: 3, durationMs: 1000, idempotencyKey: randomUUID(), sessionId: "s", source: "lesson", expectedVersion: null },
          enableFuzz: false,
        });
      }
    }
    const card = (userId: string, questionId: string) => ({ userId_questionId: { userId, questionId } });
    // "often": one card set aside now, one relearned since; "rarely": one set aside.
    await db.card.update({ where: card(learners[0]!.id, often.id), data: { lapses: 8, leech: true, suspended: true } });
    await db.card.update({ where: card(learners[1]!.id, often.id), data: { lapses: 9, relearnedAtLapses: 8 } });
    await db.card.update({ where: card(learners[2]!.id, rarely.id), data: { lapses: 8, leech: true, suspended: true } });
    const health = await getContentHealth({ db, actor: await createUser({ role: "AUTHOR" }) });
    const [h1, h2] = [health.find((h) => h.questionId === often.id)!, health.find((h) => h.questionId === rarely.id)!];
    expect({ leeches: h1.leeches, flagged: h1.flags.some((f) => f.startsWith("makes leeches: 2 of 10")) }).toEqual({ leeches: 2, flagged: true });
    expect({ leeches: h2.leeches, flagged: h2.flags.some((f) => f.startsWith("makes leeches")) }).toEqual({ leeches: 1, flagged: false });
  });
});
