import { requireActiveUser, type Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { updateSettings } from "./update-settings";

/**
 * Takes one desired retention (the advisor's "use this one"): the other settings stay as they are,
 * and the same rule as the settings form applies, reschedule offer included.
 */
export async function setDesiredRetention({ db, actor, desiredRetention, now = new Date() }: { db: Db; actor: Actor; desiredRetention: unknown; now?: Date }) {
  const { id: userId } = await requireActiveUser({ db, actor });
  const user = await db.user.findUnique({ where: { id: userId }, select: { name: true, timezone: true, dayStartHour: true } });
  if (!user) throw new AppError("NOT_FOUND", "Account not found.");
  return updateSettings({ db, actor, now, input: { ...user, dayStartHour: String(user.dayStartHour), desiredRetention: String(desiredRetention) } });
}
