import { requireActiveUser, type Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";

/**
 * Test hook: moves a learner's timeline `days` into the past (due dates, last reviews, logs), which is
 * what the learner would see if that many days went by. Reachable only in a test build (RECALL_TEST_BUILD=1).
 */
export async function shiftLearnerTime({ db, actor, days }: { db: Db; actor: Actor; days: number }) {
  const { id: userId } = await requireActiveUser({ db, actor });
  const ms = Math.round(days * 86_400_000);
  await db.$transaction([
    db.$executeRaw`UPDATE "Card" SET due = due - make_interval(secs => ${ms / 1000}), "lastReview" = "lastReview" - make_interval(secs => ${ms / 1000}) WHERE "userId" = ${userId}::uuid`,
    db.$executeRaw`UPDATE "ReviewLog" SET "reviewedAt" = "reviewedAt" - make_interval(secs => ${ms / 1000}) WHERE "userId" = ${userId}::uuid`,
  ]);
}
