import { requireActiveUser, type Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { recountLearnerRollups } from "./rollups";

/**
 * Test hook: moves a learner's timeline `days` into the past (due dates, last reviews, logs and the
 * learning days they count on, so the dashboard's rollups move with them), which is what the learner
 * would see if that many days went by. Reachable only in a test build (RECALL_TEST_BUILD=1).
 */
export async function shiftLearnerTime({ db, actor, days }: { db: Db; actor: Actor; days: number }) {
  const { id: userId } = await requireActiveUser({ db, actor });
  const secs = Math.round(days * 86_400_000) / 1000;
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`UPDATE "Card" SET due = due - make_interval(secs => ${secs}), "lastReview" = "lastReview" - make_interval(secs => ${secs}) WHERE "userId" = ${userId}::uuid`;
    await tx.$executeRaw`
      UPDATE "ReviewLog" r SET "reviewedAt" = r."reviewedAt" - make_interval(secs => ${secs}),
             "learningDay" = recall_learning_day(r."reviewedAt" - make_interval(secs => ${secs}), u.timezone, u."dayStartHour")
      FROM "User" u WHERE u.id = r."userId" AND r."userId" = ${userId}::uuid`;
    await recountLearnerRollups({ db: tx, userId });
  });
}
