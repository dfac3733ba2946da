// One learner's cards on one topic, in the cohort's courses: what a heatmap cell stands for. For the
// cohort's instructors only, and only while the learner is in the cohort (as learner-progress.ts).
import type { Db } from "@/lib/db/client";
import { forgettingCurve } from "@/lib/analytics/memory";
import { AppError } from "@/lib/errors";
import { DAY_MS } from "@/lib/srs/day";
import { isUuid, requireCohort, type Actor } from "./access";


export interface LearnerTopicCard {
  questionId: string;
  prompt: string;
  lessonId: string;
  lessonTitle: string;
  state: string;
  /** Chance of recall now (FSRS retrievability); null for a card not learned yet. */
  retrievability: number | null;
  stabilityDays: number;
  lapses: number;
  due: Date;
  lastReview: Date | null;
}

export interface LearnerTopic {
  topic: { id: string; title: string };
  cards: LearnerTopicCard[];
  /** Questions on the topic in the cohort's courses that the learner has not met. */
  unseen: number;
}

export async function getCohortLearnerTopic({
  db,
  actor,
  cohortId,
  userId,
  topicId,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  cohortId: string;
  userId: string;
  topicId: string;
  now?: Date;
}): Promise<LearnerTopic> {
  const cohort = await requireCohort({ db, actor, cohortId });
  const member = isUuid(userId) ? await db.cohortMember.findUnique({ where: { cohortId_userId: { cohortId, userId } }, select: { role: true } }) : null;
  if (!member || member.role !== "LEARNER") throw new AppError("NOT_FOUND", "This learner is not in this cohort.");
  const topic = await db.topic.findUnique({ where: { id: topicId }, select: { id: true, title: true } });
  if (!topic) throw new AppError("NOT_FOUND", "No such topic.");
  const courseIds = cohort.courses.map((c) => c.courseId);
  // A question is on a topic through its own topics or its lesson's, as the heatmap counts it.
  const onTopic = { OR: [{ topics: { some: { topicId } } }, { lesson: { topics: { some: { topicId } } } }] };
  const questions = await db.question.findMany({
    where: { retiredAt: null, lesson: { retiredAt: null, courseId: { in: courseIds } }, ...onTopic },
    select: { id: true, prompt: true, lessonId: true, lesson: { select: { title: true } } },
  });
  const cards = await db.card.findMany({
    where: { userId, questionId: { in: questions.map((q) => q.id) } },
    select: { questionId: true, state: true, stability: true, lapses: true, due: true, lastReview: true },
  });
  const curve = forgettingCurve(null);
  const byId = new Map(questions.map((q) => [q.id, q]));
  const rows = cards.map((c): LearnerTopicCard => {
    const q = byId.get(c.questionId)!;
    const learned = c.state !== "NEW" && c.lastReview !== null && c.stability > 0;
    const elapsedDays = learned ? Math.max(0, (now.getTime() - c.lastReview!.getTime()) / DAY_MS) : 0;
    return {
      questionId: c.questionId,
      prompt: q.prompt,
      lessonId: q.lessonId,
      lessonTitle: q.lesson.title,
      state: c.state,
      retrievability: learned ? Math.pow(1 + (curve.factor * elapsedDays) / c.stability, curve.decay) : null,
      stabilityDays: c.stability,
      lapses: c.lapses,
      due: c.due,
      lastReview: c.lastReview,
    };
  });
  rows.sort((a, b) => (a.retrievability ?? 2) - (b.retrievability ?? 2) || a.questionId.localeCompare(b.questionId));
  return { topic, cards: rows, unseen: questions.length - cards.length };
}
