import { requireActiveUser, type Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { SRS_CARD_SELECT } from "@/lib/srs/card-fields";
import { csvHeader, csvRow } from "@/lib/csv";

const STATE_NUMBER = { NEW: 0, LEARNING: 1, REVIEW: 2, RELEARNING: 3 } as const;
const BATCH = 5000;

/**
 * The learner's review history in the column layout the FSRS optimizer reads (card_id, review_time in
 * ms, review_rating, review_state, review_duration in ms), streamed in keyset-paginated batches so a
 * long history never sits in memory at once.
 */
export async function exportReviewsCsv({ db, actor }: { db: Db; actor: Actor }): Promise<ReadableStream<Uint8Array>> {
  const { id: userId } = await requireActiveUser({ db, actor });
  const encoder = new TextEncoder();
  let cursor: bigint | null = null;
  let started = false;
  return new ReadableStream({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(csvHeader(["card_id", "review_time", "review_rating", "review_state", "review_duration", "question_id", "correct"])));
      }
      const rows: { id: bigint; cardId: string; questionId: string; reviewedAt: Date; rating: number; stateBefore: keyof typeof STATE_NUMBER; durationMs: number; correct: boolean }[] =
        await db.reviewLog.findMany({
          where: { userId, ...(cursor !== null ? { id: { gt: cursor } } : {}) },
          orderBy: { id: "asc" },
          take: BATCH,
          select: { id: true, cardId: true, questionId: true, reviewedAt: true, rating: true, stateBefore: true, durationMs: true, correct: true },
        });
      if (!rows.length) {
        controller.close();
        return;
      }
      cursor = rows[rows.length - 1].id;
      controller.enqueue(
        encoder.encode(
          rows.map((r) => csvRow([r.cardId, r.reviewedAt.getTime(), r.rating, STATE_NUMBER[r.stateBefore], r.durationMs, r.questionId, r.correct])).join(""),
        ),
      );
    },
  });
}

export async function exportCardsJson({ db, actor }: { db: Db; actor: Actor }) {
  const { id: userId } = await requireActiveUser({ db, actor });
  const cards = await db.card.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      questionId: true,
      ...SRS_CARD_SELECT,
      leech: true,
      suspended: true,
      relearnedAtLapses: true,
      createdAt: true,
      question: { select: { lessonId: true, prompt: true } },
    },
  });
  return { exportedAt: new Date().toISOString(), cards };
}
