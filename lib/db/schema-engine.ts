// Prisma's schema engine, WebAssembly build, driven over @prisma/adapter-pg: the native engine that
// `prisma migrate` downloads is out of reach here. See docs/decisions/002-migration-runner.md.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
} from "@prisma/driver-adapter-utils";
import type * as Engine from "@prisma/schema-engine-wasm/schema_engine_bg";
import type pg from "pg";
import { readMigrationList } from "./migrations";

type EngineModule = typeof Engine;
type SchemaEngine = Engine.SchemaEngine;

/** A datamodel with only the datasource: the schema of an empty PostgreSQL database (with `public`). */
export const EMPTY_DATAMODEL = 'datasource db {\n  provider = "postgresql"\n}\n';
const NO_FILTER: Engine.SchemaFilter = { externalTables: [], externalEnums: [] };
const EMPTY_MIGRATION = /^\s*-- This is an empty migration\.\s*$/;

let loading: Promise<EngineModule> | undefined;

/**
 * The engine's ESM entry imports its `.wasm` file, which Node cannot do: instantiate it here and
 * hand the exports to the bindings. Once per process.
 */
export function loadSchemaEngine(): Promise<EngineModule> {
  loading ??= (async () => {
    const require = createRequire(import.meta.url);
    const bindingsPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bindings = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as EngineModule & {
      __wbg_set_wasm(exports: WebAssembly.Exports): void;
    };
    const bytes = await readFile(path.join(path.dirname(bindingsPath), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, {
      "./schema_engine_bg.js": bindings as unknown as WebAssembly.ModuleImports,
    });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as (() => void) | undefined)?.();
    return bindings;
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/** The engine's version (the git hash of prisma-engines it was built from). */
export async function schemaEngineVersion(): Promise<string> {
  return (await loadSchemaEngine()).version();
}

type BoundFactory = ReturnType<typeof bindMigrationAwareSqlAdapterFactory> & {
  errorRegistry?: { consumeError(id: number): { error: unknown } | undefined };
};

/**
 * Turns the engine's "External error id#N" into the adapter error it stands for, and the
 * multi-line validation reports into an Error with that text.
 */
function engineError(e: unknown, factory: BoundFactory | undefined, what: string): Error {
  let message = e instanceof Error ? e.message : String(e);
  const external = /External error id#(\d+)/.exec(message);
  if (external && factory?.errorRegistry) {
    const original = factory.errorRegistry.consumeError(Number(external[1]))?.error as
      | { message?: string; cause?: { message?: string; originalMessage?: string; kind?: string } }
      | undefined;
    const detail = original?.cause?.originalMessage ?? original?.cause?.message ?? original?.message ?? original?.cause?.kind;
    if (detail) message = message.replace(external[0], detail);
  }
  // The engine appends a span trace ("   0: sql_schema_connector::… with migration_name=… at …rs:113").
  const migration = /with migration_name="([^"]+)"/.exec(message)?.[1];
  message = message
    .split("\n")
    .filter((line) => !/^\s+(\d+: |with |at )/.test(line))
    .join("\n")
    .replace(/^external connector error\s*/i, "")
    .replace(/Read more about how to resolve migration issues[^\n]*/, "Fix the migration's SQL, then run `npm run db:resolve -- --rolled-back <name>` and migrate again.");
  if (migration && !message.includes(migration)) message = `migration ${migration} failed: ${message.trim()}`;
  const error = new Error(`${what}: ${message.trim()}`);
  (error as Error & { cause?: unknown }).cause = e;
  return error;
}

/**
 * An adapter that answers only the engine's start-up probe (the server version), so `diff`
 * between datamodels runs with no database at all. Any real query fails loudly.
 */
function offlineAdapterFactory(): SqlMigrationAwareDriverAdapterFactory {
  const refuse = async (query?: SqlQuery | string): Promise<never> => {
    const sql = typeof query === "string" ? query : query?.sql;
    throw new Error(`the offline schema engine cannot run SQL (${sql?.slice(0, 60) ?? "transaction"})`);
  };
  const adapter: SqlDriverAdapter = {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    async queryRaw(query: SqlQuery): Promise<SqlResultSet> {
      if (query.sql.includes("server_version_num")) {
        // exists(public), version(), numeric version: PostgreSQL 17, the embedded server's version.
        return { columnNames: ["exists", "version", "numeric_version"], columnTypes: [5, 7, 0], rows: [[true, "PostgreSQL 17.0 (offline)", 170000]] };
      }
      return refuse(query);
    },
    executeRaw: refuse,
    executeScript: refuse,
    startTransaction: () => refuse(),
    getConnectionInfo: () => ({ supportsRelationJoins: true }),
    dispose: async () => undefined,
  };
  return { provider: "postgres", adapterName: "@prisma/adapter-pg", connect: async () => adapter, connectToShadowDb: async () => adapter };
}

/** Splits a postgresql:// URL into discrete pg options (a connectionString would win over `database`). */
export function poolConfigFromUrl(connectionString: string): { config: pg.PoolConfig; schema?: string } {
  let url: URL;
  try {
    // libpq allows an empty host (postgres:///db, postgres://me@/db?host=/socket); URL does not.
    url = new URL(connectionString.replace(/^(postgres(?:ql)?:\/\/(?:[^/@]*@)?)(?=[/?]|$)/, "$1localhost"));
  } catch {
    throw new Error("The database URL is not a valid URL (expected postgresql://user:password@host:port/database)");
  }
  if (url.protocol !== "postgresql:" && url.protocol !== "postgres:") {
    throw new Error(`The database URL must start with postgresql:// (got ${url.protocol}//)`);
  }
  const params = url.searchParams;
  const sslmode = params.get("sslmode");
  const config: pg.PoolConfig = {
    host: params.get("host") ?? (decodeURIComponent(url.hostname).replace(/^\[(.*)\]$/, "$1") || "localhost"),
    port: url.port ? Number(url.port) : 5432,
    user: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database: decodeURIComponent(url.pathname.replace(/^\//, "")) || undefined,
    max: 2,
  };
  if (sslmode && sslmode !== "disable") {
    config.ssl = sslmode === "verify-full" || sslmode === "verify-ca" ? true : { rejectUnauthorized: false };
  }
  return { config, schema: params.get("schema") ?? undefined };
}

/** A pg adapter factory that remembers the connections the engine opens, to close them afterwards. */
function pgAdapterFactory(connectionString: string): { factory: SqlMigrationAwareDriverAdapterFactory; close(): Promise<void> } {
  const { config, schema } = poolConfigFromUrl(connectionString);
  const inner = new PrismaPg(config, schema ? { schema } : undefined);
  const opened: SqlDriverAdapter[] = [];
  const track = async (connect: () => Promise<SqlDriverAdapter>) => {
    const adapter = await connect();
    let disposed = false;
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      if (disposed) return;
      disposed = true;
      await dispose();
    };
    // adapter-pg's executeScript splits the script on every ";" (breaking $$ bodies and string
    // literals) and runs the pieces one by one (a failure leaves half a migration behind). Send the
    // script whole instead, as the native engine does: one simple query, one implicit transaction.
    const pool = (adapter as SqlDriverAdapter & { underlyingDriver?: () => pg.Pool }).underlyingDriver?.();
    if (pool) {
      adapter.executeScript = async (script: string) => {
        try {
          await pool.query(script);
        } catch (error) {
          (adapter as unknown as { onError(e: unknown): never }).onError(error);
        }
      };
    }
    opened.push(adapter);
    return adapter;
  };
  return {
    factory: {
      provider: inner.provider,
      adapterName: inner.adapterName,
      connect: () => track(() => inner.connect()),
      connectToShadowDb: () => track(() => inner.connectToShadowDb()),
    },
    close: async () => {
      await Promise.all(opened.map((a) => a.dispose().catch(() => undefined)));
    },
  };
}

async function withEngine<T>(
  factory: SqlMigrationAwareDriverAdapterFactory,
  what: string,
  run: (engine: SchemaEngine, bound: BoundFactory) => Promise<T>,
): Promise<T> {
  const module = await loadSchemaEngine();
  const bound = bindMigrationAwareSqlAdapterFactory(factory) as BoundFactory;
  const logs: string[] = [];
  let engine: SchemaEngine;
  try {
    engine = await module.SchemaEngine.new({ datamodels: [["schema.prisma", EMPTY_DATAMODEL]] }, (log: string) => logs.push(log), bound);
  } catch (e) {
    throw engineError(e, bound, what);
  }
  try {
    return await run(engine, bound);
  } catch (e) {
    throw engineError(e, bound, what);
  } finally {
    engine.free();
  }
}

export interface DiffSchemasOptions {
  /** A Prisma schema's text, or "empty" for an empty database (the `public` schema exists). */
  from: string | "empty";
  /** A Prisma schema's text. */
  to: string;
}

/**
 * The SQL that takes a database from `from` to `to`, computed from the two datamodels alone (no
 * database). Returns "" when they describe the same database.
 */
export async function diffSchemas({ from, to }: DiffSchemasOptions): Promise<string> {
  const datamodel = (content: string): Engine.DiffTarget => ({ tag: "schemaDatamodel", files: [{ path: "schema.prisma", content }] });
  const result = await withEngine(offlineAdapterFactory(), "Could not diff the Prisma schemas", (engine) =>
    engine.diff({
      from: datamodel(from === "empty" ? EMPTY_DATAMODEL : from),
      to: datamodel(to),
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    }),
  );
  const script = result.stdout ?? "";
  return EMPTY_MIGRATION.test(script) ? "" : script;
}

export interface ApplyMigrationsOptions {
  /** postgresql:// URL of the target database (`?schema=` and `?sslmode=` are honoured). */
  connectionString: string;
  /** The folder holding `<timestamp>_<name>/migration.sql` and `migration_lock.toml`. */
  migrationsDir: string;
}

/**
 * Applies the migrations not yet recorded in the database's `_prisma_migrations` table, in order,
 * exactly as `prisma migrate deploy` does (same table, same checksums). Returns their names.
 */
export async function applyMigrations({ connectionString, migrationsDir }: ApplyMigrationsOptions): Promise<{ applied: string[] }> {
  const migrationsList = await readMigrationList(migrationsDir);
  const { factory, close } = pgAdapterFactory(connectionString);
  try {
    const output = await withEngine(factory, "Applying migrations failed", (engine) =>
      engine.applyMigrations({ migrationsList, filters: NO_FILTER }),
    );
    return { applied: output.appliedMigrationNames };
  } finally {
    await close();
  }
}

export interface ResolveMigrationOptions {
  connectionString: string;
  migrationsDir: string;
  /** The migration folder's name, e.g. 20260101120000_add_cohorts. */
  migrationName: string;
}

/**
 * After a migration failed and was fixed by hand (or its SQL corrected): marks it rolled back, so
 * that `applyMigrations` tries it again (`prisma migrate resolve --rolled-back`).
 */
export async function markMigrationRolledBack({ connectionString, migrationName }: Omit<ResolveMigrationOptions, "migrationsDir">): Promise<void> {
  const { factory, close } = pgAdapterFactory(connectionString);
  try {
    await withEngine(factory, `Marking ${migrationName} rolled back failed`, (engine) => engine.markMigrationRolledBack({ migrationName }));
  } finally {
    await close();
  }
}

/** Records a migration as applied without running it, when its changes were made by hand (`prisma migrate resolve --applied`). */
export async function markMigrationApplied({ connectionString, migrationsDir, migrationName }: ResolveMigrationOptions): Promise<void> {
  const migrationsList = await readMigrationList(migrationsDir);
  const { factory, close } = pgAdapterFactory(connectionString);
  try {
    await withEngine(factory, `Marking ${migrationName} applied failed`, (engine) => engine.markMigrationApplied({ migrationsList, migrationName }));
  } finally {
    await close();
  }
}
