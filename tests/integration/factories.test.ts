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

  it("build a question with its lesson and course, and a card on it", async () => {
    const user = await createUser();
    const question = await createQuestion();
    const card = await createCard({ userId: user.id, questionId: question.id });
    const loaded = await testDb().card.findUniqueOrThrow({ where: { id: card.id }, include: { question: { include: { lesson: { include: { course: true } } } } } });
    expect(loaded.state).toBe("NEW");
    expect(loaded.question.lesson.course.id).toBe(loaded.question.lesson.courseId);
  });
});
