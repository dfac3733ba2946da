// Who gets the answer key from gradeAnswerAction (docs/decisions/011-answer-key.md): nobody without
// an account; a signed-in learner only with the attempt recorded — a wrong multiple-choice or
// estimate answer is recorded (Again) as it is graded, exactly once however often it is retried.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { createLesson, createUser, disconnectTestDb, testDb, uniqueId } from "./helpers/db";

const auth = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/session", () => ({
  getCurrentUser: async () => auth.user,
  requireUser: async () => {
    if (!auth.user) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
    return auth.user;
  },
}));

const quiz = await import("@/app/actions/quiz");

let mcId: string;
let estimateId: string;
let freeRecallId: string;

beforeAll(async () => {
  const db = testDb();
  const lesson = await createLesson();
  mcId = uniqueId("q-mc-");
  estimateId = uniqueId("q-est-");
  freeRecallId = uniqueId("q-fr-");
  await db.question.createMany({
    data: [
      {
        id: mcId,
        lessonId: lesson.id,
        kind: "MULTIPLE_CHOICE",
        prompt: "Span id size?",
        payload: { kind: "MULTIPLE_CHOICE", multiple: false, choices: [{ id: "a", text: "8 bytes", correct: true, explanation: "SECRET-A" }, { id: "b", text: "16", correct: false, explanation: "SECRET-B" }] },
        answerHash: "h",
        contentHash: "c",
        position: 0,
      },
      {
        id: estimateId,
        lessonId: lesson.id,
        kind: "ESTIMATE",
        prompt: "Spans a day?",
        payload: { kind: "ESTIMATE", answer: 864000000, unit: "spans", tolerance: { type: "relative", value: 0.5 }, solution: "SECRET-SOLUTION" },
        answerHash: "h",
        contentHash: "c",
        position: 1,
      },
      {
        id: freeRecallId,
        lessonId: lesson.id,
        kind: "FREE_RECALL",
        prompt: "Why sample?",
        payload: { kind: "FREE_RECALL", answer: "Cost.", keyPoints: [{ text: "It costs", keywords: ["cost"] }] },
        answerHash: "h",
        contentHash: "c",
        position: 2,
      },
    ],
  });
});
afterAll(async () => {
  await disconnectTestDb();
});

async function learner(): Promise<SessionUser> {
  const u = await createUser();
  return { id: u.id, email: u.email, name: u.name, role: u.role, timezone: u.timezone, dayStartHour: u.dayStartHour, desiredRetention: u.desiredRetention, tokenVersion: u.tokenVersion, fsrsParams: null };
}

const recordFields = () => ({ durationMs: 3000, idempotencyKey: randomUUID(), sessionId: "key-test", source: "lesson", expectedVersion: null });
const SECRETS = /SECRET|864000000|correctIds|explanations/;

describe("the answer key", () => {
  it("is not given to an anonymous visitor: multiple choice and estimates answer UNAUTHENTICATED, right or wrong", async () => {
    auth.user = null;
    for (const input of [
      { questionId: mcId, response: { kind: "MULTIPLE_CHOICE", choiceIds: ["a"] } },
      { questionId: mcId, response: { kind: "MULTIPLE_CHOICE", choiceIds: ["b"] } },
      { questionId: estimateId, response: { kind: "ESTIMATE", value: 1 } },
      { questionId: estimateId, response: { kind: "ESTIMATE", value: 864000000 } },
    ]) {
      const result = await quiz.gradeAnswerAction(input);
      expect(result).toMatchObject({ ok: false, code: "UNAUTHENTICATED", message: expect.stringMatching(/^Sign in to check your answer/) });
      expect(JSON.stringify(result)).not.toMatch(SECRETS);
    }
  });

  it("still lets a visitor self-grade free recall, whose model answer is on the page anyway", async () => {
    auth.user = null;
    expect(await quiz.gradeAnswerAction({ questionId: freeRecallId, response: { kind: "FREE_RECALL", text: "the cost" } })).toMatchObject({ ok: true, feedback: { kind: "FREE_RECALL", found: [0] } });
  });

  it("gives a signed-in learner's wrong answer the key only together with recording it as Again", async () => {
    const user = await learner();
    auth.user = user;
    const db = testDb();
    const wrongMc = await quiz.gradeAnswerAction({ questionId: mcId, response: { kind: "MULTIPLE_CHOICE", choiceIds: ["b"] }, ...recordFields() });
    expect(wrongMc).toMatchObject({ ok: true, feedback: { correct: false, correctIds: ["a"], explanations: { b: "SECRET-B" } }, recorded: { ok: true, duplicate: false, correct: false } });
    const wrongEstimate = await quiz.gradeAnswerAction({ questionId: estimateId, response: { kind: "ESTIMATE", value: 5 }, ...recordFields() });
    expect(wrongEstimate).toMatchObject({ ok: true, feedback: { correct: false, answer: 864000000, solution: "SECRET-SOLUTION" }, recorded: { correct: false } });
    const logs = await db.reviewLog.findMany({ where: { userId: user.id }, orderBy: { id: "asc" } });
    expect(logs.map((l) => [l.questionId, l.rating, l.correct])).toEqual([
      [mcId, 1, false],
      [estimateId, 1, false],
    ]);
  });

  it("refuses a signed-in learner's wrong answer sent without what recording needs, revealing nothing", async () => {
    const user = await learner();
    auth.user = user;
    const result = await quiz.gradeAnswerAction({ questionId: mcId, response: { kind: "MULTIPLE_CHOICE", choiceIds: ["b"] } });
    expect(result).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    expect(JSON.stringify(result)).not.toMatch(SECRETS);
    expect(await testDb().reviewLog.count({ where: { userId: user.id } })).toBe(0);
  });

  it("grades a signed-in learner's right answer without recording it: the learner picks Hard, Good or Easy next", async () => {
    const user = await learner();
    auth.user = user;
    const right = await quiz.gradeAnswerAction({ questionId: mcId, response: { kind: "MULTIPLE_CHOICE", choiceIds: ["a"] }, ...recordFields() });
    expect(right).toMatchObject({ ok: true, feedback: { correct: true }, intervals: { 2: expect.any(String), 3: expect.any(String), 4: expect.any(String) } });
    expect(right).not.toHaveProperty("recorded");
    expect(await testDb().reviewLog.count({ where: { userId: user.id } })).toBe(0);
  });

  it("records a wrong answer once when its grading is sent several times at once (same idempotency key)", async () => {
    const user = await learner();
    auth.user = user;
    const input = { questionId: mcId, response: { kind: "MULTIPLE_CHOICE", choiceIds: ["b"] }, ...recordFields() };
    const results = await Promise.all([1, 2, 3, 4].map(() => quiz.gradeAnswerAction(input)));
    for (const r of results) expect(r).toMatchObject({ ok: true, feedback: { correctIds: ["a"] }, recorded: { ok: true } });
    expect(results.map((r) => (r as { recorded?: { duplicate: boolean } }).recorded?.duplicate).sort()).toEqual([false, true, true, true]);
    expect(await testDb().reviewLog.count({ where: { userId: user.id } })).toBe(1);
  });
});
