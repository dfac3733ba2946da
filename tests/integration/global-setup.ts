import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from "@/lib/db/embedded";
import { DEFAULT_MIGRATIONS_DIR } from "@/lib/db/migrations";
import { findFreePort } from "@/lib/db/ports";
import { applyMigrations } from "@/lib/db/schema-engine";

declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated test database (also in process.env.DATABASE_URL inside tests). */
    databaseUrl: string;
    /** The same server's `postgres` database: CREATE/DROP DATABASE for tests that need a fresh one. */
    adminDatabaseUrl: string;
    /** Timings of the set-up, for the curious: embedded start and migration apply, in ms. */
    dbSetupTimings: { startMs: number; migrateMs: number };
  }
}

let server: EmbeddedPostgresServer | undefined;
let tmpDir: string | undefined;

/** Starts ONE throwaway PostgreSQL (temp folder, free port, fsync off) and applies the migrations once. */
export async function setup(project: TestProject): Promise<void> {
  tmpDir = mkdtempSync(path.join(os.tmpdir(), "recall-integration-"));
  const started = Date.now();
  server = await startEmbeddedPostgres({
    dataDir: path.join(tmpDir, "postgres"),
    port: await findFreePort(),
    database: "recall_test",
    durable: false,
  });
  const startMs = Date.now() - started;
  const migrating = Date.now();
  await applyMigrations({ connectionString: server.connectionString, migrationsDir: DEFAULT_MIGRATIONS_DIR });
  const migrateMs = Date.now() - migrating;
  project.provide("databaseUrl", server.connectionString);
  project.provide("adminDatabaseUrl", server.adminConnectionString);
  project.provide("dbSetupTimings", { startMs, migrateMs });
  process.env.DATABASE_URL = server.connectionString;
}

export async function teardown(): Promise<void> {
  await server?.stop();
  if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
}
