// A year of believable history for the demo learner: lessons read every few days, each question
// answered when read, then reviewed whenever FSRS schedules it, with recall drawn from an FSRS-6
// memory model (seeded). Skipped days push reviews to the next active day, as real life does.
import { randomUUID } from "node:crypto";
import { FSRSAlgorithm } from "ts-fsrs";
import type { Db } from "./client";
import type { Prisma } from "./generated/client";
import { cardSnapshot } from "@/lib/reviews/submit-review";
import { mulberry32, pickWeighted } from "@/lib/srs/random";
import { DAY_MS, DEFAULT_PARAMS, newCard, reviewCard, type Rating, type SrsCard } from "@/lib/srs/scheduler";
import { DEFAULT_RATING_MODEL } from "@/lib/srs/simulate";
import type { QuestionPayload } from "@/lib/quiz/types";

function responseFor(payload: QuestionPayload, correct: boolean, random: () => number): Prisma.InputJsonObject {
  if (payload.kind === "MULTIPLE_CHOICE") {
    const right = payload.choices.filter((c) => c.correct).map((c) => c.id);
    const wrong = payload.choices.filter((c) => !c.correct).map((c) => c.id);
    return { kind: "MULTIPLE_CHOICE", choiceIds: correct || !wrong.length ? right : [wrong[Math.floor(random() * wrong.length)]] };
  }
  if (payload.kind === "ESTIMATE") return { kind: "ESTIMATE", value: correct ? payload.answer : payload.answer * (random() < 0.5 ? 10 : 0.1), unit: payload.unit };
  return { kind: "FREE_RECALL", text: correct ? payload.keyPoints.map((k) => k.keywords[0] ?? "").join(", ") : "" };
}

export async function seedLearnerHistory({ db, userId, now = new Date(), seed = 7, days = 365, desiredRetention = 0.9 }: { db: Db; userId: string; now?: Date; seed?: number; days?: number; desiredRetention?: number }): Promise<{ reviews: number; cards: number }> {
  if ((await db.reviewLog.count({ where: { userId } })) > 0) return { reviews: 0, cards: 0 };
  const lessons = await db.lesson.findMany({
    where: { retiredAt: null, course: { retiredAt: null } },
    orderBy: [{ course: { position: "asc" } }, { position: "asc" }],
    select: { id: true, questions: { where: { retiredAt: null }, orderBy: { position: "asc" }, select: { id: true, kind: true, payload: true, answerHash: true } } },
  });
  if (!lessons.length) return { reviews: 0, cards: 0 };
  const random = mulberry32(seed);
  const memory = new FSRSAlgorithm({ w: DEFAULT_PARAMS, enable_short_term: true });
  const start = now.getTime() - days * DAY_MS;
  // Lessons spread over the first three quarters of the year, one every few days at first.
  const readDay = lessons.map((_, i) => Math.floor((i * days * 0.75) / lessons.length));
  const skipped = new Set<number>(Array.from({ length: days }, (_, d) => d).filter(() => random() < 0.2));

  interface Sim {
    questionId: string;
    payload: QuestionPayload;
    answerHash: string;
    card: SrsCard;
    mem: { stability: number; difficulty: number } | null;
    lastDay: number;
  }
  const sims: Sim[] = [];
  const logs: Prisma.ReviewLogCreateManyInput[] = [];
  const cardIds = new Map<string, string>();
  const progress: Prisma.LessonProgressCreateManyInput[] = [];

  for (let day = 0; day < days; day++) {
    const sessionId = randomUUID();
    // A session between 07:00 and 21:00 UTC on active days.
    let clock = start + day * DAY_MS + (7 + Math.floor(random() * 14)) * 3_600_000;
    const dayEnd = start + (day + 1) * DAY_MS;
    lessons.forEach((lesson, i) => {
      if (readDay[i] === day) {
        progress.push({ userId, lessonId: lesson.id, startedAt: new Date(clock), completedAt: new Date(clock + 20 * 60_000) });
        for (const q of lesson.questions) sims.push({ questionId: q.id, payload: q.payload as unknown as QuestionPayload, answerHash: q.answerHash, card: newCard(new Date(clock)), mem: null, lastDay: day });
      }
    });
    if (skipped.has(day) && !readDay.includes(day)) continue;
    const queue = sims.filter((s) => s.card.due.getTime() < dayEnd && (s.card.state === "NEW" || s.card.due.getTime() <= dayEnd)).sort((a, b) => a.card.due.getTime() - b.card.due.getTime());
    for (let guard = 0; queue.length && guard < 500; guard++) {
      const sim = queue.shift()!;
      clock = Math.max(clock, Math.min(sim.card.due.getTime(), dayEnd - 60_000));
      if (clock >= dayEnd || clock > now.getTime()) break;
      let rating: Rating;
      if (!sim.mem) rating = (pickWeighted(random, DEFAULT_RATING_MODEL.firstRatingWeights) + 1) as Rating;
      else if (random() >= memory.forgetting_curve(Math.max(0, day - sim.lastDay), sim.mem.stability)) rating = 1;
      else rating = (pickWeighted(random, DEFAULT_RATING_MODEL.recallRatingWeights) + 2) as Rating;
      const before = sim.card;
      const at = new Date(clock);
      const { card: after } = reviewCard({ card: before, rating, now: at, options: { desiredRetention, enableFuzz: true } });
      const correct = rating > 1;
      const cardId = cardIds.get(sim.questionId) ?? randomUUID();
      cardIds.set(sim.questionId, cardId);
      logs.push({
        userId,
        questionId: sim.questionId,
        cardId,
        rating,
        response: responseFor(sim.payload, correct, random),
        correct,
        durationMs: 5000 + Math.floor(random() * 35_000),
        reviewedAt: at,
        stateBefore: before.state,
        cardBefore: { ...cardSnapshot(before), existed: before.state !== "NEW" },
        cardAfter: cardSnapshot(after),
        elapsedDays: before.lastReview ? Math.floor((clock - before.lastReview.getTime()) / DAY_MS) : 0,
        scheduledDays: after.scheduledDays,
        idempotencyKey: randomUUID(),
        sessionId,
        source: before.state === "NEW" ? "lesson" : "review",
      });
      sim.mem = memory.next_state(sim.mem, sim.mem ? day - sim.lastDay : 0, rating);
      sim.lastDay = day;
      sim.card = after;
      clock += 5000 + Math.floor(random() * 35_000);
      if (after.due.getTime() < dayEnd) {
        const i = queue.findIndex((q) => q.card.due.getTime() > after.due.getTime());
        queue.splice(i === -1 ? queue.length : i, 0, sim);
      }
    }
  }

  const cards: Prisma.CardCreateManyInput[] = sims
    .filter((s) => cardIds.has(s.questionId))
    .map((s) => ({
      id: cardIds.get(s.questionId)!,
      userId,
      questionId: s.questionId,
      due: s.card.due,
      stability: s.card.stability,
      difficulty: s.card.difficulty,
      elapsedDays: s.card.elapsedDays,
      scheduledDays: s.card.scheduledDays,
      learningSteps: s.card.learningSteps,
      reps: s.card.reps,
      lapses: s.card.lapses,
      state: s.card.state,
      lastReview: s.card.lastReview,
      answerHash: s.answerHash,
      leech: s.card.lapses >= 8,
      suspended: s.card.lapses >= 8,
    }));
  await db.$transaction([
    db.card.createMany({ data: cards }),
    db.reviewLog.createMany({ data: logs }),
    db.lessonProgress.createMany({ data: progress, skipDuplicates: true }),
  ]);
  return { reviews: logs.length, cards: cards.length };
}
