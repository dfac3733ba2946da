// Small SQL fragments shared by the raw aggregate queries. The timestamp columns hold UTC wall time
// without a zone, so instants are passed the same way and the session's TimeZone never matters.
import { Prisma } from "./generated/client";
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
