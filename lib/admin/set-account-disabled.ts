import { isUuid } from "@/lib/cohorts/access";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { lockAdmins, otherActiveAdmins, requireAdminNow, type Actor } from "./access";
import { recordAudit } from "./audit";

/**
 * Disables an account (it cannot sign in, and every session it has ends: tokenVersion is bumped) or
 * enables it again. An admin cannot disable their own account, nor the last admin who can sign in.
 */
export async function setAccountDisabled({ db, actor, userId, disabled, address, now = new Date() }: { db: Db; actor: Actor; userId: unknown; disabled: boolean; address: string; now?: Date }): Promise<void> {
  if (actor.role !== "ADMIN") throw new AppError("FORBIDDEN", "Only admins can do this.");
  if (!isUuid(userId)) throw new AppError("NOT_FOUND", "No such account.");
  if (disabled && userId === actor.id) throw new AppError("CONFLICT", "You cannot disable your own account.");
  await db.$transaction(async (tx) => {
    await lockAdmins(tx);
    await requireAdminNow(tx, actor);
    const target = await tx.user.findUnique({ where: { id: userId }, select: { role: true, disabledAt: true } });
    if (!target) throw new AppError("NOT_FOUND", "No such account.");
    if (Boolean(target.disabledAt) === disabled) return;
    if (disabled && target.role === "ADMIN" && (await otherActiveAdmins(tx, userId)) === 0) {
      throw new AppError("CONFLICT", "This is the last admin who can sign in: make another admin first.");
    }
    await tx.user.update({
      where: { id: userId },
      data: disabled ? { disabledAt: now, tokenVersion: { increment: 1 } } : { disabledAt: null },
    });
    await recordAudit(tx, { source: { actorId: actor.id, address }, action: disabled ? "account.disable" : "account.enable", targetUserId: userId, details: {} });
  });
}
