// The learner's true-retention table (lib/analytics/true-retention.ts) in one query over the last 365
// learning days of their review log, read through the (userId, reviewedAt) index.
import { requireActiveUser, type Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { ts } from "@/lib/db/sql";
import { TRUE_RETENTION_WINDOWS, trueRetentionTable, type CountsByWindow, type TrueRetentionRow } from "@/lib/analytics/true-retention";
import { addDaysToDayString, learningDay, resolveDayOptions, startOfDayString, type DayOptions } from "@/lib/srs/day";
import { MATURE_INTERVAL_DAYS } from "./get-dashboard";

export interface TrueRetention {
  desiredRetention: number;
  rows: TrueRetentionRow[];
}

export async function getTrueRetention({ db, actor, now = new Date() }: { db: Db; actor: Actor; now?: Date }): Promise<TrueRetention> {
  const user = await requireActiveUser({ db, actor });
  const userId = user.id;
  const day: DayOptions = resolveDayOptions(user);
  const today = learningDay(now, day);
  // Each window starts at the beginning of its first learning day (DST-exact, from lib/srs/day).
  const starts = TRUE_RETENTION_WINDOWS.map((w) => ({ key: w.key, from: startOfDayString(addDaysToDayString(today, -(w.days - 1)), day) }));
  const columns = Prisma.join(
    starts.flatMap(({ key, from }) => [
      Prisma.sql`count(*) FILTER (WHERE r."reviewedAt" >= ${ts(from)})::int AS ${Prisma.raw(`"reviews_${key}"`)}`,
      Prisma.sql`count(*) FILTER (WHERE r."reviewedAt" >= ${ts(from)} AND r.rating > 1)::int AS ${Prisma.raw(`"passed_${key}"`)}`,
    ]),
  );
  const oldest = starts[starts.length - 1]!.from;
  const rows = await db.$queryRaw<(CountsByWindow & { mature: boolean })[]>`
    SELECT (coalesce((r."cardBefore"->>'scheduledDays')::int, 0) >= ${MATURE_INTERVAL_DAYS}) AS mature, ${columns}
    FROM "ReviewLog" r
    WHERE r."userId" = ${userId}::uuid AND r."stateBefore" = 'REVIEW' AND r."reviewedAt" >= ${ts(oldest)} AND r."reviewedAt" <= ${ts(now)}
    GROUP BY 1`;
  return {
    desiredRetention: user.desiredRetention,
    rows: trueRetentionTable({ young: rows.find((r) => !r.mature) ?? null, mature: rows.find((r) => r.mature) ?? null }),
  };
}
