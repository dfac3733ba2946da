// Answers through the real functions on a real database: review cards come due at the start of the
// learner's learning day, the log's elapsed days are learning days, a move to another zone keeps the
// cards and counts the next answer in the new days, the queue shows what is due by now, and `correct`
// is the grade (rating > 1) whatever the kind.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getReviewQueue } from "@/lib/reviews/get-review-queue";
import { previewForQuestion } from "@/lib/reviews/preview";
import { submitReview } from "@/lib/reviews/submit-review";
import { updateSettings } from "@/lib/learners/update-settings";
import { learningDaysBetween } from "@/lib/srs/day";
import { createQuestion, createUser, testDb } from "./helpers/db";

const MC = {
  kind: "MULTIPLE_CHOICE",
  multiple: false,
  choices: [
    { id: "a", text: "8 bytes", correct: true, explanation: "Yes." },
    { id: "b", text: "16 bytes", correct: false, explanation: "That is the trace id." },
  ],
};
const FREE_RECALL = {
  kind: "FREE_RECALL",
  answer: "Keep whole traces: decide at the root and propagate the decision.",
  keyPoints: [
    { text: "Decide at the root", keywords: ["root"] },
    { text: "Propagate the decision", keywords: ["propagate"] },
  ],
};
const ESTIMATE = { kind: "ESTIMATE", answer: 86_400, unit: "s", tolerance: { type: "relative", value: 0.1 }, solution: "24 × 3600." };

function input(questionId: string, response: unknown, rating: number, expectedVersion: number | null = null) {
  return { questionId, response, rating, durationMs: 3000, idempotencyKey: randomUUID(), sessionId: "s", source: "review", expectedVersion };
}

function localTime(instant: Date, timezone: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone: timezone, hourCycle: "h23", hour: "2-digit", minute: "2-digit" }).format(instant);
}

describe("review cards in the learner's days", () => {
  it("a Los Angeles learner (day from 04:00) answering Easy at 17:30 has the card due at 04:00 local, and the button said so", async () => {
    const db = testDb();
    const user = await createUser({ timezone: "America/Los_Angeles", dayStartHour: 4 });
    const q = await createQuestion({ payload: MC });
    const now = new Date("2026-06-10T00:30:00Z"); // 17:30 PDT on 9 June
    const labels = await previewForQuestion({ db, actor: user, questionId: q.id, now });
    const result = await submitReview({ db, actor: user, input: input(q.id, { kind: "MULTIPLE_CHOICE", choiceIds: ["a"] }, 4), now, enableFuzz: false });
    const card = await db.card.findUniqueOrThrow({ where: { userId_questionId: { userId: user.id, questionId: q.id } } });
    expect(card.state).toBe("REVIEW");
    expect(card.due).toEqual(new Date("2026-06-17T11:00:00Z")); // 04:00 PDT on 17 June: 9 June + 8 learning days
    expect(localTime(card.due, user.timezone)).toBe("04:00");
    expect(result.nextIntervalLabel).toBe("8d");
    expect(labels[4]).toBe("8d");
  });

  it("17:30 and 09:00 the next local day are a day apart in the log, though on one UTC date", async () => {
    const db = testDb();
    const user = await createUser({ timezone: "America/Los_Angeles", dayStartHour: 4 });
    const q = await createQuestion({ payload: MC });
    const first = await submitReview({ db, actor: user, input: input(q.id, { kind: "MULTIPLE_CHOICE", choiceIds: ["a"] }, 4), now: new Date("2026-06-10T00:30:00Z"), enableFuzz: false });
    await submitReview({ db, actor: user, input: input(q.id, { kind: "MULTIPLE_CHOICE", choiceIds: ["a"] }, 3, first.version), now: new Date("2026-06-10T16:00:00Z"), enableFuzz: false });
    const logs = await db.reviewLog.findMany({ where: { userId: user.id }, orderBy: { id: "asc" } });
    expect(logs.map((l) => l.elapsedDays)).toEqual([0, 1]);
    const card = await db.card.findUniqueOrThrow({ where: { userId_questionId: { userId: user.id, questionId: q.id } } });
    expect(card.elapsedDays).toBe(1);
  });

  it("a learner who moves keeps every card's due; the next answer counts days in the new zone", async () => {
    const db = testDb();
    const user = await createUser({ timezone: "Asia/Tokyo", dayStartHour: 4 });
    const q = await createQuestion({ payload: MC });
    const answeredAt = new Date("2026-06-10T01:00:00Z"); // 10:00 JST on 10 June; 18:00 PDT on the 9th
    const first = await submitReview({ db, actor: user, input: input(q.id, { kind: "MULTIPLE_CHOICE", choiceIds: ["a"] }, 4), now: answeredAt, enableFuzz: false });
    const before = await db.card.findUniqueOrThrow({ where: { userId_questionId: { userId: user.id, questionId: q.id } } });

    const moved = await updateSettings({ db, actor: user, input: { name: user.name, timezone: "America/Los_Angeles", dayStartHour: "4", desiredRetention: "0.9" } });
    expect(moved.timezone).toBe("America/Los_Angeles");
    const after = await db.card.findUniqueOrThrow({ where: { userId_questionId: { userId: user.id, questionId: q.id } } });
    expect(after.due).toEqual(before.due);

    const next = new Date("2026-06-10T15:00:00Z"); // 08:00 PDT on 10 June; still 10 June's learning day in Tokyo
    const learner = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    await submitReview({ db, actor: learner, input: input(q.id, { kind: "MULTIPLE_CHOICE", choiceIds: ["a"] }, 3, first.version), now: next, enableFuzz: false });
    const log = await db.reviewLog.findFirstOrThrow({ where: { userId: user.id }, orderBy: { id: "desc" } });
    expect(log.elapsedDays).toBe(1);
    expect(learningDaysBetween(answeredAt, next, { timezone: "Asia/Tokyo", dayStartHour: 4 })).toBe(0);
    const card = await db.card.findUniqueOrThrow({ where: { userId_questionId: { userId: user.id, questionId: q.id } } });
    expect(localTime(card.due, "America/Los_Angeles")).toBe("04:00");
  });

  it("the queue holds a card from the start of its due day, not a minute before", async () => {
    const db = testDb();
    const user = await createUser({ timezone: "Asia/Kolkata", dayStartHour: 4 });
    const q = await createQuestion({ payload: MC });
    await submitReview({ db, actor: user, input: input(q.id, { kind: "MULTIPLE_CHOICE", choiceIds: ["a"] }, 4), now: new Date("2026-06-01T15:30:00Z"), enableFuzz: false });
    const card = await db.card.findUniqueOrThrow({ where: { userId_questionId: { userId: user.id, questionId: q.id } } });
    expect(card.due).toEqual(new Date("2026-06-08T22:30:00Z")); // 04:00 IST on 9 June
    const queued = async (now: Date) => (await getReviewQueue({ db, actor: user, now })).cards.map((c) => c.questionId);
    expect(await queued(new Date("2026-06-08T22:29:00Z"))).toEqual([]);
    expect(await queued(new Date("2026-06-08T22:30:00Z"))).toEqual([q.id]);
  });
});

describe("correct is the grade", () => {
  it("an empty free-recall answer graded Again is stored as not correct, and no log anywhere has correct ≠ (rating > 1)", async () => {
    const db = testDb();
    const user = await createUser();
    const fr = await createQuestion({ kind: "FREE_RECALL", payload: FREE_RECALL });
    const mc = await createQuestion({ payload: MC });
    const est = await createQuestion({ kind: "ESTIMATE", payload: ESTIMATE });
    const now = new Date("2026-06-01T12:00:00Z");
    // Fired together, as a learner working fast through a lesson would.
    const results = await Promise.all([
      submitReview({ db, actor: user, input: input(fr.id, { kind: "FREE_RECALL", text: "" }, 1), now, enableFuzz: false }),
      submitReview({ db, actor: user, input: input(mc.id, { kind: "MULTIPLE_CHOICE", choiceIds: ["b"] }, 1), now, enableFuzz: false }),
      submitReview({ db, actor: user, input: input(est.id, { kind: "ESTIMATE", value: 90_000, unit: "s" }, 2), now, enableFuzz: false }),
    ]);
    expect(results.map((r) => r.correct)).toEqual([false, false, true]);
    const frLog = await db.reviewLog.findFirstOrThrow({ where: { userId: user.id, questionId: fr.id } });
    expect(frLog.correct).toBe(false);
    const [{ mismatched }] = await db.$queryRaw<{ mismatched: number }[]>`SELECT count(*)::int AS mismatched FROM "ReviewLog" WHERE correct <> (rating > 1)`;
    expect(mismatched).toBe(0);
  });

  it("free recall that makes every key point but is graded Again is not correct either", async () => {
    const db = testDb();
    const user = await createUser();
    const fr = await createQuestion({ kind: "FREE_RECALL", payload: FREE_RECALL });
    const result = await submitReview({ db, actor: user, input: input(fr.id, { kind: "FREE_RECALL", text: "decide at the root, propagate it" }, 1), now: new Date("2026-06-01T12:00:00Z"), enableFuzz: false });
    expect(result.correct).toBe(false);
  });
});
