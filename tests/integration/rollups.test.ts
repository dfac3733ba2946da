// The rollups (LearnerDay, QuestionDay, CardSummary, LearnerSession) kept by ReviewLog's triggers: exact
// under answers fired together (and undos fired with them), undone exactly (a first answer deleted
// promotes the next), kept on the day they were counted in when the learner changes zone, and, after
// random histories across zones with odd offsets and DST changes, equal to both the rebuild's
// recomputation from the log and the same figures worked out here in JavaScript with lib/srs/day.
import { afterAll, describe, expect, it } from "vitest";
import {
  computeCardSummariesFromLog,
  computeLearnerDaysFromLog,
  computeLearnerSessionsFromLog,
  computeQuestionDaysFromLog,
  readCardSummaries,
  readLearnerDays,
  readLearnerSessions,
  readQuestionDays,
  rebuildRollups,
  type CardSummaryRow,
  type LearnerDayRow,
  type LearnerSessionRow,
  type QuestionDayRow,
} from "@/lib/reviews/rollups";
import { submitReview } from "@/lib/reviews/submit-review";
import { shiftLearnerTime } from "@/lib/reviews/shift-time";
import { undoReview } from "@/lib/reviews/undo-review";
import { learningDay } from "@/lib/srs/day";
import { mulberry32 } from "@/lib/srs/random";
import { createCourse, createLesson, createQuestion, createUser, disconnectTestDb, multipleChoicePayload, testDb, uniqueId } from "./helpers/db";

const MC = multipleChoicePayload(["yes", true, "Right."], ["no", false, "Wrong."]);

afterAll(disconnectTestDb);

async function makeQuestions(courses: number, perCourse: number) {
  const out: { id: string; courseId: string; lessonId: string }[] = [];
  for (let c = 0; c < courses; c++) {
    const course = await createCourse();
    const lesson = await createLesson({ courseId: course.id });
    for (let i = 0; i < perCourse; i++) out.push({ id: (await createQuestion({ lessonId: lesson.id, position: i, payload: MC })).id, courseId: course.id, lessonId: lesson.id });
  }
  return out;
}

function answerInput(questionId: string, right: boolean, rating: number, expectedVersion: number | null, { sessionId = "s1", source = "review" } = {}) {
  return {
    questionId,
    response: { kind: "MULTIPLE_CHOICE", choiceIds: [right ? "a" : "b"] },
    rating,
    durationMs: 1000 + rating * 700,
    idempotencyKey: uniqueId("key-"),
    sessionId,
    source,
    expectedVersion,
  };
}

const mine = <T extends { userId: string }>(rows: T[], ids: Set<string>) => rows.filter((r) => ids.has(r.userId));

/** Instants as ISO strings, so summaries compare whatever way the driver returned them. */
function comparable(rows: CardSummaryRow[]) {
  const iso = (d: Date | string) => new Date(d).toISOString();
  return rows
    .map((r) => ({ ...r, firstAt: iso(r.firstAt), recentAt: r.recentAt.map(iso), recentDueBefore: r.recentDueBefore.map(iso) }))
    .sort((a, b) => `${a.userId} ${a.questionId}`.localeCompare(`${b.userId} ${b.questionId}`));
}

const RECENT_MS = 8 * 86_400_000;

/** CardSummary worked out here from the log's rows: first answer by (reviewedAt, id), the answers of the 8 days up to the latest, all answers and lapses. */
async function cardSummariesInJs(userIds: string[]) {
  const logs = await testDb().reviewLog.findMany({
    where: { userId: { in: userIds } },
    select: { id: true, userId: true, questionId: true, cardId: true, reviewedAt: true, learningDay: true, correct: true, response: true, cardBefore: true, rating: true, stateBefore: true },
    orderBy: [{ reviewedAt: "asc" }, { id: "asc" }],
  });
  const byCard = new Map<string, typeof logs>();
  for (const log of logs) byCard.set(`${log.userId} ${log.questionId}`, [...(byCard.get(`${log.userId} ${log.questionId}`) ?? []), log]);
  return comparable(
    [...byCard.values()].map((list) => {
      const first = list[0]!;
      const lastMs = list.at(-1)!.reviewedAt.getTime();
      const recent = list.filter((l) => l.reviewedAt.getTime() >= lastMs - RECENT_MS);
      const choiceIds = (first.response as { choiceIds?: unknown }).choiceIds;
      return {
        userId: first.userId,
        questionId: first.questionId,
        cardId: first.cardId,
        firstLogId: String(first.id),
        firstAt: first.reviewedAt,
        firstDay: first.learningDay!.toISOString().slice(0, 10),
        firstCorrect: first.correct,
        firstChoiceIds: Array.isArray(choiceIds) ? (choiceIds as string[]) : [],
        recentAt: recent.map((l) => l.reviewedAt),
        recentDueBefore: recent.map((l) => new Date((l.cardBefore as { due: string }).due)),
        answers: list.length,
        lapses: list.filter((l) => l.stateBefore === "REVIEW" && l.rating === 1).length,
      };
    }),
  );
}

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
    expect(comparable(mine(await readCardSummaries({ db }), ids))).toEqual(await cardSummariesInJs([user.id]));
    expect(mine(await readLearnerSessions({ db }), ids)).toEqual(await computeLearnerSessionsFromLog({ db, userIds: [user.id] }));
  });

  it("counts all 20 answers one learner fires together on one day, in LearnerDay, QuestionDay and CardSummary", async () => {
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
    const summaries = mine(await readCardSummaries({ db }), new Set([user.id]));
    expect(summaries).toHaveLength(20);
    expect(summaries.filter((r) => r.firstCorrect)).toHaveLength(15);
    expect(summaries.every((r) => r.recentAt.length === 1 && r.firstChoiceIds.length === 1)).toBe(true);
    expect(comparable(summaries)).toEqual(await cardSummariesInJs([user.id]));
    const sessions = mine(await readLearnerSessions({ db }), new Set([user.id]));
    expect(sessions).toEqual([
      {
        userId: user.id, sessionId: "s1", day: "2026-05-10", answers: 20, correct: 15, newCards: 20, lessonAnswers: 0, durationMs: 15 * 3100 + 5 * 1700,
        startedAt: now, endedAt: now, lessonIds: [questions[0]!.lessonId],
      },
    ]);
  });

  it("keeps one summary per card when 8 learners answer the same 3 questions at once, each equal to its recomputation from the log", async () => {
    const db = testDb();
    const questions = await makeQuestions(1, 3);
    const users = await Promise.all(Array.from({ length: 8 }, (_, i) => createUser({ timezone: i % 2 ? "Asia/Kolkata" : "Pacific/Chatham", dayStartHour: 4 })));
    const now = new Date("2026-05-10T23:30:00Z");
    await Promise.all(
      users.flatMap((user, u) => questions.map((q, i) => submitReview({ db, actor: user, input: answerInput(q.id, (u + i) % 3 !== 0, (u + i) % 3 !== 0 ? 3 : 1, null), now, enableFuzz: false }))),
    );
    const ids = users.map((u) => u.id);
    const maintained = comparable(mine(await readCardSummaries({ db }), new Set(ids)));
    expect(maintained).toHaveLength(24);
    expect(maintained).toEqual(comparable(await computeCardSummariesFromLog({ db, userIds: ids })));
    expect(maintained).toEqual(await cardSummariesInJs(ids));
  });

  it("promotes the next answer when a card's first answer is deleted, and drops the summary when its last answer is undone", async () => {
    const db = testDb();
    const user = await createUser({ timezone: "Asia/Kolkata", dayStartHour: 4 });
    const [q, other] = await makeQuestions(1, 2);
    const first = await submitReview({ db, actor: user, input: answerInput(q!.id, false, 1, null), now: new Date("2026-03-01T10:00:00Z"), enableFuzz: false });
    const second = await submitReview({ db, actor: user, input: answerInput(q!.id, true, 3, first.version), now: new Date("2026-03-05T10:00:00Z"), enableFuzz: false });
    await submitReview({ db, actor: user, input: answerInput(q!.id, true, 3, second.version), now: new Date("2026-03-20T10:00:00Z"), enableFuzz: false });
    const lone = await submitReview({ db, actor: user, input: answerInput(other!.id, true, 3, null), now: new Date("2026-03-20T11:00:00Z"), enableFuzz: false });
    const before = mine(await readCardSummaries({ db }), new Set([user.id])).find((r) => r.questionId === q!.id)!;
    expect([before.firstLogId, before.firstCorrect, before.recentAt.length]).toEqual([String(first.reviewLogId), false, 1]);
    // A hand edit of the log (undo only takes a card's latest answer): the answer of 5 March becomes the first.
    await db.reviewLog.delete({ where: { id: BigInt(first.reviewLogId) } });
    const after = mine(await readCardSummaries({ db }), new Set([user.id]));
    expect(after.find((r) => r.questionId === q!.id)).toMatchObject({ firstLogId: String(second.reviewLogId), firstCorrect: true, firstChoiceIds: ["a"] });
    await undoReview({ db, actor: user, input: { reviewLogId: lone.reviewLogId } });
    expect(mine(await readCardSummaries({ db }), new Set([user.id])).map((r) => r.questionId)).toEqual([q!.id]);
    expect(comparable(mine(await readCardSummaries({ db }), new Set([user.id])))).toEqual(await cardSummariesInJs([user.id]));
  });

  it("recounts a session exactly when undos of its answers are fired together with new answers in it", async () => {
    const db = testDb();
    const user = await createUser({ timezone: "Asia/Kolkata", dayStartHour: 4 });
    const questions = await makeQuestions(2, 10);
    const at = (minute: number) => new Date(Date.parse("2026-05-10T08:00:00Z") + minute * 60_000);
    const first = [];
    for (const [i, q] of questions.slice(0, 10).entries()) first.push(await submitReview({ db, actor: user, input: answerInput(q.id, true, 3, null), now: at(i), enableFuzz: false }));
    // Undo the session's first and last answers (its start and its end move) while ten more arrive.
    await Promise.all([
      undoReview({ db, actor: user, input: { reviewLogId: first[0]!.reviewLogId } }),
      undoReview({ db, actor: user, input: { reviewLogId: first[9]!.reviewLogId } }),
      ...questions.slice(10).map((q, i) => submitReview({ db, actor: user, input: answerInput(q.id, i % 2 === 0, i % 2 === 0 ? 3 : 1, null), now: at(5 + i), enableFuzz: false })),
    ]);
    const [session] = mine(await readLearnerSessions({ db }), new Set([user.id]));
    expect(session).toMatchObject({ sessionId: "s1", answers: 18, correct: 13, startedAt: at(1), endedAt: at(14) });
    expect(session!.lessonIds).toEqual([...new Set(questions.map((q) => q.lessonId))].sort());
    expect([session]).toEqual(await computeLearnerSessionsFromLog({ db, userIds: [user.id] }));
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
    // The undone answer was its session-day's only one: that session is gone, the first one stays.
    expect(mine(await readLearnerSessions({ db }), new Set([user.id])).map((r) => [r.day, r.answers, r.startedAt, r.endedAt])).toEqual([
      ["2026-06-01", 1, new Date("2026-06-01T09:00:00Z"), new Date("2026-06-01T09:00:00Z")],
    ]);
  });

  it("after random histories across zones and DST changes, with undos and a bulk copy of one, equals the rebuild's recomputation and the figures worked out from the log in JavaScript", async () => {
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
    const lessonOf = new Map(questions.map((q) => [q.id, q.lessonId]));
    const users = [];
    for (const zone of zones) users.push(await createUser(zone));
    const ids = new Set(users.map((u) => u.id));
    // Around the spring and autumn changes of 2026 in these zones (US 8 Mar, EU 29 Mar, Chatham and Lord Howe 5 Apr, 27 Sep / 4 Oct).
    const windows = ["2026-03-07T00:00:00Z", "2026-03-28T00:00:00Z", "2026-04-04T00:00:00Z", "2026-09-26T00:00:00Z", "2026-10-03T12:00:00Z"];
    await Promise.all(
      users.map(async (user) => {
        const versions = new Map<string, number | null>(questions.map((q) => [q.id, null]));
        for (const [w, start] of windows.entries()) {
          let t = Date.parse(start);
          for (let n = 0; n < 24; n++) {
            t += Math.floor(random() * 5 * 3_600_000);
            const q = questions[Math.floor(random() * questions.length)]!;
            const right = random() < 0.7;
            const rating = right ? 2 + Math.floor(random() * 3) : 1;
            // A session per window and a few lesson answers (whose session id spans days, as a lesson's does).
            const session = random() < 0.2 ? { sessionId: "lesson", source: "lesson" } : { sessionId: `w${w}` };
            const result = await submitReview({ db, actor: user, input: answerInput(q.id, right, rating, versions.get(q.id)!, session), now: new Date(t), enableFuzz: false });
            versions.set(q.id, result.version);
            if (random() < 0.15) {
              const undone = await undoReview({ db, actor: user, input: { reviewLogId: result.reviewLogId } });
              versions.set(q.id, undone.version);
            }
          }
        }
      }),
    );

    const logs = await db.reviewLog.findMany({ where: { userId: { in: [...ids] } }, select: { userId: true, questionId: true, reviewedAt: true, correct: true, stateBefore: true, rating: true, durationMs: true, sessionId: true, source: true } });
    expect(logs.length).toBeGreaterThan(400);
    const zoneOf = new Map(users.map((u) => [u.id, { timezone: u.timezone, dayStartHour: u.dayStartHour }]));
    const learnerDays = new Map<string, LearnerDayRow>();
    const questionDays = new Map<string, QuestionDayRow>();
    const sessions = new Map<string, LearnerSessionRow>();
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
      const sk = `${log.userId} ${log.sessionId} ${day}`;
      const se = sessions.get(sk) ?? {
        userId: log.userId, sessionId: log.sessionId, day, answers: 0, correct: 0, newCards: 0, lessonAnswers: 0, durationMs: 0, startedAt: log.reviewedAt, endedAt: log.reviewedAt, lessonIds: [],
      };
      se.answers++;
      se.correct += log.correct ? 1 : 0;
      se.newCards += log.stateBefore === "NEW" ? 1 : 0;
      se.lessonAnswers += log.source === "lesson" ? 1 : 0;
      se.durationMs += log.durationMs;
      if (log.reviewedAt < se.startedAt) se.startedAt = log.reviewedAt;
      if (log.reviewedAt > se.endedAt) se.endedAt = log.reviewedAt;
      se.lessonIds = [...new Set([...se.lessonIds, lessonOf.get(log.questionId)!])].sort();
      sessions.set(sk, se);
    }
    const byKey = (a: { userId: string; day: string }, b: { userId: string; day: string }) => JSON.stringify(Object.values(a)).localeCompare(JSON.stringify(Object.values(b)));
    const expectedLearnerDays = [...learnerDays.values()].sort(byKey);
    const expectedQuestionDays = [...questionDays.values()].sort(byKey);
    const bySessionKey = (a: LearnerSessionRow, b: LearnerSessionRow) => `${a.userId} ${a.sessionId} ${a.day}`.localeCompare(`${b.userId} ${b.sessionId} ${b.day}`);
    const expectedSessions = [...sessions.values()].sort(bySessionKey);
    // Sessions split by day (a window's answers span several), and lesson sessions among them.
    expect(expectedSessions.length).toBeGreaterThan(users.length * windows.length);
    expect(expectedSessions.some((r) => r.lessonAnswers > 0)).toBe(true);
    // Several days per learner, and at least one answer on a day in review (a lapse or a recall).
    expect(new Set(expectedLearnerDays.map((r) => r.day)).size).toBeGreaterThan(10);
    expect(expectedLearnerDays.some((r) => r.reviews > 0)).toBe(true);

    const maintained = { learnerDays: mine(await readLearnerDays({ db }), ids).sort(byKey), questionDays: mine(await readQuestionDays({ db }), ids).sort(byKey) };
    const recomputed = { learnerDays: await computeLearnerDaysFromLog({ db, userIds: [...ids] }), questionDays: await computeQuestionDaysFromLog({ db, userIds: [...ids] }) };
    expect(maintained.learnerDays).toEqual(expectedLearnerDays);
    expect(maintained.questionDays).toEqual(expectedQuestionDays);
    expect(recomputed.learnerDays.sort(byKey)).toEqual(expectedLearnerDays);
    expect(recomputed.questionDays.sort(byKey)).toEqual(expectedQuestionDays);
    expect(mine(await readLearnerSessions({ db }), ids).sort(bySessionKey)).toEqual(expectedSessions);
    expect((await computeLearnerSessionsFromLog({ db, userIds: [...ids] })).sort(bySessionKey)).toEqual(expectedSessions);

    const expectedSummaries = await cardSummariesInJs([...ids]);
    expect(expectedSummaries.some((r) => r.recentAt.length > 1)).toBe(true);
    expect(comparable(mine(await readCardSummaries({ db }), ids))).toEqual(expectedSummaries);
    expect(comparable(await computeCardSummariesFromLog({ db, userIds: [...ids] }))).toEqual(expectedSummaries);

    // A bulk load (a restore, a seed): one learner's whole history copied to a new account in one statement.
    const copy = await createUser(zones[1]!);
    await db.$executeRaw`
      INSERT INTO "ReviewLog" ("userId", "questionId", "cardId", rating, response, correct, "durationMs", "reviewedAt", "stateBefore",
                               "cardBefore", "cardAfter", "elapsedDays", "scheduledDays", "idempotencyKey", "sessionId", source)
      SELECT ${copy.id}::uuid, "questionId", "cardId", rating, response, correct, "durationMs", "reviewedAt", "stateBefore",
             "cardBefore", "cardAfter", "elapsedDays", "scheduledDays", "idempotencyKey", "sessionId", source
      FROM "ReviewLog" WHERE "userId" = ${users[1]!.id}::uuid ORDER BY id DESC`;
    const copied = comparable(mine(await readCardSummaries({ db }), new Set([copy.id])));
    expect(copied.length).toBeGreaterThan(4);
    expect(copied).toEqual(await cardSummariesInJs([copy.id]));

    await rebuildRollups({ db });
    expect(mine(await readLearnerDays({ db }), ids).sort(byKey)).toEqual(expectedLearnerDays);
    expect(mine(await readQuestionDays({ db }), ids).sort(byKey)).toEqual(expectedQuestionDays);
    expect(comparable(mine(await readCardSummaries({ db }), ids))).toEqual(expectedSummaries);
    expect(mine(await readLearnerSessions({ db }), ids).sort(bySessionKey)).toEqual(expectedSessions);
    // Some 600 answers through the real answer path: 11 s on an idle machine, more on a shared one.
  }, 180_000);
});
