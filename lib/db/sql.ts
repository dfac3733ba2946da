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
 *
 * `workMemMb` runs the statement with that `work_mem` on its connection (SET before, RESET after, so
 * the pooled connection goes back as it was): the sorts and hash aggregates of a large cohort's
 * figures spill to disk at PostgreSQL's default 4 MB, which cost them half their CPU at 5,000 learners.
 * `serial` runs it without parallel workers, for statements that already run side by side: their
 * workers would only contend for the same cores (docs/performance.md part 8).
 */
export async function sqlRows<R>(db: Db, statement: Prisma.Sql, { workMemMb, serial }: { workMemMb?: number; serial?: boolean } = {}): Promise<R[]> {
  const pool = poolOf(db);
  const query = { text: statement.text, values: statement.values };
  const settings = [
    ...(workMemMb ? [[`work_mem`, `'${Math.round(workMemMb)}MB'`]] : []),
    ...(serial ? [["max_parallel_workers_per_gather", "0"]] : []),
  ];
  if (settings.length === 0) return (await pool.query(query)).rows as R[];
  const client = await pool.connect();
  try {
    await client.query(settings.map(([name, value]) => `SET ${name} = ${value}`).join("; "));
    return (await client.query(query)).rows as R[];
  } finally {
    // A connection that could not be reset is closed rather than handed to the next query with the setting.
    const reset = await client.query(settings.map(([name]) => `RESET ${name}`).join("; ")).then(
      () => true,
      () => false,
    );
    client.release(!reset);
  }
}
