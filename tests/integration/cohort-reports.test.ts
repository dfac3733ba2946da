// The cohort reports on PostgreSQL: each filter narrows what it says (course, level and topic the
// questions; the date range, in the instructor's days, the answers; at-risk only the learners), the
// CSV export is the filtered table in its order, and the drill-downs keep the cohort's access rule.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Prisma } from "@/lib/db/generated/client";
import { getCohortDashboard } from "@/lib/cohorts/dashboard";
import { cohortItemsCsv, cohortLearnersCsv } from "@/lib/cohorts/export";
import { getCohortItemDetail } from "@/lib/cohorts/item-detail";
import { getCohortLearnerTopic } from "@/lib/cohorts/learner-topic";
import { createCohort } from "@/lib/cohorts/manage";
import { NO_FILTERS, sortLearners, type ReportFilters } from "@/lib/cohorts/report-filters";
import { csvCells } from "../helpers/csv";
import { answerChoice } from "./helpers/answer";
import { createCourse, createLesson, createQuestion, createTopic, createUser, disconnectTestDb, testDb } from "./helpers/db";
import { code } from "./helpers/outcome";

afterAll(disconnectTestDb);

const MC: Prisma.InputJsonValue = {
  kind: "MULTIPLE_CHOICE",
  multiple: false,
  choices: [
    { id: "a", text: "right", correct: true, explanation: "Right." },
    { id: "b", text: "tempting", correct: false, explanation: "Wrong." },
  ],
};

// Asia/Kolkata (+5:30), learning days starting at 4 am: 2 Nov starts at 1 Nov 22:30 UTC.
const DAY = { timezone: "Asia/Kolkata", dayStartHour: 4 };
const NOW = new Date("2026-11-20T12:00:00Z");
const BEFORE_2_NOV = new Date("2026-11-01T22:29:00Z");
const ON_2_NOV = new Date("2026-11-01T22:31:00Z");

type World = Awaited<ReturnType<typeof makeWorld>>;

async function makeWorld() {
  const db = testDb();
  const topic = await createTopic();
  const courseA = await createCourse({ position: -2000 });
  const courseB = await createCourse({ position: -1999 });
  const juniorA = await createLesson({ courseId: courseA.id, level: "junior", position: 0 });
  const seniorA = await createLesson({ courseId: courseA.id, level: "senior", position: 1 });
  const lessonB = await createLesson({ courseId: courseB.id, level: "junior", position: 0 });
  await db.lessonTopic.create({ data: { lessonId: seniorA.id, topicId: topic.id } });
  const qJunior = await createQuestion({ lessonId: juniorA.id, payload: MC });
  const qSenior = await createQuestion({ lessonId: seniorA.id, payload: MC });
  const qB = await createQuestion({ lessonId: lessonB.id, payload: MC });
  // On the topic through the question's own topics, in a lesson that is not.
  await db.questionTopic.create({ data: { questionId: qB.id, topicId: topic.id } });
  const instructor = await createUser({ role: "INSTRUCTOR", timezone: DAY.timezone, dayStartHour: DAY.dayStartHour });
  const cohort = await createCohort({ db, actor: instructor, input: { name: "Reports cohort", courseIds: [courseA.id, courseB.id] } });
  const learners: Awaited<ReturnType<typeof createUser>>[] = [];
  for (const [i, name] of ["Ada", "Ben", "Cy", "Dee", "Eve", "Flo"].entries()) {
    const user = await createUser({ name: `${name} ${randomUUID().slice(0, 4)}`, desiredRetention: i < 3 ? 0.85 : 0.95 });
    await db.cohortMember.create({ data: { cohortId: cohort.id, userId: user.id, role: "LEARNER", joinedAt: new Date("2026-10-01T00:00:00Z") } });
    learners.push(user);
  }
  const answer = (user: (typeof learners)[number], questionId: string, choice: string, at: Date) => answerChoice({ db, user, questionId, choice, now: at });
  // Ada, Ben and Cy answer everything on 1 Nov (just before 2 Nov starts in Kolkata), Dee and Eve on 2 Nov;
  // all five reviewed yesterday. Flo never answers and is at risk (joined weeks ago, never started).
  for (const [i, user] of learners.slice(0, 5).entries()) {
    const at = i < 3 ? BEFORE_2_NOV : ON_2_NOV;
    for (const q of [qJunior, qSenior, qB]) await answer(user, q.id, i % 2 === 0 ? "a" : "b", at);
    // A review yesterday keeps them active.
    await answer(user, qJunior.id, "a", new Date(NOW.getTime() - 86_400_000));
  }
  return { db, topic, courseA, courseB, qJunior, qSenior, qB, instructor, cohort, learners };
}

let w: World;
beforeAll(async () => {
  w = await makeWorld();
});

const dashboard = (filters: Partial<ReportFilters>) =>
  getCohortDashboard({ db: w.db, actor: w.instructor, cohortId: w.cohort.id, now: NOW, day: DAY, filters: { ...NO_FILTERS, ...filters } });

describe("report filters", () => {
  it("narrow the questions by course, by level, and by topic through a lesson's or a question's own topics", async () => {
    const ids = async (f: Partial<ReportFilters>) => (await dashboard(f)).items.map((i) => i.questionId).sort();
    expect(await ids({})).toEqual([w.qJunior.id, w.qSenior.id, w.qB.id].sort());
    expect(await ids({ courseId: w.courseB.id })).toEqual([w.qB.id]);
    expect(await ids({ level: "senior" })).toEqual([w.qSenior.id]);
    expect(await ids({ topicId: w.topic.id })).toEqual([w.qSenior.id, w.qB.id].sort());
    expect(await ids({ courseId: "not-in-this-cohort" })).toEqual([]);
    expect((await dashboard({ courseId: w.courseA.id })).lessonsAssigned).toBe(2);
  });

  it("count the answers of the date range in the instructor's learning days (Asia/Kolkata, 4 am)", async () => {
    const onSecond = await dashboard({ from: "2026-11-02", to: "2026-11-02" });
    expect(onSecond.items.find((i) => i.questionId === w.qJunior.id)?.attempts).toBe(2);
    expect(onSecond.learners.map((l) => l.answersInRange)).toEqual(expect.arrayContaining([0, 0, 0, 3, 3, 0]));
    const onFirst = await dashboard({ from: "2026-11-01", to: "2026-11-01" });
    expect(onFirst.items.find((i) => i.questionId === w.qJunior.id)?.attempts).toBe(3);
  });

  it("keep only at-risk learners when asked, while the cohort's size stays known", async () => {
    const dash = await dashboard({ atRiskOnly: true });
    expect(dash.learners.map((l) => l.userId)).toEqual([w.learners[5]!.id]);
    expect(dash.memberCount).toBe(6);
  });

  it("anchor the heatmap on the mean of the learners' own target retention", async () => {
    expect((await dashboard({})).targetRetention).toBeCloseTo(0.9);
  });
});

describe("report CSV", () => {
  it("holds exactly the filtered learners table, in its order", async () => {
    const filters: ReportFilters = { ...NO_FILTERS, from: "2026-11-02", to: "2026-11-02", sort: "name", dir: "desc" };
    const csv = await cohortLearnersCsv({ db: w.db, actor: w.instructor, cohortId: w.cohort.id, now: NOW, day: DAY, filters });
    const dash = await dashboard(filters);
    const emails = csv.trim().split("\r\n").slice(1).map((line) => csvCells(line)[1]);
    expect(emails).toEqual(sortLearners(dash.learners, "name", "desc").map((l) => l.email));
    expect(csv.split("\r\n")[0]).toContain("answers_in_range");
  });

  it("holds only the filtered items", async () => {
    const csv = await cohortItemsCsv({ db: w.db, actor: w.instructor, cohortId: w.cohort.id, now: NOW, day: DAY, filters: { ...NO_FILTERS, level: "senior" } });
    const rows = csv.trim().split("\r\n").slice(1);
    expect(rows.map((r) => csvCells(r)[0])).toEqual([w.qSenior.id]);
  });
});

describe("drill-downs", () => {
  it("give a question's choice distribution, and its facility over the weeks", async () => {
    const detail = await getCohortItemDetail({ db: w.db, actor: w.instructor, cohortId: w.cohort.id, questionId: w.qJunior.id, now: NOW, day: DAY });
    expect(detail.item.choices?.map((c) => [c.label, c.picks])).toEqual([
      ["right", 3],
      ["tempting", 2],
    ]);
    expect(detail.trend.at(-1)).toMatchObject({ attempts: 5, facility: 0.6 });
    expect(detail.lesson.sourcePath).toMatch(/\.mdx$/);
  });

  it("answer 404 for a question outside the cohort and for another instructor, 403 for a learner", async () => {
    const other = await createQuestion({ payload: MC });
    const stranger = await createUser({ role: "INSTRUCTOR" });
    const detail = (actor: { id: string; role: "INSTRUCTOR" | "LEARNER" | "ADMIN" | "AUTHOR" }, questionId: string) =>
      code(getCohortItemDetail({ db: w.db, actor, cohortId: w.cohort.id, questionId, now: NOW }));
    expect(await detail(w.instructor, other.id)).toBe("NOT_FOUND");
    expect(await detail(stranger, w.qJunior.id)).toBe("NOT_FOUND");
    expect(await detail(w.learners[0]!, w.qJunior.id)).toBe("FORBIDDEN");
  });

  it("list a learner's cards on a topic, and nothing for someone outside the cohort", async () => {
    const topic = await getCohortLearnerTopic({ db: w.db, actor: w.instructor, cohortId: w.cohort.id, userId: w.learners[0]!.id, topicId: w.topic.id, now: NOW });
    expect(topic.cards.map((c) => c.questionId).sort()).toEqual([w.qSenior.id, w.qB.id].sort());
    expect(topic.cards.every((c) => c.retrievability !== null && c.retrievability > 0 && c.retrievability < 1)).toBe(true);
    const outsider = await createUser();
    expect(await code(getCohortLearnerTopic({ db: w.db, actor: w.instructor, cohortId: w.cohort.id, userId: outsider.id, topicId: w.topic.id, now: NOW }))).toBe("NOT_FOUND");
  });
});

describe("answers on a question retired since", () => {
  it("still count in a whole course's trend and each learner's answers, and not once a topic narrows the questions", async () => {
    const db = testDb();
    const topic = await createTopic();
    const course = await createCourse();
    const lesson = await createLesson({ courseId: course.id });
    await db.lessonTopic.create({ data: { lessonId: lesson.id, topicId: topic.id } });
    const kept = await createQuestion({ lessonId: lesson.id, position: 0, payload: MC });
    const retired = await createQuestion({ lessonId: lesson.id, position: 1, payload: MC });
    const instructor = await createUser({ role: "INSTRUCTOR" });
    const cohort = await createCohort({ db, actor: instructor, input: { name: "Retired question", courseIds: [course.id] } });
    const learner = await createUser();
    await db.cohortMember.create({ data: { cohortId: cohort.id, userId: learner.id, role: "LEARNER", joinedAt: new Date("2026-10-01T00:00:00Z") } });
    const at = new Date(NOW.getTime() - 2 * 86_400_000);
    for (const q of [kept, retired]) await answerChoice({ db, user: learner, questionId: q.id, choice: "a", now: at });
    await db.question.update({ where: { id: retired.id }, data: { retiredAt: NOW } });

    const report = (filters: Partial<ReportFilters>) =>
      getCohortDashboard({ db, actor: instructor, cohortId: cohort.id, now: NOW, filters: { ...NO_FILTERS, ...filters } });
    const day = "2026-11-18";
    const whole = await report({});
    expect(whole.items.map((i) => i.questionId)).toEqual([kept.id]);
    expect(whole.trend.days.find((d) => d.day === day)?.reviews).toBe(2);
    expect(whole.learners[0]!.answersInRange).toBe(2);
    const onTopic = await report({ topicId: topic.id });
    expect(onTopic.items.map((i) => i.questionId)).toEqual([kept.id]);
    expect(onTopic.trend.days.find((d) => d.day === day)?.reviews).toBe(1);
    expect(onTopic.learners[0]!.answersInRange).toBe(1);
  });
});
