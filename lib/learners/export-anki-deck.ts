import { requireActiveUser, type Actor } from "@/lib/auth/actor";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { writeApkg } from "@/lib/anki/apkg";
import { questionsHtml, storedQuestionHtml, type QuestionHtml } from "@/lib/anki/html";
import { questionNote } from "@/lib/anki/notes";
import { ankiRevlog, ankiSchedule, collectionCreatedSecs, type ExportClock } from "@/lib/anki/schedule";
import { contentHash } from "@/lib/content/compile";
import type { Db } from "@/lib/db/client";
import type { QuestionPayload } from "@/lib/quiz/types";
import { resolveParams } from "@/lib/srs/scheduler";

/**
 * The lesson's questions as HTML from its MDX source, when the file on disk is the one last synced (same
 * content hash); otherwise null and the caller uses the stored text.
 */
async function lessonHtml(lesson: { sourcePath: string; contentHash: string }, siteUrl: string): Promise<Map<string, QuestionHtml> | null> {
  try {
    const source = await readFile(path.resolve(lesson.sourcePath), "utf8");
    return contentHash(source) === lesson.contentHash ? questionsHtml(source, { siteUrl }) : null;
  } catch {
    return null;
  }
}

/**
 * The learner's cards as an Anki package: one note per question they have a card for, the card's
 * schedule and FSRS memory state (cards.data), their review history as Anki's revlog, and their FSRS
 * parameters and desired retention in the deck preset.
 */
export async function exportAnkiDeck({ db, actor, now, siteUrl }: { db: Db; actor: Actor; now: Date; siteUrl: string }): Promise<Uint8Array> {
  const { id: userId } = await requireActiveUser({ db, actor });
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { timezone: true, dayStartHour: true, desiredRetention: true, fsrsParams: true },
  });
  const cards = await db.card.findMany({
    where: { userId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      state: true,
      due: true,
      stability: true,
      difficulty: true,
      scheduledDays: true,
      learningSteps: true,
      reps: true,
      lapses: true,
      lastReview: true,
      suspended: true,
      leech: true,
      question: {
        select: {
          id: true,
          prompt: true,
          payload: true,
          topics: { select: { topicId: true } },
          lesson: { select: { id: true, title: true, level: true, sourcePath: true, contentHash: true, course: { select: { id: true, title: true } } } },
        },
      },
    },
  });
  const logs = await db.reviewLog.findMany({
    where: { userId },
    orderBy: [{ cardId: "asc" }, { reviewedAt: "asc" }, { id: "asc" }],
    select: { cardId: true, reviewedAt: true, rating: true, stateBefore: true, scheduledDays: true, durationMs: true },
  });

  const params = resolveParams(user.fsrsParams as number[] | null);
  const clock: ExportClock = { now, timezone: user.timezone, dayStartHour: user.dayStartHour };
  const htmlByLesson = new Map<string, Promise<Map<string, QuestionHtml> | null>>();
  for (const c of cards) {
    const lesson = c.question.lesson;
    if (!htmlByLesson.has(lesson.id)) htmlByLesson.set(lesson.id, lessonHtml(lesson, siteUrl));
  }
  const logsByCard = new Map<string, typeof logs>();
  for (const log of logs) logsByCard.set(log.cardId, [...(logsByCard.get(log.cardId) ?? []), log]);

  let newPosition = 0;
  const notes = [];
  for (const c of cards) {
    const q = c.question;
    const html = (await htmlByLesson.get(q.lesson.id))?.get(q.id) ?? storedQuestionHtml({ prompt: q.prompt, payload: q.payload as unknown as QuestionPayload });
    const history = logsByCard.get(c.id) ?? [];
    notes.push(
      questionNote({
        source: { questionId: q.id, html, lesson: q.lesson, course: q.lesson.course, topicIds: q.topics.map((t) => t.topicId), leech: c.leech },
        siteUrl,
        card: ankiSchedule({ card: c, newPosition: c.state === "NEW" ? newPosition++ : 0, clock, desiredRetention: user.desiredRetention, decay: params[20] }),
        revlog: history.map((log, i) => ({
          ...ankiRevlog({ ...log, lastScheduledDays: i > 0 ? history[i - 1].scheduledDays : 0 }),
          reviewedAtMs: log.reviewedAt.getTime(),
        })),
      }),
    );
  }
  return writeApkg({
    notes,
    collectionCreatedSecs: collectionCreatedSecs(clock),
    now,
    preset: { desiredRetention: user.desiredRetention, params },
  });
}
