import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client";
import { env } from "@/lib/env";

export type Db = PrismaClient;

const globalForPrisma = globalThis as unknown as { recallPrisma?: PrismaClient; recallPools?: WeakMap<object, pg.Pool> };

/** Each client's pg pool, for the few hot statements sent through `pg` itself (lib/db/pg-transaction.ts). Global: it outlives a reload in development, as the client does. */
const pools = (globalForPrisma.recallPools ??= new WeakMap<object, pg.Pool>());

/**
 * A client on its own pool, which the client's adapter and the hot path share (one pool per client,
 * so the connection limit holds for both). `make` builds the client on the adapter, for a test that
 * needs its own client options (a query log).
 */
export function createPrismaWith<C extends object>(connectionString: string, max: number, make: (adapter: PrismaPg) => C): C {
  const pool = new pg.Pool({ connectionString, max });
  // An idle connection the server drops (a restart, a terminated backend) is an 'error' event on the
  // pool, which ends the process if nothing listens; the pool has already discarded that connection.
  // Prisma's adapter listens only from its first query, and the hot path may use the pool before it.
  pool.on("error", () => undefined);
  const client = make(new PrismaPg(pool, { disposeExternalPool: true }));
  pools.set(client, pool);
  return client;
}

/** A client on its own pool: scripts and tests that manage their database create one. */
export function createPrisma(connectionString: string, max = 10): PrismaClient {
  return createPrismaWith(connectionString, max, (adapter) => new PrismaClient({ adapter }));
}

/** The pg pool under a client made by createPrisma / createPrismaWith. */
export function poolOf(db: Db): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error("This Prisma client was not made by createPrisma: it has no pool for the hot path.");
  // $disconnect ends the pool (disposeExternalPool); a client used again after it would open a new
  // pool of its own that this map does not know: make a new client instead.
  if (pool.ended) throw new Error("This Prisma client was disconnected: its pool has ended.");
  return pool;
}

/** The app's client, created on first use from DATABASE_URL (set by the start script or the user). */
export function db(): PrismaClient {
  if (!globalForPrisma.recallPrisma) {
    const url = env().DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start the app with `npm start` or `npm run dev`.");
    globalForPrisma.recallPrisma = createPrisma(url);
  }
  return globalForPrisma.recallPrisma;
}
