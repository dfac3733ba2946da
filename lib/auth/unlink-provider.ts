import { requireActiveUser, type Actor } from "./actor";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

const providerSchema = z.string().trim().min(1).max(40);

export const LAST_SIGN_IN_METHOD = "This is your only way to sign in. Set a password first (Sign in → Forgot your password?) or link another service.";

/**
 * Removes the user's identities at one provider, unless that would leave no way to sign in (no
 * password and no other identity). The user's row is locked first, so two removals at once cannot
 * each see the other's identity still there and both go through.
 */
export async function unlinkProvider({ db, actor, provider }: { db: Db; actor: Actor; provider: unknown }): Promise<void> {
  const { id: userId } = await requireActiveUser({ db, actor });
  const parsed = providerSchema.safeParse(provider);
  if (!parsed.success) throw new AppError("INVALID_INPUT", "Choose a linked sign-in method.");
  await db.$transaction(async (tx) => {
    const [user] = await tx.$queryRaw<{ hasPassword: boolean }[]>`
      SELECT "passwordHash" IS NOT NULL AS "hasPassword" FROM "User" WHERE "id" = ${userId}::uuid FOR UPDATE`;
    if (!user) throw new AppError("NOT_FOUND", "Account not found.");
    const accounts = await tx.account.findMany({ where: { userId }, select: { provider: true } });
    const removed = accounts.filter((a) => a.provider === parsed.data).length;
    if (removed === 0) throw new AppError("NOT_FOUND", "That sign-in method is not linked to your account.");
    if (!user.hasPassword && removed === accounts.length) throw new AppError("CONFLICT", LAST_SIGN_IN_METHOD);
    await tx.account.deleteMany({ where: { userId, provider: parsed.data } });
  });
}
