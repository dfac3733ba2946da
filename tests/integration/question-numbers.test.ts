// Question numbers (docs/decisions/035-question-numbers.md): each question has its own small integer,
// and every card and card summary carries its question's, whatever wrote the row (the answer path's
// statements, the summaries' triggers, the Prisma client's default, a raw insert or update giving another
// number), so the cohort figures can find a card's question by it.
import { afterAll, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/db/generated/client";
import { submitReview } from "@/lib/reviews/submit-review";
import { createCourse, createLesson, createQuestion, createUser, disconnectTestDb, multipleChoicePayload, testDb, uniqueId } from "./helpers/db";

const MC = multipleChoicePayload(["yes", true, "Right."], ["no", false, "Wrong."]);

afterAll(disconnectTestDb);

/** Cards and summaries of these learners whose questionNo is not their question's no. */
async function wrongNumbers(userIds: string[]) {
  const [row] = await testDb().$queryRaw<{ cards: number; summaries: number; cardsSeen: number; summariesSeen: number }[]>`
    SELECT (SELECT count(*) FILTER (WHERE c."questionNo" <> q."no") FROM "Card" c JOIN "Question" q ON q.id = c."questionId" WHERE c."userId" = ANY(${userIds}::uuid[]))::int AS cards,
           (SELECT count(*) FILTER (WHERE s."questionNo" <> q."no") FROM "CardSummary" s JOIN "Question" q ON q.id = s."questionId" WHERE s."userId" = ANY(${userIds}::uuid[]))::int AS summaries,
           (SELECT count(*) FROM "Card" c WHERE c."userId" = ANY(${userIds}::uuid[]))::int AS "cardsSeen",
           (SELECT count(*) FROM "CardSummary" s WHERE s."userId" = ANY(${userIds}::uuid[]))::int AS "summariesSeen"`;
  return row!;
}

describe("question numbers", () => {
  it("numbers questions created together each once, and keeps a question's number when it changes", async () => {
    const lesson = await createLesson({ courseId: (await createCourse()).id });
    const made = await Promise.all(Array.from({ length: 20 }, (_, i) => createQuestion({ lessonId: lesson.id, position: i, payload: MC })));
    const nos = made.map((q) => q.no);
    expect(new Set(nos).size).toBe(20);
    expect(nos.every((n) => Number.isInteger(n) && n > 0)).toBe(true);
    // Content sync updates a question in place: its number stays.
    const updated = await testDb().question.update({ where: { id: made[0]!.id }, data: { prompt: "Changed" } });
    expect(updated.no).toBe(made[0]!.no);
  });

  it("gives every card and summary its question's number: answers fired together, the client's default, a raw insert or update giving another", async () => {
    const db = testDb();
    const lesson = await createLesson({ courseId: (await createCourse()).id });
    const questions = await Promise.all(Array.from({ length: 6 }, (_, i) => createQuestion({ lessonId: lesson.id, position: i, payload: MC })));
    const [a, b] = [await createUser(), await createUser()];
    const now = new Date("2026-12-04T10:00:00Z");
    // The answer path creates the cards and the summaries' trigger their summaries, both learners at once.
    await Promise.all(
      [a, b].flatMap((user) =>
        questions.map((q, i) =>
          submitReview({
            db,
            actor: user,
            input: { questionId: q.id, response: { kind: "MULTIPLE_CHOICE", choiceIds: [i % 2 ? "a" : "b"] }, rating: i % 2 ? 3 : 1, durationMs: 1500, idempotencyKey: uniqueId("key-"), sessionId: "s1", source: "review", expectedVersion: null },
            now,
            enableFuzz: false,
          }),
        ),
      ),
    );
    expect(await wrongNumbers([a.id, b.id])).toEqual({ cards: 0, summaries: 0, cardsSeen: 12, summariesSeen: 12 });

    // The Prisma client's default (0) and a raw insert giving another question's number.
    const c = await createUser();
    const made = await db.card.create({
      data: { userId: c.id, questionId: questions[0]!.id, due: now, stability: 0, difficulty: 0, scheduledDays: 0, reps: 0, lapses: 0, state: "NEW", answerHash: "h" },
    });
    expect(made.questionNo).toBe(questions[0]!.no);
    await db.$executeRaw`
      INSERT INTO "Card" (id, "userId", "questionId", due, stability, difficulty, "scheduledDays", reps, lapses, state, "answerHash", "questionNo")
      VALUES (gen_random_uuid(), ${c.id}::uuid, ${questions[1]!.id}, ${now}, 0, 0, 0, 0, 0, 'NEW', 'h', ${questions[2]!.no})`;
    // An update that sets another number, or moves the card to another question, takes that question's.
    await db.$executeRaw`UPDATE "Card" SET "questionNo" = ${questions[3]!.no} WHERE "userId" = ${a.id}::uuid`;
    await db.$executeRaw`UPDATE "CardSummary" SET "questionNo" = ${questions[3]!.no} WHERE "userId" = ${a.id}::uuid`;
    await db.$executeRaw`UPDATE "Card" SET "questionId" = ${questions[4]!.id} WHERE "userId" = ${c.id}::uuid AND "questionId" = ${questions[0]!.id}`;
    expect(await wrongNumbers([a.id, b.id, c.id])).toEqual({ cards: 0, summaries: 0, cardsSeen: 14, summariesSeen: 12 });
    const moved = await db.card.findUniqueOrThrow({ where: { id: made.id } });
    expect(moved.questionNo).toBe(questions[4]!.no);
  });

  it("refuses a card of no question", async () => {
    const user = await createUser();
    const err = await testDb()
      .$executeRaw`INSERT INTO "Card" (id, "userId", "questionId", due, stability, difficulty, "scheduledDays", reps, lapses, state, "answerHash") VALUES (gen_random_uuid(), ${user.id}::uuid, 'no-such-question', now(), 0, 0, 0, 0, 0, 'NEW', 'h')`
      .catch((e: unknown) => e);
    // The trigger finds no number (NULL into a NOT NULL column) before the foreign key would refuse it: either way, refused.
    expect(err).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
  });
});
