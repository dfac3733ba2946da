import { requireActiveUser, type Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { SRS_CARD_SELECT } from "@/lib/srs/card-fields";
import { AppError } from "@/lib/errors";
import { relearnCard } from "@/lib/srs/leech";
import { relearnInputSchema } from "./schemas";

export interface RelearnLeechResult {
  questionId: string;
  /** False when the card was no longer a leech: another tab (or a retry) relearned it first. */
  changed: boolean;
  due: Date;
  version: number;
}

/**
 * Brings one of the learner's leeches back: a relearning card due now, its lapses kept and its leech
 * counter restarted (it is a leech again only after LEECH_LAPSES more lapses). Idempotent: relearning
 * a card that is no longer a leech changes nothing, so two tabs clicking together make one change.
 * A leech that changed since the page showed it (an undo in another tab) is a conflict.
 */
export async function relearnLeech({ db, actor, input, now = new Date() }: { db: Db; actor: Actor; input: unknown; now?: Date }): Promise<RelearnLeechResult> {
  const { id: userId } = await requireActiveUser({ db, actor });
  const parsed = relearnInputSchema.safeParse(input);
  if (!parsed.success) throw new AppError("INVALID_INPUT", "Choose a card to relearn.");
  const { cardId, expectedVersion } = parsed.data;
  return db.$transaction(async (tx) => {
    // The row lock orders concurrent relearns (and answers): the second one sees the first one's card.
    await tx.$queryRaw`SELECT id FROM "Card" WHERE id = ${cardId}::uuid AND "userId" = ${userId}::uuid FOR UPDATE`;
    const card = await tx.card.findFirst({
      where: { id: cardId, userId },
      select: {
        questionId: true, ...SRS_CARD_SELECT, leech: true, suspended: true, version: true,
      },
    });
    if (!card) throw new AppError("NOT_FOUND", "That card is not yours, or no longer exists.");
    if (!(card.leech && card.suspended)) return { questionId: card.questionId, changed: false, due: card.due, version: card.version };
    if (card.version !== expectedVersion) throw new AppError("CONFLICT", "This card changed in another tab or window. Reload to see it as it is now.");
    const next = relearnCard(card, now);
    const updated = await tx.card.update({
      where: { id: cardId, userId },
      select: { version: true },
      data: {
        state: next.state,
        learningSteps: next.learningSteps,
        scheduledDays: next.scheduledDays,
        due: next.due,
        relearnedAtLapses: card.lapses,
        leech: false,
        suspended: false,
        version: { increment: 1 },
      },
    });
    return { questionId: card.questionId, changed: true, due: next.due, version: updated.version };
  });
}
