// The live content (questions, lessons, the catalog) changes only when content is synced, yet it is read
// on every answer and page. Each server process keeps what it read in memory and forgets all of it when
// the content changes: a sync bumps "ContentVersion" and sends NOTIFY in its transaction (lib/content/
// sync.ts); one dedicated connection per process LISTENs. A notification can be missed (the connection
// dropped, or died without anyone noticing), so the version is also compared at most every
// `versionCheckMs` and right after the listener reconnects. See docs/scaling.md.
import pg from "pg";
import { db as appDb, type Db } from "@/lib/db/client";
import { env } from "@/lib/env";

/** The channel syncs notify on; the payload is the new content version. */
export const CONTENT_CHANNEL = "recall_content";
/** The LISTEN connection's application_name, to find it in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = "recall-live-content";

export interface LiveCacheOptions {
  /** The database the LISTEN connection opens. */
  connectionString: string;
  /** The current content version (the fallback when a notification was missed). */
  readVersion: () => Promise<bigint>;
  /** At most this long between two version checks while the cache is used. */
  versionCheckMs?: number;
  /** Reconnection back-off of the LISTEN connection: first delay, doubled up to the maximum. */
  reconnectMs?: { first: number; max: number };
  log?: (message: string) => void;
}

export type InvalidationCause = "notification" | "version" | "reconnect";

export interface LiveCacheStats {
  /** Whether the LISTEN connection is up. */
  listening: boolean;
  /** The content version the cached entries belong to (null before the first check). */
  version: bigint | null;
  entries: number;
  hits: number;
  loads: number;
  reconnects: number;
  invalidations: Record<InvalidationCause, number>;
}

export interface LiveCache {
  /**
   * The value under `key`, loaded by `load` once per content version. A null result (nothing live under
   * that key) is not kept: content added by the next sync is found without waiting for its notification.
   */
  get<T>(key: string, load: () => Promise<T | null>): Promise<T | null>;
  stats(): LiveCacheStats;
  /** Closes the LISTEN connection; the cache stops caching (every get loads). */
  close(): Promise<void>;
}

export const DEFAULT_VERSION_CHECK_MS = 5_000;
const DEFAULT_RECONNECT_MS = { first: 250, max: 10_000 };

export function createLiveCache(options: LiveCacheOptions): LiveCache {
  const versionCheckMs = options.versionCheckMs ?? DEFAULT_VERSION_CHECK_MS;
  const reconnectMs = options.reconnectMs ?? DEFAULT_RECONNECT_MS;
  const log = options.log ?? ((message: string) => console.warn(`▸ Live content: ${message}`));

  // Promises, so that concurrent first reads of one key share one query. Clearing the map on a change is
  // enough: a load begun before the change is no longer in the map, so nobody after the change sees it.
  const entries = new Map<string, Promise<unknown>>();
  let knownVersion: bigint | null = null;
  let lastCheckAt = Number.NEGATIVE_INFINITY;
  let checking: Promise<void> | null = null;
  const stats = { hits: 0, loads: 0, reconnects: 0, invalidations: { notification: 0, version: 0, reconnect: 0 } };

  let listener: pg.Client | null = null;
  let listening = false;
  let everListened = false;
  let failures = 0;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const invalidate = (cause: InvalidationCause) => {
    entries.clear();
    stats.invalidations[cause]++;
  };

  const checkVersion = (cause: InvalidationCause): Promise<void> =>
    (checking ??= (async () => {
      try {
        const version = await options.readVersion();
        lastCheckAt = Date.now();
        if (knownVersion !== null && version !== knownVersion) invalidate(cause);
        knownVersion = version;
      } finally {
        checking = null;
      }
    })());

  const onNotification = (payload: string | undefined) => {
    invalidate("notification");
    knownVersion = /^\d+$/.test(payload ?? "") ? BigInt(payload as string) : null;
  };

  const scheduleReconnect = () => {
    if (closed || retry) return;
    const delayMs = Math.min(reconnectMs.max, reconnectMs.first * 2 ** failures);
    failures++;
    retry = setTimeout(() => {
      retry = undefined;
      void listen();
    }, delayMs);
    retry.unref();
  };

  const listen = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: options.connectionString, application_name: LISTENER_APPLICATION_NAME, keepAlive: true });
    let dropped = false;
    const drop = (reason: string) => {
      if (dropped) return;
      dropped = true;
      if (listener === client) {
        listener = null;
        listening = false;
        log(`the LISTEN connection dropped (${reason}); reconnecting, and the content version is checked once it is back`);
      }
      client.end().catch(() => undefined);
      scheduleReconnect();
    };
    client.on("notification", (message) => {
      if (message.channel === CONTENT_CHANNEL) onNotification(message.payload);
    });
    client.on("error", (e) => drop(e.message));
    client.on("end", () => drop("closed by the server"));
    try {
      await client.connect();
      await client.query(`LISTEN ${CONTENT_CHANNEL}`);
    } catch (e) {
      drop((e as Error).message);
      return;
    }
    if (closed || dropped) {
      await client.end().catch(() => undefined);
      return;
    }
    listener = client;
    listening = true;
    failures = 0;
    if (everListened) stats.reconnects++;
    everListened = true;
    if (knownVersion !== null) {
      // Whatever was notified while nobody listened is lost: the version says whether anything was.
      await checkVersion("reconnect").catch((e: unknown) => {
        log(`could not read the content version after reconnecting (${(e as Error).message}); everything is reloaded`);
        invalidate("reconnect");
        knownVersion = null;
      });
    }
  };

  const started = listen();

  return {
    async get<T>(key: string, load: () => Promise<T | null>): Promise<T | null> {
      if (closed) return load();
      // Entries are only kept once the first LISTEN attempt is over: a change before it would go unseen.
      await started;
      if (Date.now() - lastCheckAt >= versionCheckMs) await checkVersion("version");
      const cached = entries.get(key) as Promise<T | null> | undefined;
      if (cached) {
        stats.hits++;
        return cached;
      }
      stats.loads++;
      const loading = load();
      entries.set(key, loading);
      const forget = () => {
        if (entries.get(key) === loading) entries.delete(key);
      };
      loading.then((value) => value === null && forget(), forget);
      return loading;
    },
    stats: () => ({ listening, version: knownVersion, entries: entries.size, ...stats, invalidations: { ...stats.invalidations } }),
    async close() {
      closed = true;
      clearTimeout(retry);
      entries.clear();
      await started;
      const client = listener;
      listener = null;
      listening = false;
      await client?.end().catch(() => undefined);
    },
  };
}

/** The version the last sync wrote (0 before any sync). */
export async function readContentVersion(db: Db): Promise<bigint> {
  const rows = await db.$queryRaw<{ version: bigint }[]>`SELECT version FROM "ContentVersion" WHERE id = 1`;
  return rows[0]?.version ?? BigInt(0);
}

// On globalThis: the server's own modules (scripts/server.ts, loaded by tsx) and Next's bundles each
// have their copy of this module, and must share one cache and one LISTEN connection per process.
const processGlobal = globalThis as unknown as { recallLiveCache?: LiveCache; recallLiveCacheEnabled?: boolean };

/** Called once by a server process (scripts/server.ts) before it serves: from then on its reads cache. */
export function enableLiveContentCache(): void {
  processGlobal.recallLiveCacheEnabled = true;
}

/**
 * Reads live content through this server process's cache. Only a server process caches (after
 * enableLiveContentCache), and only reads through the app's own client (db()): scripts and tests, which
 * may write content without a sync, always read the database.
 */
export function readLiveContent<T>(db: Db, key: string, load: () => Promise<T | null>): Promise<T | null> {
  if (!processGlobal.recallLiveCacheEnabled || db !== appDb()) return load();
  processGlobal.recallLiveCache ??= createLiveCache({
    connectionString: env().DATABASE_URL as string,
    readVersion: () => readContentVersion(appDb()),
  });
  return processGlobal.recallLiveCache.get(key, load);
}
