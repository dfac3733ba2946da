// Small SQL fragments shared by the raw aggregate queries. The timestamp columns hold UTC wall time
// without a zone, so instants are passed the same way and the session's TimeZone never matters.
import { Prisma } from "./generated/client";
import { poolOf, type Db } from "./client";
import type { DayOptions } from "@/lib/srs/day";

/** An instant as the columns store it: UTC wall time, no zone. */
export function utcTimestamp(instant: Date): string {
  return instant.toISOString().slice(0, 23);
}

export function ts(instant: Date): Prisma.Sql {
  return Prisma.sql`${utcTimestamp(instant)}::timestamp`;
}

/** Days, `YYYY-MM-DD`, of a `timestamp` column holding UTC, in a zone and day start. */
export function localDay(column: Prisma.Sql, day: DayOptions): Prisma.Sql {
  return Prisma.sql`to_char(((${column} AT TIME ZONE 'UTC') AT TIME ZONE ${day.timezone}) - make_interval(hours => ${day.dayStartHour}::int), 'YYYY-MM-DD')`;
}

/**
 * A read-only aggregate sent through `pg` on the client's own pool rather than Prisma's raw query: the
 * rows come back as pg parses them (int4 and float8 as numbers, json parsed, bigint and numeric as
 * strings, so cast them), without Prisma's per-row conversion, which the cohort figures paid for on
 * every row. Timestamps must be read as `… AT TIME ZONE 'UTC'` (a timestamptz): pg would read a bare
 * timestamp in the process's zone.
 */
export async function sqlRows<R>(db: Db, statement: Prisma.Sql): Promise<R[]> {
  return (await poolOf(db).query({ text: statement.text, values: statement.values })).rows as R[];
}
