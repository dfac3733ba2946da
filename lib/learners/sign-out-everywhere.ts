import { requireActiveUser, type Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";

export async function signOutEverywhere({ db, actor }: { db: Db; actor: Actor }): Promise<void> {
  const { id: userId } = await requireActiveUser({ db, actor });
  await db.user.update({ where: { id: userId }, data: { tokenVersion: { increment: 1 } } });
}
