// Cohorts on PostgreSQL: who may do what (403 / 404 in the data layer), joining with a code (and its
// rate limit), and the cohort dashboard's figures worked out by hand from answers submitted through
// the real review path; a removed member disappears from every figure.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { requireCohort } from "@/lib/cohorts/access";
import { formatJoinCode } from "@/lib/cohorts/codes";
import { getCohortDashboard } from "@/lib/cohorts/dashboard";
import { getCohortLearnerProgress } from "@/lib/cohorts/learner-progress";
import { cohortItemsCsv, cohortLearnersCsv, cohortReviewsCsv } from "@/lib/cohorts/export";
import { addInstructor, createCohort, listCohorts, removeMember, rotateJoinCode, updateCohort } from "@/lib/cohorts/manage";
import { joinCohort, leaveCohort, listMyCohorts, previewCohort } from "@/lib/cohorts/membership";
import { AppError } from "@/lib/errors";
import { relearnLeech } from "@/lib/reviews/relearn-leech";
import { answerChoice } from "./helpers/answer";
import { createCourse, createLesson, createQuestion, createUser, disconnectTestDb, multipleChoicePayload, testDb } from "./helpers/db";
import { code } from "./helpers/outcome";

afterAll(disconnectTestDb);

const MC = multipleChoicePayload(["right", true, "Right."], ["tempting", false, "Wrong."], ["unlikely", false, "Wrong."]);

const T0 = new Date("2026-10-01T10:00:00Z");

function answer(user: Parameters<typeof answerChoice>[0]["user"], questionId: string, choice: string, now = T0) {
  return answerChoice({ db: testDb(), user, questionId, choice, now });
}

async function world() {
  const db = testDb();
  const course = await createCourse();
  const lesson = await createLesson({ courseId: course.id });
  const questions = [];
  for (let i = 0; i < 3; i++) questions.push(await createQuestion({ lessonId: lesson.id, position: i, payload: MC }));
  const other = await createCourse();
  const otherLesson = await createLesson({ courseId: other.id });
  const otherQuestion = await createQuestion({ lessonId: otherLesson.id, payload: MC });
  const instructor = await createUser({ role: "INSTRUCTOR" });
  const stranger = await createUser({ role: "INSTRUCTOR" });
  const admin = await createUser({ role: "ADMIN" });
  const learner = await createUser({ role: "LEARNER" });
  const cohort = await createCohort({ db, actor: instructor, input: { name: "Autumn cohort", courseIds: [course.id], targets: { [course.id]: "2026-12-31" } } });
  return { db, course, lesson, questions, other, otherQuestion, instructor, stranger, admin, learner, cohort };
}

describe("cohort access", () => {
  it("gives 403 to non-instructors, 404 to other instructors, and everything to the cohort's instructors and admins", async () => {
    const { db, cohort, instructor, stranger, admin, learner, course } = await world();
    const author = await createUser({ role: "AUTHOR" });
    for (const actor of [learner, author]) {
      expect(await code(requireCohort({ db, actor, cohortId: cohort.id }))).toBe("FORBIDDEN");
      expect(await code(createCohort({ db, actor, input: { name: "x", courseIds: [course.id] } }))).toBe("FORBIDDEN");
      expect(await code(listCohorts({ db, actor }))).toBe("FORBIDDEN");
      expect(await code(getCohortDashboard({ db, actor, cohortId: cohort.id }))).toBe("FORBIDDEN");
      expect(await code(cohortLearnersCsv({ db, actor, cohortId: cohort.id }))).toBe("FORBIDDEN");
    }
    expect(await code(requireCohort({ db, actor: stranger, cohortId: cohort.id }))).toBe("NOT_FOUND");
    expect(await code(rotateJoinCode({ db, actor: stranger, cohortId: cohort.id }))).toBe("NOT_FOUND");
    expect(await code(removeMember({ db, actor: stranger, cohortId: cohort.id, userId: instructor.id, address: "203.0.113.9" }))).toBe("NOT_FOUND");
    expect(await code(cohortReviewsCsv({ db, actor: stranger, cohortId: cohort.id }))).toBe("NOT_FOUND");
    expect(await code(requireCohort({ db, actor: stranger, cohortId: "not-a-uuid" }))).toBe("NOT_FOUND");
    expect((await listCohorts({ db, actor: stranger })).map((c) => c.id)).not.toContain(cohort.id);
    expect(await code(requireCohort({ db, actor: admin, cohortId: cohort.id }))).toBe("OK");
    expect((await listCohorts({ db, actor: instructor })).map((c) => c.id)).toContain(cohort.id);

    // A co-instructor added by email runs it too; the last instructor cannot leave it instructorless.
    await addInstructor({ db, actor: instructor, cohortId: cohort.id, email: stranger.email.toUpperCase(), address: "203.0.113.9" });
    expect(await code(requireCohort({ db, actor: stranger, cohortId: cohort.id }))).toBe("OK");
    expect(await code(addInstructor({ db, actor: instructor, cohortId: cohort.id, email: learner.email, address: "203.0.113.9" }))).toBe("INVALID_INPUT");
    await removeMember({ db, actor: stranger, cohortId: cohort.id, userId: instructor.id, address: "203.0.113.9" });
    expect(await code(requireCohort({ db, actor: instructor, cohortId: cohort.id }))).toBe("NOT_FOUND");
    expect(await code(removeMember({ db, actor: stranger, cohortId: cohort.id, userId: stranger.id, address: "203.0.113.9" }))).toBe("CONFLICT");
  });

  it("keeps one instructor when two instructors remove each other at once (10 tries), and audits the removal", async () => {
    const db = testDb();
    const course = await createCourse();
    for (let attempt = 0; attempt < 10; attempt++) {
      const a = await createUser({ role: "INSTRUCTOR" });
      const b = await createUser({ role: "INSTRUCTOR" });
      const cohort = await createCohort({ db, actor: a, input: { name: `Pair ${attempt}`, courseIds: [course.id] } });
      await addInstructor({ db, actor: a, cohortId: cohort.id, email: b.email, address: "203.0.113.9" });
      const outcomes = await Promise.all([
        code(removeMember({ db, actor: a, cohortId: cohort.id, userId: b.id, address: "203.0.113.1" })),
        code(removeMember({ db, actor: b, cohortId: cohort.id, userId: a.id, address: "203.0.113.2" })),
      ]);
      expect(outcomes.filter((o) => o === "OK")).toHaveLength(1);
      expect(outcomes.filter((o) => o !== "OK")).toEqual([expect.stringMatching(/^(NOT_FOUND|CONFLICT)$/)]);
      expect(await db.cohortMember.count({ where: { cohortId: cohort.id, role: "INSTRUCTOR" } })).toBe(1);
      const removals = await db.auditLog.findMany({ where: { cohortId: cohort.id, action: "cohort.instructor.remove" } });
      expect(removals).toHaveLength(1);
      expect(removals[0]).toMatchObject({ address: expect.stringMatching(/^203\.0\.113\.[12]$/), actorEmail: expect.stringMatching(/@/) });
    }
  });

  it("validates the cohort form field by field", async () => {
    const { db, instructor, course } = await world();
    const err = (await createCohort({ db, actor: instructor, input: { name: "  ", courseIds: [], targets: { [course.id]: "31/12/2026" } } }).catch((e) => e)) as AppError;
    expect(err.code).toBe("INVALID_INPUT");
    expect(Object.keys(err.fieldErrors ?? {}).sort()).toEqual(["courseIds", "name", "targets"]);
    const unknown = (await createCohort({ db, actor: instructor, input: { name: "x", courseIds: ["no-such-course"] } }).catch((e) => e)) as AppError;
    expect(unknown.fieldErrors?.courseIds).toMatch(/does not exist/);
  });
});

describe("joining", () => {
  it("joins with the code in any case and spacing, or not at all with a wrong one, and leaves", async () => {
    const { db, cohort, learner, course, instructor } = await world();
    const typed = formatJoinCode(cohort.joinCode).toLowerCase();
    expect((await previewCohort({ db, actor: learner, code: typed })).alreadyMember).toBe(false);
    const joined = await joinCohort({ db, actor: learner, code: ` ${typed} ` });
    expect(joined.name).toBe("Autumn cohort");
    await joinCohort({ db, actor: learner, code: cohort.joinCode }); // twice is harmless
    const mine = await listMyCohorts({ db, actor: learner });
    expect(mine).toHaveLength(1);
    expect(mine[0]!.courses).toEqual([{ courseId: course.id, title: course.title, targetDate: new Date("2026-12-31T00:00:00Z") }]);

    const wrong = (await joinCohort({ db, actor: learner, code: "ZZZZ-ZZZZ" }).catch((e) => e)) as AppError;
    expect(wrong.fieldErrors?.code).toMatch(/No cohort has this code/);
    const empty = (await joinCohort({ db, actor: learner, code: "" }).catch((e) => e)) as AppError;
    expect(empty.fieldErrors?.code).toMatch(/Enter the join code/);

    const old = cohort.joinCode;
    const fresh = await rotateJoinCode({ db, actor: instructor, cohortId: cohort.id });
    expect(fresh).not.toBe(old);
    const late = await createUser();
    expect(await code(joinCohort({ db, actor: late, code: old }))).toBe("INVALID_INPUT");
    expect(await code(joinCohort({ db, actor: late, code: fresh }))).toBe("OK");

    await leaveCohort({ db, actor: learner, cohortId: cohort.id });
    expect(await listMyCohorts({ db, actor: learner })).toEqual([]);
    expect(await code(leaveCohort({ db, actor: learner, cohortId: cohort.id }))).toBe("NOT_FOUND");
    // An instructor cannot "leave" as a learner.
    expect(await code(leaveCohort({ db, actor: instructor, cohortId: cohort.id }))).toBe("NOT_FOUND");
  });

  it("stops guessing after 10 wrong codes in a quarter hour, even for a right one", async () => {
    const { db, cohort } = await world();
    const guesser = await createUser();
    for (let i = 0; i < 10; i++) expect(await code(joinCohort({ db, actor: guesser, code: "ABCD-EFGH", address: "203.0.113.9" }))).toBe("INVALID_INPUT");
    expect(await code(joinCohort({ db, actor: guesser, code: cohort.joinCode, address: "203.0.113.9" }))).toBe("RATE_LIMITED");
  });
});

describe("the cohort dashboard", () => {
  it("counts first attempts, discrimination and choices by hand, and forgets a removed member", async () => {
    const { db, cohort, instructor, questions, learner, otherQuestion } = await world();
    const [q1, q2, q3] = questions;
    // Six learners; their first answers to q1..q3 (a is right). Totals: L0 3, L1 3, L2 2, L3 0, L4 1, L5 0.
    const plan = [
      ["a", "a", "a"],
      ["a", "a", "a"],
      ["a", "b", "a"],
      ["b", "b", "b"],
      ["a", "c", "b"],
      ["b", "b", "c"],
    ];
    const learners = [learner];
    for (let i = 1; i < plan.length; i++) learners.push(await createUser());
    for (const [i, l] of learners.entries()) {
      await joinCohort({ db, actor: l, code: cohort.joinCode });
      for (const [j, q] of [q1!, q2!, q3!].entries()) await answer(l, q.id, plan[i]![j]!, new Date(T0.getTime() + j * 60_000));
    }
    // An answer outside the cohort's courses never counts.
    await answer(learners[5]!, otherQuestion.id, "a");

    const now = new Date(T0.getTime() + 3_600_000);
    const dash = await getCohortDashboard({ db, actor: instructor, cohortId: cohort.id, now });
    expect(dash.learners).toHaveLength(6);
    for (const row of dash.learners) {
      expect(row.cards).toBe(3);
      expect(row.lessonsAssigned).toBe(1);
      expect(row.reviews7).toBe(3);
      expect(row.lastActiveAt?.getTime()).toBe(T0.getTime() + 2 * 60_000);
    }
    const item = (id: string) => dash.items.find((i) => i.questionId === id)!;
    expect(item(q1!.id).attempts).toBe(6);
    expect(item(q1!.id).facility).toBeCloseTo(4 / 6);
    expect(item(q2!.id).facility).toBeCloseTo(2 / 6);
    // q2: b picked 3 times, more than the key (2): flagged.
    expect(item(q2!.id).choices?.find((c) => c.id === "b")?.picks).toBe(3);
    expect(item(q2!.id).flags.map((f) => f.code)).toContain("distractor-beats-key");
    // Upper/lower groups of round(0.27 × 6) = 2: q1 upper (L0, L1) 2/2 right, lower (L3, L5) 0/2 → D = 1;
    // q3 upper 2/2, lower 0/2 → D = 1 as well; q2 upper 2/2, lower 0/2.
    expect(item(q1!.id).discrimination).toBeCloseTo(1);
    expect(item(q2!.id).discrimination).toBeCloseTo(1);
    expect(dash.trend.days.reduce((s, d) => s + d.reviews, 0)).toBe(18);

    // Removed: gone from the table and from every statistic.
    await removeMember({ db, actor: instructor, cohortId: cohort.id, userId: learners[5]!.id, address: "203.0.113.9" });
    const after = await getCohortDashboard({ db, actor: instructor, cohortId: cohort.id, now });
    expect(after.learners.map((l) => l.userId)).not.toContain(learners[5]!.id);
    expect(after.items.find((i) => i.questionId === q1!.id)!.attempts).toBe(5);
    expect(after.trend.days.reduce((s, d) => s + d.reviews, 0)).toBe(15);
    const csv = await cohortReviewsCsv({ db, actor: instructor, cohortId: cohort.id });
    expect(csv).not.toContain(learners[5]!.email);
    expect(csv.split("\r\n").filter(Boolean)).toHaveLength(1 + 15);
  });

  it("exports RFC 4180 CSV with formula cells escaped", async () => {
    const { db, cohort, instructor, questions } = await world();
    const evil = await createUser({ name: "=HYPERLINK(\"http://x\")", email: `evil-${randomUUID()}@test.recall` });
    await joinCohort({ db, actor: evil, code: cohort.joinCode });
    await answer(evil, questions[0]!.id, "a");
    const learnersCsv = await cohortLearnersCsv({ db, actor: instructor, cohortId: cohort.id });
    const [header, row] = learnersCsv.split("\r\n");
    expect(header).toMatch(/^name,email,/);
    expect(row).toContain(`"'=HYPERLINK(""http://x"")"`);
    const items = await cohortItemsCsv({ db, actor: instructor, cohortId: cohort.id });
    expect(items.split("\r\n")[0]).toMatch(/^question_id,lesson,kind,prompt,attempts,facility,discrimination_upper_lower_27,point_biserial/);
    expect(items.split("\r\n").filter(Boolean)).toHaveLength(1 + 3);
  });

  it("counts the leeches set aside now per learner, per question and per lesson of a learner, in the table and the CSV, and drops a relearned one", async () => {
    const { db, cohort, instructor, questions, learner } = await world();
    const [q1, q2] = questions;
    const second = await createUser();
    for (const l of [learner, second]) {
      await joinCohort({ db, actor: l, code: cohort.joinCode });
      for (const q of questions) await answer(l, q.id, "a");
    }
    const card = (userId: string, questionId: string) => ({ userId_questionId: { userId, questionId } });
    // Cards set aside as they are after an eighth lapse.
    for (const [userId, questionId] of [[learner.id, q1!.id], [learner.id, q2!.id], [second.id, q1!.id]] as const) {
      await db.card.update({ where: card(userId, questionId), data: { state: "RELEARNING", lapses: 8, leech: true, suspended: true } });
    }
    const now = new Date(T0.getTime() + 3_600_000);
    const dash = await getCohortDashboard({ db, actor: instructor, cohortId: cohort.id, now });
    const leechesOf = (d: typeof dash) => ({
      learners: Object.fromEntries(d.learners.map((l) => [l.userId, l.leeches])),
      items: Object.fromEntries(d.items.map((i) => [i.questionId, i.leeches])),
    });
    expect(leechesOf(dash)).toEqual({ learners: { [learner.id]: 2, [second.id]: 1 }, items: { [q1!.id]: 2, [q2!.id]: 1, [questions[2]!.id]: 0 } });
    const [header, ...rows] = (await cohortLearnersCsv({ db, actor: instructor, cohortId: cohort.id, now })).split("\r\n").filter(Boolean);
    const column = header!.split(",").indexOf("leeches");
    expect(rows.map((r) => r.split(",")[column]).sort()).toEqual(["1", "2"]);
    const progress = await getCohortLearnerProgress({ db, actor: instructor, cohortId: cohort.id, userId: learner.id, now });
    expect(progress.lessons.map((l) => l.leeches)).toEqual([2]);

    const relearned = await db.card.findUniqueOrThrow({ where: card(second.id, q1!.id) });
    await relearnLeech({ db, actor: second, input: { cardId: relearned.id, expectedVersion: relearned.version }, now });
    const after = await getCohortDashboard({ db, actor: instructor, cohortId: cohort.id, now });
    expect(leechesOf(after)).toEqual({ learners: { [learner.id]: 2, [second.id]: 0 }, items: { [q1!.id]: 1, [q2!.id]: 1, [questions[2]!.id]: 0 } });
  });

  it("renames and re-targets a cohort", async () => {
    const { db, cohort, instructor, course, other } = await world();
    await updateCohort({ db, actor: instructor, cohortId: cohort.id, input: { name: "Renamed", courseIds: [other.id], targets: {} } });
    const summary = await requireCohort({ db, actor: instructor, cohortId: cohort.id });
    expect(summary.name).toBe("Renamed");
    expect(summary.courses.map((c) => c.courseId)).toEqual([other.id]);
    expect(summary.courses.map((c) => c.courseId)).not.toContain(course.id);
  });
});
