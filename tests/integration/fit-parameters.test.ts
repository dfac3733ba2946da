import { beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { fitLearnerParameters, getFitStatus, type FitReport } from "@/lib/learners/fit-parameters";
import { getRescheduleOffer } from "@/lib/learners/get-reschedule-offer";
import { rescheduleCards } from "@/lib/learners/reschedule-cards";
import { updateSettings } from "@/lib/learners/update-settings";
import { undoReview } from "@/lib/reviews/undo-review";
import { learningDay } from "@/lib/srs/day";
import { replayMemory } from "@/lib/srs/replay";
import { DEFAULT_PARAMS, type Rating } from "@/lib/srs/scheduler";
import { generateHistory } from "@/lib/srs/simulate";
import { createLesson, createQuestion, createUser, testDb } from "./helpers/db";
import { historyRows, insertHistory } from "./helpers/history";

const NOW = new Date("2026-06-01T08:00:00Z");
const TOKYO = { timezone: "Asia/Tokyo", dayStartHour: 4 };
/** A learner who forgets far faster than the FSRS-6 defaults assume: a fit that predicts them better exists. */
const VERY_FORGETFUL = DEFAULT_PARAMS.map((w, i) => ({ 0: w * 0.2, 1: w * 0.2, 2: w * 0.25, 3: w * 0.25, 8: 1.0, 20: 0.35 })[i] ?? w);

async function learner({ seed, cards, days, learnerParams }: { seed: number; cards: number; days: number; learnerParams?: number[] }) {
  const user = await createUser({ timezone: TOKYO.timezone, dayStartHour: TOKYO.dayStartHour });
  const lesson = await createLesson();
  const history = generateHistory({ seed, cards, days, now: NOW, learnerParams });
  const questionIds: string[] = [];
  for (let i = 0; i < cards; i++) questionIds.push((await createQuestion({ lessonId: lesson.id, position: i })).id);
  await insertHistory(testDb(), historyRows({ userId: user.id, history, questionIds }));
  return { user, questionIds, reviews: history.length };
}

const cardsOf = (userId: string) =>
  testDb().card.findMany({ where: { userId }, orderBy: { id: "asc" }, select: { id: true, due: true, stability: true, difficulty: true, scheduledDays: true, version: true, state: true } });

async function replayOf(cardId: string, params: readonly number[] | null, dropLast = false) {
  const logs = await testDb().reviewLog.findMany({ where: { cardId }, orderBy: [{ reviewedAt: "asc" }, { id: "asc" }], select: { rating: true, reviewedAt: true } });
  const reviews = logs.map((l) => ({ rating: l.rating as Rating, reviewedAt: l.reviewedAt }));
  return replayMemory({ reviews: dropLast ? reviews.slice(0, -1) : reviews, params, dayOptions: TOKYO }).after!;
}

describe("fitting on held-out reviews", () => {
  it("a learner whose memory follows the defaults keeps them: the report gives both held-out figures and nothing else changes", async () => {
    const { user } = await learner({ seed: 21, cards: 120, days: 180 });
    const before = await cardsOf(user.id);
    const report = await fitLearnerParameters({ db: testDb(), actor: user, now: NOW });
    expect(report.kept).toBe(false);
    expect(report.splits).toBe(5);
    expect(report.heldOutReviews).toBeGreaterThan(100);
    expect(report.fitted.logLoss).toBeGreaterThan(report.current.logLoss * 0.99);
    expect(report.reason).toContain(report.current.logLoss.toFixed(4));
    expect(report.reason).toContain(report.fitted.logLoss.toFixed(4));
    const stored = await testDb().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.fsrsParams).toBeNull();
    expect(stored.rescheduleOffer).toBeNull();
    expect((stored.fsrsFitReport as unknown as FitReport).kept).toBe(false);
    expect(await cardsOf(user.id)).toEqual(before);
  }, 60_000);

  it("refuses to fit under the minimum number of reviews, with the rule's reason", async () => {
    const { user } = await learner({ seed: 2, cards: 10, days: 20 });
    const status = await getFitStatus({ db: testDb(), actor: user });
    expect(status.eligibility.allowed).toBe(false);
    await expect(fitLearnerParameters({ db: testDb(), actor: user, now: NOW })).rejects.toThrow(/at least 400 reviews/);
  });

  describe("a learner who forgets much faster than the defaults", () => {
    let subject: Awaited<ReturnType<typeof learner>>;
    let other: Awaited<ReturnType<typeof learner>>;
    let report: FitReport;
    let before: Awaited<ReturnType<typeof cardsOf>>;
    let otherBefore: Awaited<ReturnType<typeof cardsOf>>;

    beforeAll(async () => {
      subject = await learner({ seed: 3, cards: 100, days: 150, learnerParams: VERY_FORGETFUL });
      other = await learner({ seed: 3, cards: 30, days: 60, learnerParams: VERY_FORGETFUL });
      before = await cardsOf(subject.user.id);
      otherBefore = await cardsOf(other.user.id);
      report = await fitLearnerParameters({ db: testDb(), actor: subject.user, now: NOW });
    }, 120_000);

    it("keeps the fit, which predicted the later reviews better by the margin on both figures", async () => {
      expect(report.kept).toBe(true);
      expect(report.fitted.logLoss).toBeLessThan(report.current.logLoss * 0.99);
      expect(report.fitted.rmseBins).toBeLessThanOrEqual(report.current.rmseBins);
      const stored = await testDb().user.findUniqueOrThrow({ where: { id: subject.user.id } });
      expect(stored.fsrsParams).toHaveLength(21);
      expect(stored.rescheduleOffer).toMatchObject({ reason: "parameters", at: NOW.toISOString() });
    });

    it("recomputes every card's stability and difficulty by replaying its log with the new parameters, and moves no due date", async () => {
      const params = (await testDb().user.findUniqueOrThrow({ where: { id: subject.user.id } })).fsrsParams as number[];
      const after = await cardsOf(subject.user.id);
      expect(report.recomputedCards).toBe(after.length);
      expect(after.map((c) => c.due)).toEqual(before.map((c) => c.due));
      for (const card of after.slice(0, 20)) {
        const replay = await replayOf(card.id, params);
        expect(card.stability).toBeCloseTo(replay.stability, 9);
        expect(card.difficulty).toBeCloseTo(replay.difficulty, 9);
      }
      expect(after.filter((c, i) => Math.abs(c.stability - before[i]!.stability) > 1e-6).length).toBeGreaterThan(after.length / 2);
    });

    it("leaves another learner's cards and parameters untouched", async () => {
      expect(await cardsOf(other.user.id)).toEqual(otherBefore);
      expect((await testDb().user.findUniqueOrThrow({ where: { id: other.user.id } })).fsrsParams).toBeNull();
    });

    it("undoing the last answer afterwards gives back the card as the new parameters replay it without that answer", async () => {
      const params = (await testDb().user.findUniqueOrThrow({ where: { id: subject.user.id } })).fsrsParams as number[];
      const card = (await cardsOf(subject.user.id)).find((c) => c.state === "REVIEW")!;
      const latest = await testDb().reviewLog.findFirstOrThrow({ where: { cardId: card.id }, orderBy: { id: "desc" } });
      await undoReview({ db: testDb(), actor: subject.user, input: { reviewLogId: latest.id.toString() } });
      const restored = await testDb().card.findUniqueOrThrow({ where: { id: card.id } });
      const expected = await replayOf(card.id, params);
      expect(restored.stability).toBeCloseTo(expected.stability, 9);
      expect(restored.difficulty).toBeCloseTo(expected.difficulty, 9);
      expect(restored.due).toEqual(new Date((latest.cardBefore as { due: string }).due));
    });
  });
});

describe("rescheduling after a change of desired retention", () => {
  const settings = (desiredRetention: string) => ({ name: "Learner", timezone: TOKYO.timezone, dayStartHour: "4", desiredRetention });

  it("saving a new retention offers a reschedule; saving the same one again does not", async () => {
    const { user } = await learner({ seed: 8, cards: 20, days: 60 });
    await updateSettings({ db: testDb(), actor: user, input: settings("0.90"), now: NOW });
    expect(await getRescheduleOffer({ db: testDb(), actor: user, now: NOW })).toBeNull();
    await updateSettings({ db: testDb(), actor: user, input: settings("0.95"), now: NOW });
    const offer = await getRescheduleOffer({ db: testDb(), actor: user, now: NOW });
    expect(offer).toMatchObject({ reason: "retention", at: NOW.toISOString(), desiredRetention: 0.95 });
    expect(offer!.days).toHaveLength(30);
    expect(offer!.days[0]!.day).toBe(learningDay(NOW, TOKYO));
  });

  it("moves the review cards as previewed when confirmed; two confirmations fired together apply once; another learner is untouched", async () => {
    const { user } = await learner({ seed: 9, cards: 60, days: 120 });
    const bystander = await learner({ seed: 9, cards: 20, days: 60 });
    const bystanderBefore = await cardsOf(bystander.user.id);
    await updateSettings({ db: testDb(), actor: user, input: settings("0.95"), now: NOW });
    await updateSettings({ db: testDb(), actor: bystander.user, input: settings("0.80"), now: NOW });
    const offer = (await getRescheduleOffer({ db: testDb(), actor: user, now: NOW }))!;
    expect(offer.cardsMoved).toBeGreaterThan(10);
    const before = await cardsOf(user.id);

    const input = { offer: offer.at, choice: "reschedule" };
    const results = await Promise.allSettled([rescheduleCards({ db: testDb(), actor: user, input }), rescheduleCards({ db: testDb(), actor: user, input })]);
    const applied = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(applied).toHaveLength(1);
    expect(applied[0]!.status === "fulfilled" && applied[0]!.value.moved).toBe(offer.cardsMoved);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.reason).toBeInstanceOf(AppError);
    expect((refused[0]!.reason as AppError).code).toBe("CONFLICT");

    const after = await cardsOf(user.id);
    expect(after.filter((c, i) => c.due.getTime() !== before[i]!.due.getTime())).toHaveLength(offer.cardsMoved);
    // Higher retention: no card is due later than before.
    expect(after.every((c, i) => c.due.getTime() <= before[i]!.due.getTime())).toBe(true);
    // What the preview said the next 30 days would hold is what they hold now.
    const dueOn = new Map<string, number>();
    for (const c of after) {
      const day = c.due.getTime() <= NOW.getTime() ? offer.days[0]!.day : learningDay(c.due, TOKYO);
      dueOn.set(day, (dueOn.get(day) ?? 0) + 1);
    }
    expect(offer.days.map((d) => d.after)).toEqual(offer.days.map((d) => dueOn.get(d.day) ?? 0));
    expect(after.map((c) => c.version)).toEqual(before.map((c) => c.version));
    expect(await getRescheduleOffer({ db: testDb(), actor: user, now: NOW })).toBeNull();
    expect(await cardsOf(bystander.user.id)).toEqual(bystanderBefore);
  });

  it("undoing an answer after a reschedule gives back the card exactly as it was before that answer", async () => {
    const { user } = await learner({ seed: 10, cards: 20, days: 60 });
    await updateSettings({ db: testDb(), actor: user, input: settings("0.80"), now: NOW });
    const offer = (await getRescheduleOffer({ db: testDb(), actor: user, now: NOW }))!;
    await rescheduleCards({ db: testDb(), actor: user, input: { offer: offer.at, choice: "reschedule" } });
    const moved = (await cardsOf(user.id)).find((c) => c.state === "REVIEW")!;
    const latest = await testDb().reviewLog.findFirstOrThrow({ where: { cardId: moved.id }, orderBy: { id: "desc" } });
    expect((latest.cardAfter as { due: string }).due).toBe(moved.due.toISOString());
    await undoReview({ db: testDb(), actor: user, input: { reviewLogId: latest.id.toString() } });
    const restored = await testDb().card.findUniqueOrThrow({ where: { id: moved.id } });
    const snapshot = latest.cardBefore as { due: string; stability: number; scheduledDays: number };
    expect(restored.due.toISOString()).toBe(snapshot.due);
    expect(restored.stability).toBe(snapshot.stability);
    expect(restored.scheduledDays).toBe(snapshot.scheduledDays);
  });

  it("'keep my current schedule' moves nothing and uses the offer up; a stale offer is refused", async () => {
    const { user } = await learner({ seed: 11, cards: 20, days: 60 });
    await updateSettings({ db: testDb(), actor: user, input: settings("0.85"), now: NOW });
    const offer = (await getRescheduleOffer({ db: testDb(), actor: user, now: NOW }))!;
    const before = await cardsOf(user.id);
    await expect(rescheduleCards({ db: testDb(), actor: user, input: { offer: "2020-01-01T00:00:00.000Z", choice: "reschedule" } })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(rescheduleCards({ db: testDb(), actor: user, input: { offer: offer.at, choice: "keep" } })).resolves.toEqual({ moved: 0 });
    expect(await cardsOf(user.id)).toEqual(before);
    expect(await getRescheduleOffer({ db: testDb(), actor: user, now: NOW })).toBeNull();
    await expect(rescheduleCards({ db: testDb(), actor: user, input: { choice: "sometime" } })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});
