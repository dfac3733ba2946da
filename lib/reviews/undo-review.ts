import { requireActiveUser, type Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { fromSrsCardSnapshot, type SrsCardSnapshot } from "@/lib/srs/card-fields";
import { undoInputSchema } from "./schemas";

type Snapshot = SrsCardSnapshot & {
  existed?: boolean;
  leech?: boolean;
  /** Absent in logs written before leeches could be relearned, when it was 0 for every card. */
  relearnedAtLapses?: number;
};

/**
 * Undoes the learner's most recent answer to a card: the card goes back exactly as it was
 * (or disappears if that answer created it) and the log row is removed, in one transaction.
 * Only the card's latest log can be undone, so history stays consistent.
 */
export async function undoReview({ db, actor, input }: { db: Db; actor: Actor; input: unknown }) {
  const { id: userId } = await requireActiveUser({ db, actor });
  const parsed = undoInputSchema.safeParse(input);
  if (!parsed.success) throw new AppError("INVALID_INPUT", "Nothing to undo.");
  const logId = BigInt(parsed.data.reviewLogId);
  return db.$transaction(async (tx) => {
    // Scoped by userId: another learner's log id is simply not found.
    const log = await tx.reviewLog.findFirst({ where: { id: logId, userId }, select: { id: true, cardId: true, questionId: true, cardBefore: true } });
    if (!log) throw new AppError("NOT_FOUND", "That answer is not yours to undo, or was already undone.");
    await tx.$queryRaw`SELECT id FROM "Card" WHERE id = ${log.cardId}::uuid AND "userId" = ${userId}::uuid FOR UPDATE`;
    const latest = await tx.reviewLog.findFirst({ where: { userId, cardId: log.cardId }, orderBy: { id: "desc" }, select: { id: true } });
    if (latest?.id !== log.id) throw new AppError("CONFLICT", "Only the latest answer to a card can be undone.");
    await tx.reviewLog.delete({ where: { id: log.id, userId } });
    const before = log.cardBefore as unknown as Snapshot;
    if (before.existed === false) {
      await tx.card.delete({ where: { id: log.cardId, userId } });
      return { questionId: log.questionId, cardRemoved: true, version: null };
    }
    const card = await tx.card.update({
      where: { id: log.cardId, userId },
      select: { version: true },
      data: {
        ...fromSrsCardSnapshot(before),
        leech: before.leech ?? false,
        suspended: before.leech ?? false,
        relearnedAtLapses: before.relearnedAtLapses ?? 0,
        version: { increment: 1 },
      },
    });
    return { questionId: log.questionId, cardRemoved: false, version: card.version };
  });
}
