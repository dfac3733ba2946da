// A learner's cards and review logs as the app would have written them: a generated history (recall
// drawn from a memory model, lib/srs/simulate) answered card by card through our scheduler (fuzz off),
// each log carrying the card before and after, as submitReview stores them. No vitest here: the
// benchmarks use it too.
import { randomUUID } from "node:crypto";
import { insertCards, insertReviewLogs, type CardRow, type ReviewLogRow } from "@/lib/db/bulk-insert";
import { toSrsCardSnapshot } from "@/lib/srs/card-fields";
import { DEFAULT_DAY_OPTIONS, type DayOptions } from "@/lib/srs/day";
import type { ReviewRecord } from "@/lib/srs/fit";
import { isLeech, newCard, reviewCard, type SrsCard } from "@/lib/srs/scheduler";
import type { Db } from "@/lib/db/client";

export interface HistoryRows {
  cards: CardRow[];
  logs: ReviewLogRow[];
}

/**
 * Cards and logs for `history`, one question per generated card id (`questionIds[i]` for the i-th card
 * id in sorted order), scheduled in the learner's days (`day`: a new account's by default).
 */
export function historyRows({
  userId,
  history,
  questionIds,
  desiredRetention = 0.9,
  day = DEFAULT_DAY_OPTIONS,
}: {
  userId: string;
  history: readonly ReviewRecord[];
  questionIds: readonly string[];
  desiredRetention?: number;
  day?: DayOptions;
}): HistoryRows {
  const byCard = new Map<string, ReviewRecord[]>();
  for (const r of history) byCard.set(r.cardId, [...(byCard.get(r.cardId) ?? []), r]);
  const cardIds = [...byCard.keys()].sort();
  if (cardIds.length > questionIds.length) throw new RangeError(`${cardIds.length} cards need as many questions; got ${questionIds.length}.`);
  const cards: CardRow[] = [];
  const logs: ReviewLogRow[] = [];
  // Card ids sort in the generated cards' order (one random prefix, then the index): fitting orders
  // cards by id, and fsrs-rs's result depends on the order of its items, so a random id per card
  // made the same history fit to different parameters from one run to the next.
  const idPrefix = randomUUID().slice(0, 24);
  cardIds.forEach((generatedId, i) => {
    const id = `${idPrefix}${i.toString(16).padStart(12, "0")}`;
    const questionId = questionIds[i]!;
    const reviews = byCard.get(generatedId)!.slice().sort((a, b) => a.reviewedAt.getTime() - b.reviewedAt.getTime());
    let card: SrsCard = newCard(reviews[0]!.reviewedAt);
    reviews.forEach((review, n) => {
      const { card: after, log } = reviewCard({ card, rating: review.rating, now: review.reviewedAt, options: { desiredRetention, enableFuzz: false, day } });
      logs.push({
        userId, questionId, cardId: id, rating: review.rating, response: { kind: "MULTIPLE_CHOICE", choiceIds: [review.rating > 1 ? "a" : "b"] }, correct: review.rating > 1,
        durationMs: 6000, reviewedAt: review.reviewedAt, stateBefore: card.state,
        cardBefore: { ...toSrsCardSnapshot(card), existed: n > 0, leech: false }, cardAfter: toSrsCardSnapshot(after),
        elapsedDays: log.elapsedDays, scheduledDays: after.scheduledDays, idempotencyKey: `hist-${id}-${n}`, sessionId: "history", source: n === 0 ? "lesson" : "review",
      });
      card = after;
    });
    cards.push({ ...card, id, userId, questionId, answerHash: "test", leech: false, suspended: isLeech(card), version: reviews.length });
  });
  return { cards, logs };
}

export async function insertHistory(db: Db, rows: HistoryRows): Promise<void> {
  await insertCards(db, rows.cards);
  await insertReviewLogs(db, rows.logs);
}
