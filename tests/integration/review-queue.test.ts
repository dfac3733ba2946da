// The review page's queue (lib/reviews/get-review-queue.ts): one statement that returns the first
// SESSION_BATCH due cards with the number due and the next due instant, for everything or for one
// course or topic, and only the learner's own live, unsuspended cards; the whole queue's statement is
// planned once per connection.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma, poolOf } from "@/lib/db/client";
import { SESSION_BATCH, getReviewQueue } from "@/lib/reviews/get-review-queue";
import { REVIEW_QUEUE, REVIEW_QUEUE_FILTERED } from "@/lib/reviews/queue-statement";
import { recordPoolStatements } from "../helpers/pool-statements";
import { createCard, createCourse, createLesson, createQuestion, createTopic, createUser, testDatabaseUrl, testDb } from "./helpers/db";

const NOW = new Date("2026-10-25T00:30:00Z");
const HOUR_MS = 3_600_000;
const at = (hours: number) => new Date(NOW.getTime() + hours * HOUR_MS);

let world: Awaited<ReturnType<typeof makeWorld>>;

async function makeWorld() {
  const topic = await createTopic();
  const courseA = await createCourse();
  const courseB = await createCourse();
  const lessonA1 = await createLesson({ courseId: courseA.id, position: 0 });
  await testDb().lessonTopic.create({ data: { lessonId: lessonA1.id, topicId: topic.id } });
  const lessonA2 = await createLesson({ courseId: courseA.id, position: 1 });
  const lessonB1 = await createLesson({ courseId: courseB.id, position: 0 });
  const a1 = await createQuestion({ lessonId: lessonA1.id });
  const a2 = await createQuestion({ lessonId: lessonA2.id });
  const b1 = await createQuestion({ lessonId: lessonB1.id });
  await testDb().questionTopic.create({ data: { questionId: b1.id, topicId: topic.id } });
  const b2 = await createQuestion({ lessonId: lessonB1.id });
  const retired = await createQuestion({ lessonId: lessonB1.id });
  await testDb().question.update({ where: { id: retired.id }, data: { retiredAt: at(-48) } });
  const suspended = await createQuestion({ lessonId: lessonA2.id });
  const later = await createQuestion({ lessonId: lessonA1.id });
  const laterB = await createQuestion({ lessonId: lessonB1.id });

  const learner = await createUser();
  const other = await createUser();
  for (const [q, due] of [
    [a1, at(-30)],
    [a2, at(-2)],
    [b1, at(-5)],
    [b2, at(-1)],
    [retired, at(-3)],
    [later, at(7)],
    [laterB, at(3)],
  ] as const) {
    await createCard({ userId: learner.id, questionId: q.id, due, state: "REVIEW" });
  }
  const s = await createCard({ userId: learner.id, questionId: suspended.id, due: at(-4), state: "REVIEW" });
  await testDb().card.update({ where: { id: s.id }, data: { suspended: true, leech: true } });
  // Another learner's cards, all due: never in this learner's queue or counts.
  for (const q of [a1, a2, b1, b2]) await createCard({ userId: other.id, questionId: q.id, due: at(-100), state: "REVIEW" });
  return { topic, courseA, courseB, a1, a2, b1, b2, later, laterB, learner };
}

beforeAll(async () => {
  world = await makeWorld();
});

const ids = (q: Awaited<ReturnType<typeof getReviewQueue>>) => q.cards.map((c) => c.questionId).sort();

describe("getReviewQueue", () => {
  it("returns the learner's own due, live, unsuspended cards with how many are due and when the next one is", async () => {
    const queue = await getReviewQueue({ db: testDb(), actor: world.learner, now: NOW });
    expect(ids(queue)).toEqual([world.a1.id, world.a2.id, world.b1.id, world.b2.id].sort());
    expect(queue.dueCount).toBe(4);
    expect(queue.nextDue?.toISOString()).toBe(at(3).toISOString());
    expect(queue.cards.every((c) => typeof c.cardId === "string" && c.version === 0 && c.state === "REVIEW")).toBe(true);
  });

  // The columns hold UTC wall time: `now` goes in and the instants come out the same whatever the
  // process's zone (off by the zone's offset, at(3) and at(7) would count as due, or a1 would not).
  for (const zone of ["Pacific/Chatham", "Asia/Kolkata"]) {
    it(`returns the same cards, count and next due instant in a process zone of ${zone}`, async () => {
      const was = process.env.TZ;
      process.env.TZ = zone;
      try {
        expect(NOW.getTimezoneOffset()).toBe(zone === "Asia/Kolkata" ? -330 : -825);
        const queue = await getReviewQueue({ db: testDb(), actor: world.learner, now: NOW });
        expect(ids(queue)).toEqual([world.a1.id, world.a2.id, world.b1.id, world.b2.id].sort());
        expect(queue.dueCount).toBe(4);
        expect(queue.nextDue?.toISOString()).toBe(at(3).toISOString());
        const atTheInstant = await getReviewQueue({ db: testDb(), actor: world.learner, now: at(3) });
        expect(atTheInstant.dueCount).toBe(5);
        expect(atTheInstant.nextDue?.toISOString()).toBe(at(7).toISOString());
      } finally {
        if (was === undefined) delete process.env.TZ;
        else process.env.TZ = was;
      }
    });
  }

  it("narrows cards, count and next due to a course", async () => {
    const queue = await getReviewQueue({ db: testDb(), actor: world.learner, now: NOW, filter: { courseId: world.courseA.id } });
    expect(ids(queue)).toEqual([world.a1.id, world.a2.id].sort());
    expect(queue.dueCount).toBe(2);
    expect(queue.nextDue?.toISOString()).toBe(at(7).toISOString());
  });

  it("narrows to a topic through the lesson's topics and the question's own", async () => {
    const queue = await getReviewQueue({ db: testDb(), actor: world.learner, now: NOW, filter: { topicId: world.topic.id } });
    // a1 is in a lesson about the topic; b1 is tagged with it itself; `later` is in a1's lesson but not due yet.
    expect(ids(queue)).toEqual([world.a1.id, world.b1.id].sort());
    expect(queue.dueCount).toBe(2);
    expect(queue.nextDue?.toISOString()).toBe(at(7).toISOString());
  });

  it("gives the counts and the next due instant when nothing is due", async () => {
    const queue = await getReviewQueue({ db: testDb(), actor: world.learner, now: at(-200) });
    expect(queue.cards).toEqual([]);
    expect(queue.dueCount).toBe(0);
    expect(queue.nextDue?.toISOString()).toBe(at(-30).toISOString());
    const empty = await getReviewQueue({ db: testDb(), actor: await createUser(), now: NOW });
    expect(empty).toMatchObject({ cards: [], dueCount: 0, nextDue: null });
  });

  it(`returns at most ${SESSION_BATCH} cards, the most overdue, and counts them all`, async () => {
    const learner = await createUser();
    const lesson = await createLesson();
    const n = SESSION_BATCH + 7;
    for (let i = 0; i < n; i++) {
      const q = await createQuestion({ lessonId: lesson.id, position: i });
      await createCard({ userId: learner.id, questionId: q.id, due: at(-1 - i), state: "REVIEW" });
    }
    const queue = await getReviewQueue({ db: testDb(), actor: learner, now: NOW });
    expect(queue.cards).toHaveLength(SESSION_BATCH);
    expect(queue.dueCount).toBe(n);
    const dues = await testDb().card.findMany({ where: { id: { in: queue.cards.map((c) => c.cardId) } }, select: { due: true } });
    // The 7 least overdue are the ones left for the next page.
    expect(Math.max(...dues.map((d) => d.due.getTime()))).toBeLessThanOrEqual(at(-8).getTime());
  });

  describe("on the wire", () => {
    // Counted on the client's pg pool, where both Prisma's queries and the prepared statement go.
    let client: ReturnType<typeof createPrisma>;
    let recorder: ReturnType<typeof recordPoolStatements>;
    beforeAll(() => {
      client = createPrisma(testDatabaseUrl(), 2);
      recorder = recordPoolStatements(poolOf(client));
    });
    afterAll(async () => {
      await client.$disconnect();
    });

    it("sends one statement (the goal is at most 2), the prepared queue statement scoped by the learner's id: the whole queue's, or the filtered one's", async () => {
      for (const filter of [{}, { courseId: world.courseA.id }, { topicId: world.topic.id }, { courseId: world.courseA.id, topicId: world.topic.id }]) {
        recorder.statements.length = 0;
        recorder.recording = true;
        await getReviewQueue({ db: client, actor: world.learner, now: NOW, filter });
        recorder.recording = false;
        expect(recorder.statements).toHaveLength(1);
        const [sent] = recorder.statements;
        const filtered = "courseId" in filter || "topicId" in filter;
        expect(sent!.name).toBe(filtered ? REVIEW_QUEUE_FILTERED.name : REVIEW_QUEUE.name);
        expect(sent!.values).toEqual(filtered ? [world.learner.id, "2026-10-25T00:30:00.000", filter.courseId ?? null, filter.topicId ?? null] : [world.learner.id, "2026-10-25T00:30:00.000"]);
        // Every read of Card in it is for one learner (two: the due cards with their count, the next due).
        expect(sent!.text.match(/"Card"/g)).toHaveLength(2);
        expect(sent!.text.match(/c\."userId" = \$1::uuid/g)).toHaveLength(2);
      }
    });

    // PostgreSQL plans a prepared statement for the call's values on its first five runs on a
    // connection, and from then on only when the generic plan looks dearer; planning the queue cost more
    // than running it (docs/performance.md §4). Card's statistics here are those of learners with a
    // hundred cards each, due over a year, and one of them asks for the queue before any card is due:
    // a plan that could see `now` would expect no card due and always look cheaper than the generic one.
    it("plans the whole queue's statement once per connection: from its sixth run on a connection PostgreSQL runs the generic plan", async () => {
      const lesson = await createLesson();
      const questions = await Promise.all(Array.from({ length: 100 }, (_, i) => createQuestion({ lessonId: lesson.id, position: i })));
      const learners = await Promise.all(Array.from({ length: 50 }, () => createUser()));
      await testDb().$executeRaw`
        INSERT INTO "Card" (id, "userId", "questionId", due, stability, difficulty, "scheduledDays", reps, lapses, state, "answerHash")
        SELECT gen_random_uuid(), u, q, TIMESTAMP '2026-10-25 00:30' + (((n * 7) % 365) - 30) * INTERVAL '1 day', 10, 5, 10, 3, 0, 'REVIEW', 'test'
          FROM unnest(${learners.map((l) => l.id)}::uuid[]) u, unnest(${questions.map((q) => q.id)}::text[]) WITH ORDINALITY AS qs(q, n)`;
      await testDb().$executeRawUnsafe(`ANALYZE "Card", "Question"`);
      const one = createPrisma(testDatabaseUrl(), 1);
      try {
        const nows = Array.from({ length: 12 }, (_, i) => at(-1_000 - i));
        for (const now of nows) await getReviewQueue({ db: one, actor: learners[0]!, now });
        const { rows } = await poolOf(one).query<{ generic: string; custom: string }>(
          `SELECT generic_plans AS generic, custom_plans AS custom FROM pg_prepared_statements WHERE name = $1`,
          [REVIEW_QUEUE.name],
        );
        expect(rows).toEqual([{ generic: "7", custom: "5" }]);
      } finally {
        await one.$disconnect();
      }
    });
  });

  it("narrows to a course and a topic together", async () => {
    const queue = await getReviewQueue({ db: testDb(), actor: world.learner, now: NOW, filter: { courseId: world.courseA.id, topicId: world.topic.id } });
    // Of course A's due cards only a1 is about the topic (through its lesson); b1 is tagged but in course B.
    expect(ids(queue)).toEqual([world.a1.id]);
    expect(queue.dueCount).toBe(1);
    expect(queue.nextDue?.toISOString()).toBe(at(7).toISOString());
  });
});
