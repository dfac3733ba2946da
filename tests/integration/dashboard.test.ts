// The dashboard's figures on PostgreSQL, against the same figures worked out here in plain
// JavaScript from the rows a generated year of history inserted; and its query count, which must not
// grow with the size of the history.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { seedDemoHistory } from "@/lib/demo/history";
import { getDashboard, type Dashboard } from "@/lib/learners/get-dashboard";
import { addDaysToDayString, learningDay } from "@/lib/srs/day";
import { retrievability } from "@/lib/srs/scheduler";
import { createCourse, createLesson, createQuestion, createTopic, createUser, disconnectTestDb, multipleChoicePayload, testDb, uniqueId } from "./helpers/db";
import { countingClient } from "../helpers/counting-client";

const MC = multipleChoicePayload(["yes", true, "Right."], ["no", false, "Wrong."]);

const NOW = new Date("2026-09-01T15:00:00Z");
const TZ = { timezone: "America/New_York", dayStartHour: 4 };

/** Two courses of three lessons of five questions; one topic on lessons, one on single questions. */
async function makeCatalogue() {
  const db = testDb();
  const lessonTopic = await createTopic();
  const questionTopic = await createTopic();
  const courses = [];
  for (let c = 0; c < 2; c++) {
    const course = await createCourse({ position: -1000 + c });
    for (let l = 0; l < 3; l++) {
      const lesson = await createLesson({ courseId: course.id, position: l });
      if (l === 0) await db.lessonTopic.create({ data: { lessonId: lesson.id, topicId: lessonTopic.id } });
      for (let q = 0; q < 5; q++) {
        const question = await createQuestion({ lessonId: lesson.id, position: q, payload: MC });
        if (q % 2 === 0) await db.questionTopic.create({ data: { questionId: question.id, topicId: questionTopic.id } });
      }
    }
    courses.push(course);
  }
  return { courses, lessonTopic, questionTopic };
}

/** Consecutive days ending today (or yesterday, when today has nothing yet), and the longest run. */
function expectedStreak(days: Set<string>, today: string) {
  let current = 0;
  for (let d = days.has(today) ? today : addDaysToDayString(today, -1); days.has(d); d = addDaysToDayString(d, -1)) current++;
  let longest = 0;
  for (const d of days) {
    if (days.has(addDaysToDayString(d, -1))) continue;
    let run = 0;
    for (let x = d; days.has(x); x = addDaysToDayString(x, 1)) run++;
    longest = Math.max(longest, run);
  }
  return { current, longest };
}

afterAll(disconnectTestDb);

describe("getDashboard on a generated year of history", () => {
  let userId: string;
  let d: Dashboard;
  let catalogue: Awaited<ReturnType<typeof makeCatalogue>>;

  beforeAll(async () => {
    catalogue = await makeCatalogue();
    const user = await createUser({ ...TZ });
    userId = user.id;
    const seeded = await seedDemoHistory({ db: testDb(), userId, now: NOW, seed: 42 });
    expect(seeded.skipped).toBe(false);
    expect(seeded.reviews).toBeGreaterThan(100);
    d = await getDashboard({ db: testDb(), actor: { id: userId, role: "LEARNER" }, now: NOW });
  });

  it("seeds once: a second call writes nothing", async () => {
    const before = await testDb().reviewLog.count({ where: { userId } });
    expect(await seedDemoHistory({ db: testDb(), userId, now: NOW, seed: 42 })).toEqual({ skipped: true, reviews: 0, cards: 0, lessonsRead: 0 });
    expect(await testDb().reviewLog.count({ where: { userId } })).toBe(before);
  });

  it("writes a consistent history: one card per question met, each log chained to the card's previous state", async () => {
    const db = testDb();
    const cards = await db.card.findMany({ where: { userId }, select: { id: true, reps: true, due: true, state: true } });
    const logs = await db.reviewLog.findMany({ where: { userId }, orderBy: [{ reviewedAt: "asc" }, { id: "asc" }] });
    expect(new Set(logs.map((l) => l.cardId))).toEqual(new Set(cards.map((c) => c.id)));
    const last = new Map<string, Prisma.JsonValue>();
    for (const log of logs) {
      const previous = last.get(log.cardId);
      const before = log.cardBefore as { state: string; existed: boolean };
      if (previous === undefined) {
        expect(log.source).toBe("lesson");
        expect(before).toMatchObject({ state: "NEW", existed: false });
      } else {
        expect(log.source).toBe("review");
        expect({ ...before, existed: undefined, leech: undefined }).toEqual({ ...(previous as object), existed: undefined, leech: undefined });
      }
      expect(log.correct).toBe(log.rating > 1);
      expect(log.durationMs).toBeGreaterThanOrEqual(5_000);
      expect(log.durationMs).toBeLessThanOrEqual(40_000);
      expect(log.reviewedAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      last.set(log.cardId, log.cardAfter);
    }
    for (const card of cards) {
      const after = last.get(card.id) as { reps: number; due: string; state: string };
      expect({ reps: card.reps, due: card.due.toISOString(), state: card.state }).toEqual({ reps: after.reps, due: after.due, state: after.state });
    }
    // Sessions happen at waking hours in the learner's zone (a late one may run past midnight).
    const hours = logs.map((l) => Number(new Intl.DateTimeFormat("en-GB", { timeZone: TZ.timezone, hour: "2-digit", hourCycle: "h23" }).format(l.reviewedAt)));
    expect(hours.filter((h) => h >= 3 && h < 7)).toEqual([]);
  });

  it("streak, activity and retention match the logs grouped by learning day in New York", async () => {
    const logs = await testDb().reviewLog.findMany({ where: { userId }, select: { reviewedAt: true, correct: true, stateBefore: true } });
    const today = learningDay(NOW, TZ);
    const days = new Set(logs.map((l) => learningDay(l.reviewedAt, TZ)));
    expect({ current: d.streak.current, longest: d.streak.longest }).toEqual(expectedStreak(days, today));
    expect(d.streak.longest).toBeGreaterThan(1);

    const yearStart = addDaysToDayString(today, -364);
    expect(d.heatmap.total).toBe(logs.filter((l) => learningDay(l.reviewedAt, TZ) >= yearStart).length);
    expect(d.heatmap.activeDays).toBe([...days].filter((x) => x >= yearStart).length);
    expect(d.todaySummary.reviewsToday).toBe(logs.filter((l) => learningDay(l.reviewedAt, TZ) === today).length);

    for (const windowDays of [7, 30, 90]) {
      const first = addDaysToDayString(today, -(windowDays - 1));
      const graduated = logs.filter((l) => l.stateBefore === "REVIEW" && learningDay(l.reviewedAt, TZ) >= first);
      const window = d.retention.windows.find((w) => w.windowDays === windowDays)!;
      expect(window.reviews).toBe(graduated.length);
      expect(window.correct).toBe(graduated.filter((l) => l.correct).length);
    }
    expect(d.retention.windows.find((w) => w.windowDays === 90)!.reviews).toBeGreaterThan(0);
  });

  it("forecast and today's counts match the cards", async () => {
    const cards = await testDb().card.findMany({ where: { userId }, select: { due: true, suspended: true, state: true } });
    const today = learningDay(NOW, TZ);
    const live = cards.filter((c) => !c.suspended);
    const horizon = addDaysToDayString(today, 29);
    const total = d.forecast.reduce((n, f) => n + f.due + f.overdue, 0);
    expect(total).toBe(live.filter((c) => learningDay(c.due, TZ) <= horizon).length);
    expect(d.forecast[0]!.overdue).toBe(live.filter((c) => learningDay(c.due, TZ) < today).length);
    expect(d.todaySummary.dueNow).toBe(live.filter((c) => c.due <= NOW).length);
    expect(d.todaySummary.inLearning).toBe(live.filter((c) => c.state === "LEARNING" || c.state === "RELEARNING").length);
  });

  it("topics count the cards of their lessons and of their questions, with the mean recall now", async () => {
    const cards = await testDb().card.findMany({
      where: { userId },
      select: { state: true, stability: true, lastReview: true, question: { select: { topics: { select: { topicId: true } }, lesson: { select: { topics: { select: { topicId: true } } } } } } },
    });
    for (const topic of [catalogue.lessonTopic, catalogue.questionTopic]) {
      const mine = cards.filter((c) => c.question.topics.some((t) => t.topicId === topic.id) || c.question.lesson.topics.some((t) => t.topicId === topic.id));
      const row = d.topics.find((t) => t.topicId === topic.id);
      expect(mine.length).toBeGreaterThan(0);
      expect(row?.cards).toBe(mine.length);
      const reviewed = mine.filter((c) => c.state !== "NEW" && c.lastReview);
      const mean = reviewed.reduce((s, c) => s + retrievability(c, NOW), 0) / reviewed.length;
      expect(row!.retrievability).toBeCloseTo(mean, 6);
    }
    const order = d.topics.map((t) => t.retrievability ?? 2);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it("progress per course and the next lesson to read", async () => {
    const db = testDb();
    for (const course of catalogue.courses) {
      const row = d.courses.find((c) => c.courseId === course.id)!;
      const lessons = await db.lesson.findMany({ where: { courseId: course.id }, orderBy: { position: "asc" }, select: { id: true } });
      const read = await db.lessonProgress.findMany({ where: { userId, lessonId: { in: lessons.map((l) => l.id) }, completedAt: { not: null } }, select: { lessonId: true } });
      const cards = await db.card.findMany({ where: { userId, question: { lesson: { courseId: course.id } } }, select: { state: true, scheduledDays: true, leech: true } });
      expect(row).toMatchObject({ lessonsTotal: 3, lessonsRead: read.length, questionsTotal: 15, questionsMet: cards.length, leeches: cards.filter((c) => c.leech).length });
      expect(row.cards).toEqual({
        new: cards.filter((c) => c.state === "NEW").length,
        learning: cards.filter((c) => c.state === "LEARNING" || c.state === "RELEARNING").length,
        young: cards.filter((c) => c.state === "REVIEW" && c.scheduledDays < 21).length,
        mature: cards.filter((c) => c.state === "REVIEW" && c.scheduledDays >= 21).length,
      });
      const readIds = new Set(read.map((r) => r.lessonId));
      expect(row.nextLesson?.id).toBe(lessons.find((l) => !readIds.has(l.id))?.id);
    }
  });

  it("recent sessions: the last ten, each summed over all its answers", async () => {
    const logs = await testDb().reviewLog.findMany({ where: { userId }, select: { sessionId: true, reviewedAt: true, correct: true, durationMs: true } });
    const groups = new Map<string, typeof logs>();
    for (const log of logs) {
      const key = `${log.sessionId}|${learningDay(log.reviewedAt, TZ)}`;
      groups.set(key, [...(groups.get(key) ?? []), log]);
    }
    const expected = [...groups.entries()]
      .map(([key, list]) => ({
        key,
        reviews: list.length,
        correct: list.filter((l) => l.correct).length,
        durationMs: list.reduce((s, l) => s + l.durationMs, 0),
        endedAt: Math.max(...list.map((l) => l.reviewedAt.getTime())),
      }))
      .sort((a, b) => b.endedAt - a.endedAt)
      .slice(0, 10)
      .map(({ endedAt: _, ...rest }) => rest);
    expect(d.sessions.map((s) => ({ key: `${s.sessionId}|${s.day}`, reviews: s.reviews, correct: s.correct, durationMs: s.durationMs }))).toEqual(expected);
  });
});

describe("getDashboard for a learner with nothing yet", () => {
  it("is empty and points at the first lesson", async () => {
    const user = await createUser();
    const d = await getDashboard({ db: testDb(), actor: user, now: NOW });
    expect(d.isEmpty).toBe(true);
    expect(d.firstLesson).not.toBeNull();
    expect(d.streak).toEqual({ current: 0, longest: 0, studiedToday: false });
    expect(d.courses).toEqual([]);
    expect(d.forecast.every((f) => f.due === 0 && f.overdue === 0)).toBe(true);
  });
});

describe("getDashboard's cost", () => {
  it("sends the same, small number of queries whatever the size of the history", async () => {
    const db = testDb();
    const small = await createUser({ ...TZ });
    await seedDemoHistory({ db, userId: small.id, now: NOW, seed: 1, days: 30 });
    const large = await createUser({ ...TZ });
    await seedDemoHistory({ db, userId: large.id, now: NOW, seed: 2 });
    // Multiply the large history: copies of its logs, a week apart further back in time.
    const logs = await db.reviewLog.findMany({ where: { userId: large.id } });
    const copies: Prisma.ReviewLogCreateManyInput[] = [];
    for (let k = 1; copies.length < 5_000; k++) {
      for (const { id: _, ...log } of logs) {
        copies.push({
          ...log,
          response: log.response as Prisma.InputJsonValue,
          cardBefore: log.cardBefore as Prisma.InputJsonValue,
          cardAfter: log.cardAfter as Prisma.InputJsonValue,
          reviewedAt: new Date(log.reviewedAt.getTime() - k * 7 * 86_400_000),
          idempotencyKey: uniqueId("copy-"),
        });
      }
    }
    for (let i = 0; i < copies.length; i += 1000) await db.reviewLog.createMany({ data: copies.slice(i, i + 1000) });
    const sizes = await Promise.all([small.id, large.id].map((id) => db.reviewLog.count({ where: { userId: id } })));
    expect(sizes[1]).toBeGreaterThan(sizes[0]! * 20);

    const counts = [];
    for (const id of [small.id, large.id]) {
      const { client, counter } = countingClient(db);
      await getDashboard({ db: client, actor: { id, role: "LEARNER" }, now: NOW });
      counts.push(counter.queries);
    }
    console.info(`getDashboard queries: ${counts.join(" and ")} for ${sizes.join(" and ")} review logs`);
    expect(counts[0]).toBe(counts[1]);
    expect(counts[0]).toBeLessThanOrEqual(10);
    expect(counts[0]).toBeGreaterThan(1);
  });
});
