import { requireActiveUser, type Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { SRS_CARD_SELECT } from "@/lib/srs/card-fields";
import { resolveDayOptions } from "@/lib/srs/day";
import { newCard, previewIntervals, type Rating, type SrsCard } from "@/lib/srs/scheduler";

/** The interval each grade would give the learner's card for this question, right now. */
export async function previewForQuestion({
  db,
  actor,
  questionId,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  questionId: string;
  now?: Date;
}): Promise<Record<Rating, string>> {
  const user = await requireActiveUser({ db, actor });
  const row = await db.card.findUnique({
    where: { userId_questionId: { userId: user.id, questionId } },
    select: SRS_CARD_SELECT,
  });
  const card: SrsCard = row ?? newCard(now);
  const preview = previewIntervals({
    card,
    now,
    options: {
      desiredRetention: user.desiredRetention,
      params: Array.isArray(user.fsrsParams) ? (user.fsrsParams as number[]) : null,
      enableFuzz: false,
      day: resolveDayOptions(user),
    },
  });
  return { 1: preview[1].intervalLabel, 2: preview[2].intervalLabel, 3: preview[3].intervalLabel, 4: preview[4].intervalLabel };
}
