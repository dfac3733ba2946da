// The database a command-line script works on: DATABASE_URL when set (non-empty), else the embedded
// cluster in $RECALL_DATA_DIR/postgres (.data/postgres), started (or reused) on demand.
import { env } from "@/lib/env";
import path from "node:path";
import { createPrisma, type Db } from "@/lib/db/client";
import { checkDatabase, describeTarget } from "@/lib/db/connect-check";
import { dataPath } from "@/lib/db/data-dir";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { DEFAULT_MIGRATIONS_DIR } from "@/lib/db/migrations";
import { applyMigrations } from "@/lib/db/schema-engine";

export const rel = (p: string) => {
  const r = path.relative(process.cwd(), p);
  return r.startsWith("..") ? p : r || ".";
};

export interface Target {
  url: string;
  embedded: boolean;
  label: string;
  close(): Promise<void>;
}

/** `url` (else DATABASE_URL) checked for a connection, else the embedded cluster, started. */
export async function openTarget(url = env().DATABASE_URL?.trim()): Promise<Target> {
  if (url) {
    const check = await checkDatabase(url);
    if (!check.ok) throw new Error(check.message);
    return { url, embedded: false, label: `${describeTarget(url).where}/${describeTarget(url).database}`, close: async () => undefined };
  }
  const dataDir = dataPath("postgres");
  const started = Date.now();
  const server = await startEmbeddedPostgres({ dataDir });
  const how = server.reused ? "already running" : server.initialised ? "initialised and started" : "started";
  console.log(`▸ Embedded PostgreSQL ${how} (${rel(dataDir)}, port ${server.port}, ${Date.now() - started} ms)`);
  return { url: server.connectionString, embedded: true, label: `embedded database (${rel(dataDir)})`, close: server.stop };
}

/** Runs `work` on a Prisma client over the target, its migrations applied first; closes both after. */
export async function withMigratedDatabase<T>({ connections }: { connections: number }, work: (db: Db) => Promise<T>): Promise<T> {
  const target = await openTarget();
  try {
    await applyMigrations({ connectionString: target.url, migrationsDir: DEFAULT_MIGRATIONS_DIR });
    const prisma = createPrisma(target.url, connections);
    try {
      return await work(prisma);
    } finally {
      await prisma.$disconnect();
    }
  } finally {
    await target.close();
  }
}
