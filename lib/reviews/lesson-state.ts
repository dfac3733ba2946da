import { requireActiveUser, type Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";

/** The learner's cards for a lesson's questions (version for the two-tab check) and reading progress. */
export async function getLessonState({ db, actor, lessonId }: { db: Db; actor: Actor; lessonId: string }) {
  const { id: userId } = await requireActiveUser({ db, actor });
  const [cards, progress] = await Promise.all([
    db.card.findMany({
      where: { userId, question: { lessonId } },
      select: { questionId: true, version: true, due: true, state: true },
    }),
    db.lessonProgress.findUnique({ where: { userId_lessonId: { userId, lessonId } }, select: { startedAt: true, completedAt: true } }),
  ]);
  return { cards, progress };
}

export async function completeLesson({ db, actor, lessonId }: { db: Db; actor: Actor; lessonId: string }) {
  const { id: userId } = await requireActiveUser({ db, actor });
  const lesson = await db.lesson.findFirst({ where: { id: lessonId, retiredAt: null }, select: { id: true } });
  if (!lesson) return false;
  await db.lessonProgress.upsert({
    where: { userId_lessonId: { userId, lessonId } },
    create: { userId, lessonId, completedAt: new Date() },
    update: { completedAt: new Date() },
  });
  return true;
}
