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
  // The pools with settings beside it (poolWithSettings) end with it: $disconnect ends this one.
  const end = pool.end.bind(pool) as () => Promise<void>;
  pool.end = (async () => {
    await Promise.all([...(settingsPools.get(pool)?.values() ?? [])].map((p) => p.end().catch(() => undefined)));
    return end();
  }) as typeof pool.end;
  const client = make(new PrismaPg(pool, { disposeExternalPool: true }));
  pools.set(client, pool);
  return client;
}

const settingsPools = new WeakMap<pg.Pool, Map<string, pg.Pool>>();
/** Connections per pool with settings: a cohort dashboard sends at most four statements that need them at once. */
export const SETTINGS_POOL_MAX = 4;

/**
 * A pool beside the client's own whose connections start with these server settings (PostgreSQL's
 * `options` at connection time, e.g. a larger work_mem for a large cohort's figures): a statement that
 * needs them runs there as it is, without a SET before it and a RESET after it (two round trips, the
 * first waiting on Node while it is busy with other results), and the client's own pool never
 * carries them. One pool per set of settings, made on first use, ended with the client's pool.
 */
export function poolWithSettings(db: Db, settings: readonly (readonly [name: string, value: string])[]): pg.Pool {
  const main = poolOf(db);
  const options = settings.map(([name, value]) => `-c ${name}=${value}`).join(" ");
  let byOptions = settingsPools.get(main);
  if (!byOptions) settingsPools.set(main, (byOptions = new Map()));
  let pool = byOptions.get(options);
  if (!pool) {
    const { connectionString } = main.options as { connectionString?: string };
    // Idle, its connections do not keep a script's process alive (the client's own pool ends it on $disconnect).
    pool = new pg.Pool({ connectionString, max: SETTINGS_POOL_MAX, options, allowExitOnIdle: true });
    pool.on("error", () => undefined);
    byOptions.set(options, pool);
  }
  return pool;
}

/** The pools with settings made for a client so far (the benchmark records the statements sent on them). */
export function settingsPoolsOf(db: Db): pg.Pool[] {
  return [...(settingsPools.get(poolOf(db))?.values() ?? [])];
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
