import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { deleteAccount } from "@/lib/learners/delete-account";
import { requestPasswordReset } from "@/lib/learners/request-password-reset";
import { exportCardsJson, exportReviewsCsv } from "@/lib/learners/export-data";
import { createCard, createQuestion, createUser, testDb, uniqueId } from "./helpers/db";

async function addLog(userId: string, cardId: string, questionId: string, at: Date, rating = 3) {
  await testDb().reviewLog.create({
    data: {
      userId, questionId, cardId, rating, response: { kind: "FREE_RECALL", text: "" }, correct: rating > 1, durationMs: 5000, reviewedAt: at,
      stateBefore: "REVIEW", cardBefore: {}, cardAfter: {}, elapsedDays: 1, scheduledDays: 2, idempotencyKey: `${cardId}-${at.getTime()}`, sessionId: "s", source: "review",
    },
  });
}

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe("a learner's data", () => {
  it("exports only the learner's own reviews, in the FSRS optimizer's columns", async () => {
    const [me, other] = [await createUser(), await createUser()];
    const q = await createQuestion();
    const mine = await createCard({ userId: me.id, questionId: q.id });
    const theirs = await createCard({ userId: other.id, questionId: q.id });
    await addLog(me.id, mine.id, q.id, new Date("2026-01-01T10:00:00Z"), 3);
    await addLog(me.id, mine.id, q.id, new Date("2026-01-03T10:00:00Z"), 1);
    await addLog(other.id, theirs.id, q.id, new Date("2026-01-02T10:00:00Z"), 4);
    const csv = await text(await exportReviewsCsv({ db: testDb(), actor: me }));
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe("card_id,review_time,review_rating,review_state,review_duration,question_id,correct");
    expect(lines.slice(1)).toEqual([
      `"${mine.id}",${Date.parse("2026-01-01T10:00:00Z")},3,2,5000,"${q.id}",true`,
      `"${mine.id}",${Date.parse("2026-01-03T10:00:00Z")},1,2,5000,"${q.id}",false`,
    ]);
    const cards = await exportCardsJson({ db: testDb(), actor: me });
    expect(cards.cards.map((c) => c.id)).toEqual([mine.id]);
  });

  it("deletes the account with its cards, logs, progress, reset links and queued mail, after the password is confirmed", async () => {
    const user = await createUser({ password: "a long password" });
    const q = await createQuestion();
    const card = await createCard({ userId: user.id, questionId: q.id });
    await addLog(user.id, card.id, q.id, new Date());
    await requestPasswordReset({ db: testDb(), input: { email: user.email }, address: uniqueId("ip-"), siteUrl: "https://recall.example", now: new Date("2031-01-01T00:00:00Z") });
    expect(await testDb().emailJob.count({ where: { to: user.email } })).toBe(1);
    await expect(deleteAccount({ db: testDb(), actor: user, password: "wrong password" })).rejects.toBeInstanceOf(AppError);
    expect(await testDb().reviewLog.count({ where: { userId: user.id } })).toBe(1);
    await deleteAccount({ db: testDb(), actor: user, password: "a long password" });
    expect(await testDb().user.count({ where: { id: user.id } })).toBe(0);
    expect(await testDb().card.count({ where: { userId: user.id } })).toBe(0);
    expect(await testDb().reviewLog.count({ where: { userId: user.id } })).toBe(0);
    expect(await testDb().passwordResetToken.count({ where: { userId: user.id } })).toBe(0);
    expect(await testDb().emailJob.count({ where: { to: user.email } })).toBe(0);
  });
});
