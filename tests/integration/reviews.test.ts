import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { submitReview } from "@/lib/reviews/submit-review";
import { undoReview } from "@/lib/reviews/undo-review";
import { getReviewQueue } from "@/lib/reviews/get-review-queue";
import { createLesson, createUser, multipleChoicePayload, testDb } from "./helpers/db";
import { code } from "./helpers/outcome";

const MC_PAYLOAD = multipleChoicePayload(["8 bytes", true, "Yes."], ["16 bytes", false, "That is the trace id."]);

async function mcQuestion() {
  const lesson = await createLesson();
  return testDb().question.create({
    data: { id: `q-${randomUUID()}`, lessonId: lesson.id, kind: "MULTIPLE_CHOICE", prompt: "Span id size?", payload: MC_PAYLOAD, answerHash: "h1", contentHash: "c1", position: 0 },
  });
}

const T0 = new Date("2026-03-02T10:00:00Z");

function answer(questionId: string, overrides: Record<string, unknown> = {}) {
  return {
    questionId,
    response: { kind: "MULTIPLE_CHOICE", choiceIds: ["a"] },
    rating: 3,
    durationMs: 4200,
    idempotencyKey: randomUUID(),
    sessionId: "s1",
    source: "lesson",
    expectedVersion: null,
    ...overrides,
  };
}

describe("submitting answers", () => {
  it("creates the card and one log with the card before and after", async () => {
    const db = testDb();
    const user = await createUser();
    const q = await mcQuestion();
    const result = await submitReview({ db, actor: user, input: answer(q.id), now: T0, enableFuzz: false });
    expect(result).toMatchObject({ duplicate: false, correct: true, state: "LEARNING", version: 0 });
    const logs = await db.reviewLog.findMany({ where: { userId: user.id } });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ rating: 3, correct: true, durationMs: 4200, stateBefore: "NEW", source: "lesson", sessionId: "s1" });
    expect(logs[0].cardBefore).toMatchObject({ state: "NEW", existed: false });
    expect(logs[0].cardAfter).toMatchObject({ state: "LEARNING" });
  });

  it("records a retried or double-clicked answer once (same idempotency key)", async () => {
    const db = testDb();
    const user = await createUser();
    const q = await mcQuestion();
    const input = answer(q.id);
    const [a, b] = await Promise.all([
      submitReview({ db, actor: user, input, now: T0, enableFuzz: false }),
      submitReview({ db, actor: user, input, now: T0, enableFuzz: false }),
    ]);
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
    expect(a.reviewLogId).toBe(b.reviewLogId);
    expect(await db.reviewLog.count({ where: { userId: user.id } })).toBe(1);
  });

  it("refuses an idempotency key reused for a different answer with CONFLICT, and records nothing for it", async () => {
    const db = testDb();
    const user = await createUser();
    const q = await mcQuestion();
    const other = await mcQuestion();
    const first = answer(q.id);
    await submitReview({ db, actor: user, input: first, now: T0, enableFuzz: false });
    const logBefore = await db.reviewLog.findMany({ where: { userId: user.id } });
    const later = new Date(T0.getTime() + 60_000);
    const reuses = [
      { ...first, rating: 4 },
      { ...first, response: { kind: "MULTIPLE_CHOICE", choiceIds: ["b"] }, rating: 1 },
      { ...first, questionId: other.id },
    ];
    for (const input of reuses) expect(await code(submitReview({ db, actor: user, input, now: later, enableFuzz: false }))).toBe("CONFLICT");
    // The same answer again, with another duration (a retry measures its own), is still the duplicate.
    expect(await submitReview({ db, actor: user, input: { ...first, durationMs: 9000 }, now: later, enableFuzz: false })).toMatchObject({ duplicate: true });
    expect(await db.reviewLog.findMany({ where: { userId: user.id } })).toEqual(logBefore);
    expect(await db.card.count({ where: { userId: user.id, questionId: other.id } })).toBe(0);
  });

  it("lets one of two simultaneous answers under one key with different payloads be recorded; the other gets CONFLICT", async () => {
    const db = testDb();
    const user = await createUser();
    const q = await mcQuestion();
    const key = randomUUID();
    for (let attempt = 0; attempt < 5; attempt++) {
      const idempotencyKey = `${key}-${attempt}`;
      const outcomes = await Promise.all([
        code(submitReview({ db, actor: user, input: answer(q.id, { idempotencyKey, rating: 3, expectedVersion: null }), now: T0, enableFuzz: false })),
        code(submitReview({ db, actor: user, input: answer(q.id, { idempotencyKey, rating: 4, expectedVersion: null }), now: T0, enableFuzz: false })),
      ]);
      expect(outcomes.sort()).toEqual(["CONFLICT", "OK"]);
      await db.reviewLog.deleteMany({ where: { userId: user.id } });
      await db.card.deleteMany({ where: { userId: user.id } });
    }
  });

  it("lets exactly one of two tabs answer the same card; the other gets CONFLICT", async () => {
    const db = testDb();
    const user = await createUser();
    const q = await mcQuestion();
    await submitReview({ db, actor: user, input: answer(q.id), now: T0, enableFuzz: false });
    const card = await db.card.findUniqueOrThrow({ where: { userId_questionId: { userId: user.id, questionId: q.id } } });
    const later = new Date(T0.getTime() + 3_600_000);
    const outcomes = await Promise.all(
      [1, 2].map(() => code(submitReview({ db, actor: user, input: answer(q.id, { expectedVersion: card.version, source: "review" }), now: later, enableFuzz: false }))),
    );
    expect(outcomes.sort()).toEqual(["CONFLICT", "OK"]);
    expect(await db.reviewLog.count({ where: { userId: user.id } })).toBe(2);
    const after = await db.card.findUniqueOrThrow({ where: { id: card.id } });
    expect(after.version).toBe(card.version + 1);
  });

  it("lets one of two first answers create the card", async () => {
    const db = testDb();
    const user = await createUser();
    const q = await mcQuestion();
    const outcomes = await Promise.all([1, 2].map(() => code(submitReview({ db, actor: user, input: answer(q.id), now: T0, enableFuzz: false }))));
    expect(outcomes.sort()).toEqual(["CONFLICT", "OK"]);
    expect(await db.card.count({ where: { userId: user.id } })).toBe(1);
    expect(await db.reviewLog.count({ where: { userId: user.id } })).toBe(1);
  });

  it("re-grades on the server: a wrong answer cannot be graded Good", async () => {
    const db = testDb();
    const user = await createUser();
    const q = await mcQuestion();
    expect(await code(submitReview({ db, actor: user, input: answer(q.id, { response: { kind: "MULTIPLE_CHOICE", choiceIds: ["b"] } }), now: T0 }))).toBe("INVALID_INPUT");
    expect(await db.reviewLog.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.card.count({ where: { userId: user.id } })).toBe(0);
  });

  it("undo gives back the exact card and removes the log; undoing the first answer removes the card", async () => {
    const db = testDb();
    const user = await createUser();
    const q = await mcQuestion();
    const first = await submitReview({ db, actor: user, input: answer(q.id), now: T0, enableFuzz: false });
    const before = await db.card.findUniqueOrThrow({ where: { userId_questionId: { userId: user.id, questionId: q.id } } });
    const second = await submitReview({
      db,
      actor: user,
      input: answer(q.id, { expectedVersion: before.version, rating: 4 }),
      now: new Date(T0.getTime() + 600_000),
      enableFuzz: false,
    });
    const undone = await undoReview({ db, actor: user, input: { reviewLogId: second.reviewLogId } });
    const restored = await db.card.findUniqueOrThrow({ where: { id: before.id } });
    const fields = ["due", "stability", "difficulty", "elapsedDays", "scheduledDays", "learningSteps", "reps", "lapses", "state", "lastReview"] as const;
    for (const f of fields) expect(restored[f], f).toEqual(before[f]);
    expect(undone.version).toBe(restored.version);
    expect(await db.reviewLog.count({ where: { userId: user.id } })).toBe(1);

    await undoReview({ db, actor: user, input: { reviewLogId: first.reviewLogId } });
    expect(await db.card.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.reviewLog.count({ where: { userId: user.id } })).toBe(0);
  });

  it("never lets a learner undo another learner's answer", async () => {
    const db = testDb();
    const [owner, intruder] = [await createUser(), await createUser()];
    const q = await mcQuestion();
    const r = await submitReview({ db, actor: owner, input: answer(q.id), now: T0 });
    expect(await code(undoReview({ db, actor: intruder, input: { reviewLogId: r.reviewLogId } }))).toBe("NOT_FOUND");
    expect(await db.reviewLog.count({ where: { userId: owner.id } })).toBe(1);
  });

  it("flags a card as a leech at its 8th lapse and takes it out of the queue", async () => {
    const db = testDb();
    const user = await createUser();
    const q = await mcQuestion();
    await submitReview({ db, actor: user, input: answer(q.id), now: T0, enableFuzz: false });
    const card = await db.card.update({
      where: { userId_questionId: { userId: user.id, questionId: q.id } },
      data: { state: "REVIEW", lapses: 7, stability: 3, difficulty: 8, scheduledDays: 3, due: T0, lastReview: new Date(T0.getTime() - 3 * 86_400_000) },
    });
    const result = await submitReview({
      db,
      actor: user,
      input: answer(q.id, { response: { kind: "MULTIPLE_CHOICE", choiceIds: ["b"] }, rating: 1, expectedVersion: card.version, source: "review" }),
      now: T0,
      enableFuzz: false,
    });
    expect(result).toMatchObject({ leech: true, correct: false });
    const after = await db.card.findUniqueOrThrow({ where: { id: card.id } });
    expect(after).toMatchObject({ lapses: 8, leech: true, suspended: true });
    const queue = await getReviewQueue({ db, actor: user, now: new Date(T0.getTime() + 30 * 86_400_000) });
    expect(queue.cards.map((c) => c.cardId)).not.toContain(card.id);
  });

  it("orders the due queue most-forgotten first and scopes it to the learner", async () => {
    const db = testDb();
    const [user, other] = [await createUser(), await createUser()];
    const [q1, q2] = [await mcQuestion(), await mcQuestion()];
    const base = { difficulty: 5, scheduledDays: 10, reps: 3, lapses: 0, state: "REVIEW" as const, answerHash: "h1", due: T0 };
    await db.card.create({ data: { ...base, userId: user.id, questionId: q1.id, stability: 30, lastReview: new Date(T0.getTime() - 10 * 86_400_000) } });
    await db.card.create({ data: { ...base, userId: user.id, questionId: q2.id, stability: 2, lastReview: new Date(T0.getTime() - 10 * 86_400_000) } });
    await db.card.create({ data: { ...base, userId: other.id, questionId: q1.id, stability: 1, lastReview: new Date(T0.getTime() - 10 * 86_400_000) } });
    const queue = await getReviewQueue({ db, actor: user, now: T0 });
    expect(queue.cards.map((c) => c.questionId)).toEqual([q2.id, q1.id]);
    expect(queue.dueCount).toBe(2);
  });
});

describe("starting a lesson", () => {
  it("records the lesson as started once from its first answers, fired together, and not from a review session", async () => {
    const db = testDb();
    const user = await createUser();
    const q = await mcQuestion();
    const other = await db.question.create({
      data: { id: `q-${randomUUID()}`, lessonId: q.lessonId, kind: "MULTIPLE_CHOICE", prompt: "Trace id size?", payload: MC_PAYLOAD, answerHash: "h1", contentHash: "c2", position: 1 },
    });
    const reviewOnly = await mcQuestion();
    await submitReview({ db, actor: user, input: answer(reviewOnly.id, { source: "review" }), now: T0, enableFuzz: false });
    await Promise.all([q.id, other.id].map((id) => submitReview({ db, actor: user, input: answer(id), now: T0, enableFuzz: false })));
    const progress = await db.lessonProgress.findMany({ where: { userId: user.id }, select: { lessonId: true, startedAt: true, completedAt: true } });
    expect(progress).toEqual([{ lessonId: q.lessonId, startedAt: T0, completedAt: null }]);
  });
});
