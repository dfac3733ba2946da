import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { insertReviewLogs, type ReviewLogRow } from "@/lib/db/bulk-insert";
import { getTrueRetention } from "@/lib/learners/get-true-retention";
import type { CardState } from "@/lib/srs/scheduler";
import { createCard, createLesson, createQuestion, createUser, testDb } from "./helpers/db";

// Pacific/Chatham is UTC+13:45 in December (daylight time); the learner's day starts at 04:00 local.
// 2026-12-10 04:00 local = 2026-12-09T14:15:00Z: "today" for NOW begins there.
const NOW = new Date("2026-12-10T02:00:00Z");
const TODAY_STARTS = new Date("2026-12-09T14:15:00Z");

async function learnerWithLogs(logs: { at: Date; rating: number; stateBefore: CardState; intervalDays: number }[]) {
  const user = await createUser({ timezone: "Pacific/Chatham", dayStartHour: 4, desiredRetention: 0.85 });
  const lesson = await createLesson();
  const question = await createQuestion({ lessonId: lesson.id });
  const card = await createCard({ userId: user.id, questionId: question.id, state: "REVIEW" });
  const rows: ReviewLogRow[] = logs.map((l) => ({
    userId: user.id,
    questionId: question.id,
    cardId: card.id,
    rating: l.rating,
    response: {},
    correct: l.rating > 1,
    durationMs: 5000,
    reviewedAt: l.at,
    stateBefore: l.stateBefore,
    cardBefore: { scheduledDays: l.intervalDays, state: l.stateBefore },
    cardAfter: {},
    elapsedDays: l.intervalDays,
    scheduledDays: l.intervalDays,
    idempotencyKey: randomUUID(),
    sessionId: "s",
    source: "review",
  }));
  await insertReviewLogs(testDb(), rows);
  return user;
}

describe("true retention table", () => {
  it("counts reviews of learned cards by the learner's own day (Chatham, +13:45), young and mature apart, and leaves out learning steps and other learners", async () => {
    const minute = 60_000;
    const user = await learnerWithLogs([
      // Today, just after the day began: a young pass and a mature fail.
      { at: new Date(TODAY_STARTS.getTime() + minute), rating: 3, stateBefore: "REVIEW", intervalDays: 5 },
      { at: new Date(TODAY_STARTS.getTime() + 2 * minute), rating: 1, stateBefore: "REVIEW", intervalDays: 40 },
      // One minute before today began: yesterday, so in the 7-day window only.
      { at: new Date(TODAY_STARTS.getTime() - minute), rating: 2, stateBefore: "REVIEW", intervalDays: 21 },
      // A learning step today: not a review of a learned card.
      { at: new Date(TODAY_STARTS.getTime() + 3 * minute), rating: 1, stateBefore: "LEARNING", intervalDays: 0 },
      // 20 days ago (30-day window) and 200 days ago (365-day window), and one just outside the year.
      { at: new Date(TODAY_STARTS.getTime() - 20 * 86_400_000), rating: 4, stateBefore: "REVIEW", intervalDays: 3 },
      { at: new Date(TODAY_STARTS.getTime() - 200 * 86_400_000), rating: 1, stateBefore: "REVIEW", intervalDays: 3 },
      { at: new Date(TODAY_STARTS.getTime() - 365 * 86_400_000 - minute), rating: 3, stateBefore: "REVIEW", intervalDays: 3 },
    ]);
    // Another learner's logs in the same windows must not count.
    await learnerWithLogs([{ at: new Date(TODAY_STARTS.getTime() + minute), rating: 1, stateBefore: "REVIEW", intervalDays: 5 }]);

    const { desiredRetention, rows } = await getTrueRetention({ db: testDb(), actor: user, now: NOW });
    expect(desiredRetention).toBe(0.85);
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(byKey.today!.young).toEqual({ reviews: 1, passed: 1, rate: 1 });
    expect(byKey.today!.mature).toEqual({ reviews: 1, passed: 0, rate: 0 });
    expect(byKey.week!.mature).toEqual({ reviews: 2, passed: 1, rate: 0.5 });
    expect(byKey.month!.young).toEqual({ reviews: 2, passed: 2, rate: 1 });
    expect(byKey.year!.young).toEqual({ reviews: 3, passed: 2, rate: 2 / 3 });
    expect(byKey.year!.all).toEqual({ reviews: 5, passed: 3, rate: 3 / 5 });
  });

  it("a learner with no reviews gets a table of empty periods", async () => {
    const user = await createUser();
    const { rows } = await getTrueRetention({ db: testDb(), actor: user, now: NOW });
    expect(rows.map((r) => r.label)).toEqual(["Today", "Last 7 days", "Last 30 days", "Last 365 days"]);
    expect(rows.every((r) => r.all.reviews === 0 && r.all.rate === null)).toBe(true);
  });
});
