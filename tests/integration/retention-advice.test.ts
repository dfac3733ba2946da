import { describe, expect, it } from "vitest";
import { getRetentionAdvice } from "@/lib/learners/advise-retention";
import { setDesiredRetention } from "@/lib/learners/set-desired-retention";
import { AppError } from "@/lib/errors";
import { generateHistory } from "@/lib/srs/simulate";
import { createLesson, createQuestion, createUser, testDb } from "./helpers/db";
import { historyRows, insertHistory } from "./helpers/history";

const NOW = new Date("2026-06-01T08:00:00Z");

async function learnerWithHistory(seed: number, cards: number) {
  const user = await createUser();
  const lesson = await createLesson();
  const questionIds: string[] = [];
  for (let i = 0; i < cards + 5; i++) questionIds.push((await createQuestion({ lessonId: lesson.id, position: i })).id);
  const history = generateHistory({ seed, cards, days: 120, now: NOW });
  await insertHistory(testDb(), historyRows({ userId: user.id, history, questionIds }));
  return { user, lesson, reviews: history.length };
}

describe("retention advice", () => {
  it("reads the learner's own cards and answer times, counts the course's questions still to start, and not another learner's cards", async () => {
    const { user } = await learnerWithHistory(11, 30);
    // A second learner with a larger deck in the same kind of course: none of it may leak into the first one's advice.
    await learnerWithHistory(12, 60);
    const advice = await getRetentionAdvice({ db: testDb(), actor: user, now: NOW });
    expect(advice.cards).toBe(30);
    expect(advice.newCards).toBe(5);
    expect(advice.current).toBe(0.9);
    // Every history log took 6 s: the learner's own passes replace the default pass costs.
    expect(advice.ownDurations).toBe(true);
    expect(advice.points.map((p) => p.retention)).toEqual(Array.from({ length: 28 }, (_, i) => Math.round((0.7 + i * 0.01) * 100) / 100));
    expect(advice.points).toContainEqual(advice.best);
    expect(advice.best.minutesPerRemembered).toBe(Math.min(...advice.points.map((p) => p.minutesPerRemembered)));
  }, 60_000);

  it("a learner with no cards yet gets advice on typical answer times and no deck", async () => {
    const user = await createUser();
    const advice = await getRetentionAdvice({ db: testDb(), actor: user, now: NOW });
    expect(advice.cards).toBe(0);
    expect(advice.ownDurations).toBe(false);
  });

  it("taking the advised retention changes only the retention and offers a reschedule; a value outside 0.70–0.97 is refused", async () => {
    const user = await createUser({ name: "Keeps Her Name", timezone: "Pacific/Chatham", dayStartHour: 3 });
    await setDesiredRetention({ db: testDb(), actor: user, desiredRetention: 0.83, now: NOW });
    const saved = await testDb().user.findUniqueOrThrow({ where: { id: user.id }, select: { name: true, timezone: true, dayStartHour: true, desiredRetention: true, rescheduleOffer: true } });
    expect(saved).toMatchObject({ name: "Keeps Her Name", timezone: "Pacific/Chatham", dayStartHour: 3, desiredRetention: 0.83 });
    expect(saved.rescheduleOffer).toMatchObject({ reason: "retention" });
    const refused = await setDesiredRetention({ db: testDb(), actor: user, desiredRetention: 0.99 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).fieldErrors?.desiredRetention).toMatch(/0\.70 to 0\.97/);
    expect((await testDb().user.findUniqueOrThrow({ where: { id: user.id } })).desiredRetention).toBe(0.83);
  });
});
