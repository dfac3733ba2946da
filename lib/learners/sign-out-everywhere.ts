import type { Db } from "@/lib/db/client";

export async function signOutEverywhere({ db, userId }: { db: Db; userId: string }): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { tokenVersion: { increment: 1 } } });
}
