import { requireActiveUser, type Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { fieldErrors, settingsSchema } from "./schemas";

/**
 * Saves the learner's settings. A new desired retention changes the interval every review card
 * should have, so it also offers a reschedule (nothing moves until the learner confirms it).
 */
export async function updateSettings({ db, actor, input, now = new Date() }: { db: Db; actor: Actor; input: unknown; now?: Date }) {
  const { id: userId } = await requireActiveUser({ db, actor });
  const parsed = settingsSchema.safeParse(input);
  if (!parsed.success) throw new AppError("INVALID_INPUT", "Check the highlighted fields.", fieldErrors(parsed.error));
  return db.$transaction(async (tx) => {
    const [before] = await tx.$queryRaw<{ desiredRetention: number }[]>`SELECT "desiredRetention" FROM "User" WHERE id = ${userId}::uuid FOR UPDATE`;
    if (!before) throw new AppError("NOT_FOUND", "Account not found.");
    const retentionChanged = before.desiredRetention !== parsed.data.desiredRetention;
    return tx.user.update({
      where: { id: userId },
      data: { ...parsed.data, ...(retentionChanged ? { rescheduleOffer: { reason: "retention", at: now.toISOString() } } : {}) },
      select: { name: true, timezone: true, dayStartHour: true, desiredRetention: true },
    });
  });
}
