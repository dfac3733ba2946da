// Records the statements sent on a pg pool's connections. The hot statements go through `pg` on the
// Prisma client's own pool (lib/db/pg-transaction.ts, poolOf), where Prisma's query log does not see
// them; Prisma's own queries go through the same pool, so counting here counts both.
import type pg from "pg";

export interface PoolStatement {
  /** The prepared statement's name; undefined for an unnamed one (Prisma's). */
  name?: string;
  text: string;
  values: unknown[];
}

type QueryArgument = string | { name?: string; text: string; values?: unknown[] };

/**
 * Every statement sent on `pool`'s connections while `recording` is true. Call it before the pool's
 * first connection: connections opened earlier are not watched, so a pool that has any is refused.
 */
export function recordPoolStatements(pool: pg.Pool, { onStatement }: { onStatement?: (statement: PoolStatement) => void } = {}) {
  if (pool.totalCount > 0) throw new Error("recordPoolStatements: the pool already has connections it would not see.");
  const recorder = { recording: false, statements: [] as PoolStatement[] };
  pool.on("connect", (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    // pg's query has many overloads; the first argument is the text or a config with it.
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      if (recorder.recording) {
        const config = args[0] as QueryArgument;
        const values = Array.isArray(args[1]) ? args[1] : typeof config === "object" ? (config.values ?? []) : [];
        const statement = typeof config === "string" ? { text: config, values } : { name: config.name, text: config.text, values };
        recorder.statements.push(statement);
        onStatement?.(statement);
      }
      return query(...args);
    };
  });
  return recorder;
}
