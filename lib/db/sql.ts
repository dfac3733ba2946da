// Small SQL fragments shared by the raw aggregate queries. The timestamp columns hold UTC wall time
// without a zone, so instants are passed the same way and the session's TimeZone never matters.
import pg from "pg";
import { Prisma } from "./generated/client";
import { poolOf, poolWithSettings, type Db } from "./client";
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

const INT4_ARRAY = 1007;
const FLOAT8_ARRAY = 1022;

/**
 * A one-dimensional `int4[]` in PostgreSQL's text form (`{1,-2,NULL}`) as numbers, as pg-types reads it
 * (NULL elements null) but in one walk over the characters, with no string per element: pg-types' walk
 * builds a string per element and parses it again, which was ≈ 65 ms of Node's CPU per 5,000-learner
 * cohort dashboard. Anything it does not expect (nested arrays, quotes) goes to pg-types' parser.
 */
export function parseIntArray(text: string, fallback: (text: string) => unknown): unknown {
  const end = text.length - 1;
  if (text.charCodeAt(0) !== 123 /* { */ || text.charCodeAt(end) !== 125 /* } */) return fallback(text);
  if (end === 1) return [];
  // Sized once (one element per comma, plus one), not grown element by element.
  let count = 1;
  for (let i = text.indexOf(",", 1); i !== -1; i = text.indexOf(",", i + 1)) count++;
  const out = new Array<number | null>(count);
  let k = 0;
  let value = 0;
  let sign = 1;
  let digits = 0;
  for (let i = 1; i <= end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      digits++;
    } else if (c === 44 /* , */ || i === end) {
      if (digits === 0) return fallback(text);
      out[k++] = sign * value;
      value = 0;
      sign = 1;
      digits = 0;
    } else if (c === 45 /* - */ && digits === 0 && sign === 1) sign = -1;
    else if (c === 78 /* N */ && text.startsWith("NULL", i) && digits === 0) {
      out[k++] = null;
      i += 4; // past NULL and its comma (or onto the closing brace, which ends the loop)
      if (i === end) break;
    } else return fallback(text);
  }
  return out;
}

/**
 * A one-dimensional `float8[]` in PostgreSQL's text form as numbers, as pg-types reads it (NULL elements
 * null, NaN and ±Infinity as such), by one split rather than pg-types' walk a character at a time.
 */
export function parseFloatArray(text: string, fallback: (text: string) => unknown): unknown {
  if (text === "{}") return [];
  const body = text.slice(1, -1);
  if (text[0] !== "{" || text[text.length - 1] !== "}" || body.includes("{") || body.includes('"')) return fallback(text);
  const parts = body.split(",");
  const out = new Array<number | null>(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    out[i] = p === "NULL" ? null : Number(p);
  }
  return out;
}

const typeParser = pg.types.getTypeParser as (oid: number, format?: "text" | "binary") => (text: string) => unknown;
const defaultInt4Array = typeParser(INT4_ARRAY, "text");
const defaultFloat8Array = typeParser(FLOAT8_ARRAY, "text");
/** pg's parsers with the number arrays read by parseIntArray and parseFloatArray. */
const fastArrays = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (format !== "binary" && oid === INT4_ARRAY) return (text: string) => parseIntArray(text, defaultInt4Array);
    if (format !== "binary" && oid === FLOAT8_ARRAY) return (text: string) => parseFloatArray(text, defaultFloat8Array);
    return typeParser(oid, format);
  },
} as pg.CustomTypesConfig;


/**
 * A read-only aggregate sent through `pg` on the client's own pool rather than Prisma's raw query: the
 * rows come back as pg parses them (int4 and float8 as numbers, json parsed, bigint and numeric as
 * strings, so cast them), without Prisma's per-row conversion, which the cohort figures paid for on
 * every row. Timestamps must be read as `… AT TIME ZONE 'UTC'` (a timestamptz): pg would read a bare
 * timestamp in the process's zone.
 *
 * `workMemMb` runs the statement with that `work_mem`, and `serial` without parallel workers, on a pool
 * of connections started with those settings beside the client's own (poolWithSettings): the statement
 * is sent at once, with no SET before it nor RESET after it, and no connection of the client's own pool
 * carries the settings to another statement. The sorts and hash aggregates of a large cohort's figures
 * spill to disk at PostgreSQL's default 4 MB, which cost them half their CPU at 5,000 learners, and
 * statements that already run side by side would only contend with their own parallel workers for the
 * same cores (docs/performance.md part 8).
 */
export async function sqlRows<R>(db: Db, statement: Prisma.Sql, { workMemMb, serial }: { workMemMb?: number; serial?: boolean } = {}): Promise<R[]> {
  const query = { text: statement.text, values: statement.values, types: fastArrays };
  const settings: [string, string][] = [];
  if (workMemMb) settings.push(["work_mem", `${Math.round(workMemMb)}MB`]);
  if (serial) settings.push(["max_parallel_workers_per_gather", "0"]);
  const pool = settings.length === 0 ? poolOf(db) : poolWithSettings(db, settings);
  return (await pool.query(query)).rows as R[];
}
