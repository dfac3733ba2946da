// A transaction on a pg client taken from the Prisma client's own pool, for the answer's hot
// statements, and `runHot` for those (the review queue's) that run alone on the pool
// (docs/decisions/030-hot-statements-through-pg.md): named prepared statements, parsed once per
// connection, and none of the ORM's per-query work. The schema stays Prisma's; the
// statements are checked against it by tests/integration/hot-statements.test.ts.
import type pg from "pg";
import { poolOf, type Db } from "./client";

/** A statement prepared once per connection under its name: the name must be unique to the text. */
export interface HotStatement {
  name: string;
  text: string;
}

/** A connection in a transaction, or the pool itself for a statement on its own (one connection, taken and given back). */
export type HotClient = Pick<pg.PoolClient, "query"> | Pick<pg.Pool, "query">;

/** Runs a prepared statement; `values` as the statement's $1, $2, … */
export async function runHot<R extends pg.QueryResultRow>(client: HotClient, statement: HotStatement, values: unknown[]): Promise<R[]> {
  const result = await client.query<R>({ name: statement.name, text: statement.text, values });
  return result.rows;
}

/** A connection within `waitMs`, or an error (the caller answers 503); a connection that comes later goes back to the pool. */
async function connectWithin(pool: pg.Pool, waitMs: number): Promise<pg.PoolClient> {
  const pending = pool.connect();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`No database connection free within ${waitMs} ms.`)), waitMs);
  });
  try {
    return await Promise.race([pending, timeout]);
  } catch (e) {
    pending.then((client) => client.release(), () => undefined);
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * BEGIN, `work`, COMMIT on one connection of `db`'s pool; ROLLBACK when `work` throws. A connection
 * whose ROLLBACK fails (the server restarted, the socket died) is destroyed, not returned to the pool.
 */
export async function pgTransaction<T>(db: Db, options: { maxWaitMs: number }, work: (client: HotClient) => Promise<T>): Promise<T> {
  const client = await connectWithin(poolOf(db), options.maxWaitMs);
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (e) {
    await client.query("ROLLBACK").catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw e;
  } finally {
    client.release(broken);
  }
}
