import { requireActiveUser, type Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";

export interface Leech {
  cardId: string;
  /** For the relearn's version check. */
  version: number;
  questionId: string;
  prompt: string;
  lessonId: string;
  lessonTitle: string;
  lapses: number;
  lastReview: Date | null;
}

/**
 * The learner's leeches (set aside after repeated lapses) with the lesson to reread, most lapsed first;
 * with a topic, only the questions on it (tagged on the question or on its lesson, as the review filter).
 */
export async function listLeeches({ db, actor, topicId }: { db: Db; actor: Actor; topicId?: string }): Promise<Leech[]> {
  const { id: userId } = await requireActiveUser({ db, actor });
  const cards = await db.card.findMany({
    where: {
      userId,
      leech: true,
      suspended: true,
      question: {
        retiredAt: null,
        ...(topicId ? { OR: [{ topics: { some: { topicId } } }, { lesson: { topics: { some: { topicId } } } }] } : {}),
      },
    },
    orderBy: [{ lapses: "desc" }, { lastReview: "desc" }],
    select: {
      id: true,
      version: true,
      questionId: true,
      lapses: true,
      lastReview: true,
      question: { select: { prompt: true, lessonId: true, lesson: { select: { title: true } } } },
    },
  });
  return cards.map((c) => ({
    cardId: c.id,
    version: c.version,
    questionId: c.questionId,
    prompt: c.question.prompt,
    lessonId: c.question.lessonId,
    lessonTitle: c.question.lesson.title,
    lapses: c.lapses,
    lastReview: c.lastReview,
  }));
}
