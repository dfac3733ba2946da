import { afterAll, describe, expect, it } from "vitest";
import { createCard, createQuestion, createUser, disconnectTestDb, testDb } from "./helpers/db";

afterAll(disconnectTestDb);

describe("test factories", () => {
  it("create users with unique emails and the role asked for", async () => {
    const [a, b, instructor] = await Promise.all([createUser(), createUser(), createUser({ role: "INSTRUCTOR" })]);
    expect(a.email).not.toBe(b.email);
    expect(a.role).toBe("LEARNER");
    expect(instructor.role).toBe("INSTRUCTOR");
    expect(await testDb().user.count({ where: { id: { in: [a.id, b.id, instructor.id] } } })).toBe(3);
  });

  it("build each question in a lesson and course of its own, even when built together, and a NEW card of the user on it", async () => {
    const user = await createUser();
    const [first, second] = await Promise.all([createQuestion(), createQuestion()]);
    const card = await createCard({ userId: user.id, questionId: first.id });
    const lessons = await testDb().lesson.findMany({ where: { id: { in: [first.lessonId, second.lessonId] } }, select: { id: true, courseId: true } });
    expect(lessons).toHaveLength(2);
    expect(new Set(lessons.map((l) => l.courseId)).size).toBe(2);
    expect(card).toMatchObject({ userId: user.id, questionId: first.id, state: "NEW" });
  });
});
