// The rollups (LearnerDay, QuestionDay) kept by ReviewLog's triggers: exact under answers fired
// together, undone exactly, kept on the day they were counted in when the learner changes zone, and,
// after random histories across zones with odd offsets and DST changes, equal to both the rebuild's
// recomputation from the log and the same figures worked out here in JavaScript with lib/srs/day.
import { afterAll, describe, expect, it } from "vitest";
import { computeLearnerDaysFromLog, computeQuestionDaysFromLog, readLearnerDays, readQuestionDays, rebuildRollups, type LearnerDayRow, type QuestionDayRow } from "@/lib/reviews/rollups";
import { submitReview } from "@/lib/reviews/submit-review";
import { shiftLearnerTime } from "@/lib/reviews/shift-time";
import { undoReview } from "@/lib/reviews/undo-review";
import { learningDay } from "@/lib/srs/day";
import { mulberry32 } from "@/lib/srs/random";
import { createCourse, createLesson, createQuestion, createUser, disconnectTestDb, multipleChoicePayload, testDb, uniqueId } from "./helpers/db";

const MC = multipleChoicePayload(["yes", true, "Right."], ["no", false, "Wrong."]);

afterAll(disconnectTestDb);

async function makeQuestions(courses: number, perCourse: number) {
  const out: { id: string; courseId: string }[] = [];
  for (let c = 0; c < courses; c++) {
    const course = await createCourse();
    const lesson = await createLesson({ courseId: course.id });
    for (let i = 0; i < perCourse; i++) out.push({ id: (await createQuestion({ lessonId: lesson.id, position: i, payload: MC })).id, courseId: course.id });
  }
  return out;
}

function answerInput(questionId: string, right: boolean, rating: number, expectedVersion: number | null) {
  return {
    questionId,
    response: { kind: "MULTIPLE_CHOICE", choiceIds: [right ? "a" : "b"] },
    rating,
    durationMs: 1000 + rating * 700,
    idempotencyKey: uniqueId("key-"),
    sessionId: "s1",
    source: "review",
    expectedVersion,
  };
}

const mine = <T extends { userId: string }>(rows: T[], ids: Set<string>) => rows.filter((r) => ids.has(r.userId));

describe("review log rollups", () => {
  it("moves with the test clock: after shiftLearnerTime the learner's rollups are their shifted log's, on the shifted days", async () => {
    const db = testDb();
    const user = await createUser({ timezone: "Pacific/Chatham", dayStartHour: 4 });
    const questions = await makeQuestions(1, 3);
    const now = new Date("2026-05-10T10:00:00Z");
    for (const q of questions) await submitReview({ db, actor: user, input: answerInput(q.id, true, 3, null), now, enableFuzz: false });
    await shiftLearnerTime({ db, actor: user, days: 30 });
    const ids = new Set([user.id]);
    const days = mine(await readLearnerDays({ db }), ids);
    expect(days).toEqual(await computeLearnerDaysFromLog({ db, userIds: [user.id] }));
    expect(days.map((d) => [d.day, d.answers])).toEqual([[learningDay(new Date(now.getTime() - 30 * 86_400_000), { timezone: "Pacific/Chatham", dayStartHour: 4 }), 3]]);
    expect(mine(await readQuestionDays({ db }), ids)).toEqual(await computeQuestionDaysFromLog({ db, userIds: [user.id] }));
  });

  it("counts all 20 answers one learner fires together on one day, in LearnerDay and QuestionDay", async () => {
    const db = testDb();
    const user = await createUser({ timezone: "Asia/Kolkata", dayStartHour: 4 });
    const questions = await makeQuestions(1, 20);
    const now = new Date("2026-05-10T10:00:00Z");
    await Promise.all(
      questions.map((q, i) => submitReview({ db, actor: user, input: answerInput(q.id, i % 4 !== 0, i % 4 !== 0 ? 3 : 1, null), now, enableFuzz: false })),
    );
    const days = mine(await readLearnerDays({ db }), new Set([user.id]));
    expect(days).toEqual([
      { userId: user.id, day: "2026-05-10", courseId: questions[0]!.courseId, answers: 20, correct: 15, reviews: 0, reviewsCorrect: 0, newCards: 20, lapses: 0, durationMs: 15 * 3100 + 5 * 1700 },
    ]);
    const perQuestion = mine(await readQuestionDays({ db }), new Set([user.id]));
    expect(perQuestion).toHaveLength(20);
    expect(perQuestion.every((r) => r.answers === 1 && r.day === "2026-05-10")).toBe(true);
    expect(perQuestion.reduce((s, r) => s + r.correct, 0)).toBe(15);
  });

  it("subtracts exactly what an answer added when it is undone, from the day it was counted in even after the learner changed zone", async () => {
    const db = testDb();
    const user = await createUser({ timezone: "Pacific/Chatham", dayStartHour: 0 });
    const [q] = await makeQuestions(1, 1);
    const first = await submitReview({ db, actor: user, input: answerInput(q!.id, true, 3, null), now: new Date("2026-06-01T09:00:00Z"), enableFuzz: false });
    // 2026-06-01T11:30Z is 2026-06-02 00:15 in Chatham (+12:45) but 2026-06-01 in Kolkata (+5:30).
    const at = new Date("2026-06-01T11:30:00Z");
    const before = mine(await readLearnerDays({ db }), new Set([user.id]));
    const second = await submitReview({ db, actor: user, input: answerInput(q!.id, false, 1, first.version), now: at, enableFuzz: false });
    expect(mine(await readLearnerDays({ db }), new Set([user.id])).map((r) => [r.day, r.answers])).toEqual([
      ["2026-06-01", 1],
      ["2026-06-02", 1],
    ]);
    await db.user.update({ where: { id: user.id }, data: { timezone: "Asia/Kolkata" } });
    await undoReview({ db, actor: user, input: { reviewLogId: second.reviewLogId } });
    expect(mine(await readLearnerDays({ db }), new Set([user.id]))).toEqual(before);
    expect(mine(await readQuestionDays({ db }), new Set([user.id])).map((r) => [r.day, r.answers])).toEqual([["2026-06-01", 1]]);
  });

  it("after random histories across zones and DST changes, with undos, equals the rebuild's recomputation and the figures worked out from the log in JavaScript", async () => {
    const db = testDb();
    const random = mulberry32(18);
    const zones = [
      { timezone: "Asia/Kolkata", dayStartHour: 4 },
      { timezone: "Pacific/Chatham", dayStartHour: 0 },
      { timezone: "America/New_York", dayStartHour: 4 },
      { timezone: "Europe/London", dayStartHour: 2 },
      { timezone: "Australia/Lord_Howe", dayStartHour: 23 },
    ];
    const questions = await makeQuestions(2, 4);
    const courseOf = new Map(questions.map((q) => [q.id, q.courseId]));
    const users = [];
    for (const zone of zones) users.push(await createUser(zone));
    const ids = new Set(users.map((u) => u.id));
    // Around the spring and autumn changes of 2026 in these zones (US 8 Mar, EU 29 Mar, Chatham and Lord Howe 5 Apr, 27 Sep / 4 Oct).
    const windows = ["2026-03-07T00:00:00Z", "2026-03-28T00:00:00Z", "2026-04-04T00:00:00Z", "2026-09-26T00:00:00Z", "2026-10-03T12:00:00Z"];
    await Promise.all(
      users.map(async (user) => {
        const versions = new Map<string, number | null>(questions.map((q) => [q.id, null]));
        for (const start of windows) {
          let t = Date.parse(start);
          for (let n = 0; n < 24; n++) {
            t += Math.floor(random() * 5 * 3_600_000);
            const q = questions[Math.floor(random() * questions.length)]!;
            const right = random() < 0.7;
            const rating = right ? 2 + Math.floor(random() * 3) : 1;
            const result = await submitReview({ db, actor: user, input: answerInput(q.id, right, rating, versions.get(q.id)!), now: new Date(t), enableFuzz: false });
            versions.set(q.id, result.version);
            if (random() < 0.15) {
              const undone = await undoReview({ db, actor: user, input: { reviewLogId: result.reviewLogId } });
              versions.set(q.id, undone.version);
            }
          }
        }
      }),
    );

    const logs = await db.reviewLog.findMany({ where: { userId: { in: [...ids] } }, select: { userId: true, questionId: true, reviewedAt: true, correct: true, stateBefore: true, rating: true, durationMs: true } });
    expect(logs.length).toBeGreaterThan(400);
    const zoneOf = new Map(users.map((u) => [u.id, { timezone: u.timezone, dayStartHour: u.dayStartHour }]));
    const learnerDays = new Map<string, LearnerDayRow>();
    const questionDays = new Map<string, QuestionDayRow>();
    for (const log of logs) {
      const day = learningDay(log.reviewedAt, zoneOf.get(log.userId)!);
      const courseId = courseOf.get(log.questionId)!;
      const review = log.stateBefore === "REVIEW";
      const ld = learnerDays.get(`${log.userId} ${day} ${courseId}`) ?? { userId: log.userId, day, courseId, answers: 0, correct: 0, reviews: 0, reviewsCorrect: 0, newCards: 0, lapses: 0, durationMs: 0 };
      ld.answers++;
      ld.correct += log.correct ? 1 : 0;
      ld.reviews += review ? 1 : 0;
      ld.reviewsCorrect += review && log.correct ? 1 : 0;
      ld.newCards += log.stateBefore === "NEW" ? 1 : 0;
      ld.lapses += review && log.rating === 1 ? 1 : 0;
      ld.durationMs += log.durationMs;
      learnerDays.set(`${log.userId} ${day} ${courseId}`, ld);
      const qd = questionDays.get(`${log.userId} ${log.questionId} ${day}`) ?? { userId: log.userId, questionId: log.questionId, day, answers: 0, correct: 0, reviews: 0, reviewsCorrect: 0, lapses: 0 };
      qd.answers++;
      qd.correct += log.correct ? 1 : 0;
      qd.reviews += review ? 1 : 0;
      qd.reviewsCorrect += review && log.correct ? 1 : 0;
      qd.lapses += review && log.rating === 1 ? 1 : 0;
      questionDays.set(`${log.userId} ${log.questionId} ${day}`, qd);
    }
    const byKey = (a: { userId: string; day: string }, b: { userId: string; day: string }) => JSON.stringify(Object.values(a)).localeCompare(JSON.stringify(Object.values(b)));
    const expectedLearnerDays = [...learnerDays.values()].sort(byKey);
    const expectedQuestionDays = [...questionDays.values()].sort(byKey);
    // Several days per learner, and at least one answer on a day in review (a lapse or a recall).
    expect(new Set(expectedLearnerDays.map((r) => r.day)).size).toBeGreaterThan(10);
    expect(expectedLearnerDays.some((r) => r.reviews > 0)).toBe(true);

    const maintained = { learnerDays: mine(await readLearnerDays({ db }), ids).sort(byKey), questionDays: mine(await readQuestionDays({ db }), ids).sort(byKey) };
    const recomputed = { learnerDays: await computeLearnerDaysFromLog({ db, userIds: [...ids] }), questionDays: await computeQuestionDaysFromLog({ db, userIds: [...ids] }) };
    expect(maintained.learnerDays).toEqual(expectedLearnerDays);
    expect(maintained.questionDays).toEqual(expectedQuestionDays);
    expect(recomputed.learnerDays.sort(byKey)).toEqual(expectedLearnerDays);
    expect(recomputed.questionDays.sort(byKey)).toEqual(expectedQuestionDays);

    await rebuildRollups({ db });
    expect(mine(await readLearnerDays({ db }), ids).sort(byKey)).toEqual(expectedLearnerDays);
    expect(mine(await readQuestionDays({ db }), ids).sort(byKey)).toEqual(expectedQuestionDays);
    // Some 600 answers through the real answer path: 11 s on an idle machine, more on a shared one.
  }, 180_000);
});
