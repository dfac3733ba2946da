import { describe, expect, it } from "vitest";
import { getReviewQueue } from "@/lib/reviews/get-review-queue";
import { listLeeches } from "@/lib/reviews/list-leeches";
import { relearnLeech } from "@/lib/reviews/relearn-leech";
import { undoReview } from "@/lib/reviews/undo-review";
import { LEECH_LAPSES } from "@/lib/srs/scheduler";
import { createLesson, createQuestion, createTopic, createUser, multipleChoicePayload, testDb } from "./helpers/db";
import { code } from "./helpers/outcome";
import { answerChoice } from "./helpers/answer";

const MC_PAYLOAD = multipleChoicePayload(["8 bytes", true, "Yes."], ["16 bytes", false, "That is the trace id."]);
const T0 = new Date("2026-03-02T10:00:00Z");
const MINUTE_MS = 60_000;

type User = Awaited<ReturnType<typeof createUser>>;

async function cardOf(userId: string, questionId: string) {
  return testDb().card.findUniqueOrThrow({ where: { userId_questionId: { userId, questionId } } });
}

/** Answers the card as it stands (its version), right (Good) or wrong (Again), at `now`. */
async function answer(user: User, questionId: string, right: boolean, now: Date, source: "lesson" | "review" = "review") {
  return answerChoice({ db: testDb(), user, questionId, choice: right ? "a" : "b", now, source, sessionId: "s1" });
}

/**
 * Drives a card through real answers until it lapses once more: Good until it is a review card, then
 * Again when it is due. Returns the time of the lapse.
 */
async function lapseOnce(user: User, questionId: string, from: Date): Promise<Date> {
  let now = from;
  for (let guard = 0; guard < 10; guard++) {
    const card = await cardOf(user.id, questionId);
    now = new Date(Math.max(now.getTime(), card.due.getTime()) + MINUTE_MS);
    if (card.state === "REVIEW") {
      await answer(user, questionId, false, now);
      return now;
    }
    await answer(user, questionId, true, now);
  }
  throw new Error("the card never reached the review state");
}

/** A learner with one card set aside as a leech (its LEECH_LAPSES-th lapse, through real answers). */
async function leechFixture(options: { topicId?: string } = {}) {
  const db = testDb();
  const user = await createUser();
  const lesson = await createLesson();
  if (options.topicId) await db.lessonTopic.create({ data: { lessonId: lesson.id, topicId: options.topicId } });
  const question = await createQuestion({ lessonId: lesson.id, payload: MC_PAYLOAD });
  await answer(user, question.id, true, T0, "lesson");
  let now = T0;
  for (let lapse = 1; lapse <= LEECH_LAPSES; lapse++) now = await lapseOnce(user, question.id, now);
  const card = await cardOf(user.id, question.id);
  return { db, user, lesson, question, card, now };
}

describe("relearning a leech", () => {
  it(`sets a card aside as a leech at its ${LEECH_LAPSES}th lapse and lists it with the lesson to reread`, async () => {
    const { db, user, lesson, question, card } = await leechFixture();
    expect(card).toMatchObject({ lapses: LEECH_LAPSES, leech: true, suspended: true, relearnedAtLapses: 0 });
    const leeches = await listLeeches({ db, actor: user });
    expect(leeches).toEqual([expect.objectContaining({ cardId: card.id, questionId: question.id, lessonId: lesson.id, lessonTitle: lesson.title, lapses: LEECH_LAPSES, version: card.version })]);
  });

  it("brings a leech back as a relearning card due now, in the queue, with its lapses and review log kept", async () => {
    const { db, user, card, now } = await leechFixture();
    const logsBefore = await db.reviewLog.count({ where: { userId: user.id } });
    const later = new Date(now.getTime() + 3 * 86_400_000);
    const result = await relearnLeech({ db, actor: user, input: { cardId: card.id, expectedVersion: card.version }, now: later });
    expect(result).toMatchObject({ changed: true, version: card.version + 1 });
    const after = await db.card.findUniqueOrThrow({ where: { id: card.id } });
    expect(after).toMatchObject({ state: "RELEARNING", learningSteps: 0, lapses: LEECH_LAPSES, relearnedAtLapses: LEECH_LAPSES, leech: false, suspended: false });
    expect(after.due.toISOString()).toBe(later.toISOString());
    expect({ stability: after.stability, difficulty: after.difficulty, lastReview: after.lastReview }).toEqual({ stability: card.stability, difficulty: card.difficulty, lastReview: card.lastReview });
    expect(await db.reviewLog.count({ where: { userId: user.id } })).toBe(logsBefore);
    const queue = await getReviewQueue({ db, actor: user, now: later });
    expect(queue.cards.map((c) => c.cardId)).toEqual([card.id]);
    expect(await listLeeches({ db, actor: user })).toEqual([]);
  });

  it(`makes a relearned card a leech again only after ${LEECH_LAPSES} more lapses`, async () => {
    const { db, user, question, card, now } = await leechFixture();
    await relearnLeech({ db, actor: user, input: { cardId: card.id, expectedVersion: card.version }, now });
    let at = now;
    for (let lapse = 1; lapse <= LEECH_LAPSES; lapse++) {
      at = await lapseOnce(user, question.id, at);
      const after = await cardOf(user.id, question.id);
      expect({ lapse, lapses: after.lapses, leech: after.leech, suspended: after.suspended }).toEqual({
        lapse,
        lapses: LEECH_LAPSES + lapse,
        leech: lapse === LEECH_LAPSES,
        suspended: lapse === LEECH_LAPSES,
      });
    }
  });

  it("changes the card once when two tabs relearn it together", async () => {
    const { db, user, card, now } = await leechFixture();
    const input = { cardId: card.id, expectedVersion: card.version };
    const results = await Promise.all(Array.from({ length: 4 }, () => relearnLeech({ db, actor: user, input, now })));
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    expect(new Set(results.map((r) => r.version))).toEqual(new Set([card.version + 1]));
    const after = await db.card.findUniqueOrThrow({ where: { id: card.id } });
    expect(after).toMatchObject({ version: card.version + 1, relearnedAtLapses: LEECH_LAPSES, suspended: false });
  });

  it("refuses a leech that changed since the page showed it, and changes nothing", async () => {
    const { db, user, card, now } = await leechFixture();
    expect(await code(relearnLeech({ db, actor: user, input: { cardId: card.id, expectedVersion: card.version - 1 }, now }))).toBe("CONFLICT");
    expect(await db.card.findUniqueOrThrow({ where: { id: card.id } })).toEqual(card);
  });

  it("does not let another learner relearn the card, nor tell them it exists", async () => {
    const { db, card, now } = await leechFixture();
    const intruder = await createUser();
    expect(await code(relearnLeech({ db, actor: intruder, input: { cardId: card.id, expectedVersion: card.version }, now }))).toBe("NOT_FOUND");
    expect(await db.card.findUniqueOrThrow({ where: { id: card.id } })).toEqual(card);
  });

  it("answers malformed input with INVALID_INPUT", async () => {
    const { db, user, card, now } = await leechFixture();
    for (const input of [null, {}, { cardId: "not-a-uuid", expectedVersion: 1 }, { cardId: card.id, expectedVersion: -1 }, { cardId: card.id, expectedVersion: "1" }]) {
      expect(await code(relearnLeech({ db, actor: user, input, now }))).toBe("INVALID_INPUT");
    }
    expect(await db.card.findUniqueOrThrow({ where: { id: card.id } })).toEqual(card);
  });

  it("relearns a leech answered in its lesson, and undoing that answer sets it aside again", async () => {
    const { db, user, question, card, now } = await leechFixture();
    const result = await answer(user, question.id, true, new Date(now.getTime() + 86_400_000), "lesson");
    expect(result.leech).toBe(false);
    const after = await cardOf(user.id, question.id);
    expect(after).toMatchObject({ leech: false, suspended: false, lapses: LEECH_LAPSES, relearnedAtLapses: LEECH_LAPSES });
    await undoReview({ db, actor: user, input: { reviewLogId: result.reviewLogId } });
    expect(await cardOf(user.id, question.id)).toMatchObject({ leech: true, suspended: true, lapses: LEECH_LAPSES, relearnedAtLapses: 0, state: card.state, due: card.due });
  });

  it("keeps a leech set aside when a review page that loaded before it became one answers it", async () => {
    const { user, question, now } = await leechFixture();
    const result = await answer(user, question.id, true, new Date(now.getTime() + 86_400_000), "review");
    expect(result.leech).toBe(true);
    expect(await cardOf(user.id, question.id)).toMatchObject({ leech: true, suspended: true, relearnedAtLapses: 0 });
  });

  it("lists on a topic only the leeches on that topic, and only the learner's own", async () => {
    const topic = await createTopic();
    const onTopic = await leechFixture({ topicId: topic.id });
    const elsewhere = await leechFixture();
    const db = testDb();
    expect((await listLeeches({ db, actor: onTopic.user, topicId: topic.id })).map((l) => l.cardId)).toEqual([onTopic.card.id]);
    expect(await listLeeches({ db, actor: elsewhere.user, topicId: topic.id })).toEqual([]);
  });
});
