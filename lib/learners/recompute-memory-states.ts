import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { DayOptions } from "@/lib/srs/day";
import { replayMemory, type LoggedReview, type MemoryState } from "@/lib/srs/replay";
import type { Rating } from "@/lib/srs/scheduler";

interface SnapshotMemory {
  stability?: number;
  difficulty?: number;
  lastReview?: string | null;
  existed?: boolean;
}

/**
 * Replays every card of the learner with `params` and stores the stability and difficulty it gives
 * (as Anki recomputes memory states when parameters change). Due dates do not move: rescheduling is
 * the learner's call (`rescheduleCards`). The card's latest review log gets the same treatment in its
 * snapshots (before and after that answer), so undoing that answer gives back a card in the new
 * parameters' terms rather than the old ones'. Run inside a transaction: the cards are locked first,
 * so an answer submitted meanwhile waits and then builds on the recomputed state.
 */
export async function recomputeMemoryStates({
  db,
  userId,
  params,
  dayOptions,
}: {
  db: Db | Prisma.TransactionClient;
  userId: string;
  params: readonly number[] | null;
  dayOptions: DayOptions;
}): Promise<{ cards: number }> {
  await db.$queryRaw`SELECT id FROM "Card" WHERE "userId" = ${userId}::uuid ORDER BY id FOR UPDATE`;
  const logs = await db.reviewLog.findMany({
    where: { userId },
    orderBy: [{ cardId: "asc" }, { reviewedAt: "asc" }, { id: "asc" }],
    select: { id: true, cardId: true, reviewedAt: true, rating: true },
  });
  // The snapshot before each card's first logged answer: where a trimmed or imported log starts.
  const firsts = await db.$queryRaw<{ cardId: string; cardBefore: SnapshotMemory }[]>`
    SELECT DISTINCT ON ("cardId") "cardId"::text AS "cardId", "cardBefore"
    FROM "ReviewLog" WHERE "userId" = ${userId}::uuid
    ORDER BY "cardId", "reviewedAt", id`;
  const startOf = new Map(firsts.map((f) => [f.cardId, f.cardBefore]));

  const cardIds: string[] = [];
  const stability: number[] = [];
  const difficulty: number[] = [];
  const logIds: bigint[] = [];
  const before: (MemoryState | null)[] = [];
  const after: MemoryState[] = [];
  for (let i = 0; i < logs.length; ) {
    const cardId = logs[i]!.cardId;
    const reviews: LoggedReview[] = [];
    let lastLogId = logs[i]!.id;
    for (; i < logs.length && logs[i]!.cardId === cardId; i++) {
      reviews.push({ rating: logs[i]!.rating as Rating, reviewedAt: logs[i]!.reviewedAt });
      if (logs[i]!.id > lastLogId) lastLogId = logs[i]!.id;
    }
    const snapshot = startOf.get(cardId);
    const start =
      snapshot && snapshot.existed !== false && typeof snapshot.stability === "number" && typeof snapshot.difficulty === "number"
        ? { stability: snapshot.stability, difficulty: snapshot.difficulty, lastReview: snapshot.lastReview ? new Date(snapshot.lastReview) : null }
        : null;
    const replay = replayMemory({ reviews, params, dayOptions, start });
    if (!replay.after) continue;
    cardIds.push(cardId);
    stability.push(replay.after.stability);
    difficulty.push(replay.after.difficulty);
    logIds.push(lastLogId);
    before.push(replay.beforeLast);
    after.push(replay.after);
  }
  if (cardIds.length === 0) return { cards: 0 };
  await db.$executeRaw`
    UPDATE "Card" c SET stability = v.s, difficulty = v.d
    FROM unnest(${cardIds}::uuid[], ${stability}::float8[], ${difficulty}::float8[]) AS v(id, s, d)
    WHERE c.id = v.id AND c."userId" = ${userId}::uuid`;
  // Undo restores the card from the latest log's `cardBefore`, and only the latest log can be undone.
  // (Undo also picks the latest log by id, which is why the highest id per card is the one rewritten.)
  await db.$executeRaw`
    UPDATE "ReviewLog" l SET
      "cardBefore" = CASE WHEN v.sb IS NULL OR l."cardBefore"->>'existed' = 'false' THEN l."cardBefore"
                          ELSE l."cardBefore" || jsonb_build_object('stability', v.sb, 'difficulty', v.db) END,
      "cardAfter" = l."cardAfter" || jsonb_build_object('stability', v.sa, 'difficulty', v.da)
    FROM unnest(${logIds}::bigint[], ${before.map((m) => m?.stability ?? null)}::float8[], ${before.map((m) => m?.difficulty ?? null)}::float8[],
                ${after.map((m) => m.stability)}::float8[], ${after.map((m) => m.difficulty)}::float8[]) AS v(id, sb, db, sa, da)
    WHERE l.id = v.id AND l."userId" = ${userId}::uuid`;
  return { cards: cardIds.length };
}
