// The migration tool itself (lib/db/migrations.ts + lib/db/schema-engine.ts) on a copy of
// prisma/migrations in a temp folder: writing a migration, applying it, failing safely.
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEFAULT_MIGRATIONS_DIR,
  DEFAULT_SCHEMA_PATH,
  LOCKFILE_NAME,
  SNAPSHOT_NAME,
  createMigration,
  listMigrations,
  migrationChecksum,
  migrationSlug,
} from "@/lib/db/migrations";
import { applyMigrations, diffSchemas, markMigrationRolledBack } from "@/lib/db/schema-engine";
import { readCatalog, runScript } from "./helpers/catalog";
import { createScratchDatabase } from "./helpers/db";

const EXTRA_MODEL = `
model Bookmark {
  id        String   @id @default(uuid()) @db.Uuid
  userId    String   @db.Uuid
  note      String?
  createdAt DateTime @default(now())

  @@index([userId, createdAt])
}
`;

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("createMigration + applyMigrations", () => {
  let dir: string;
  let migrationsDir: string;
  let schemaPath: string;
  let baseSchema: string;
  const scratches: { drop(): Promise<void> }[] = [];
  const scratch = async (prefix: string) => {
    const db = await createScratchDatabase(prefix);
    scratches.push(db);
    return db;
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "recall-migrations-"));
    migrationsDir = path.join(dir, "migrations");
    schemaPath = path.join(dir, "schema.prisma");
    await cp(DEFAULT_MIGRATIONS_DIR, migrationsDir, { recursive: true });
    baseSchema = await readFile(DEFAULT_SCHEMA_PATH, "utf8");
    await writeFile(schemaPath, baseSchema);
  });

  afterAll(async () => {
    await Promise.all(scratches.map((s) => s.drop()));
    await rm(dir, { recursive: true, force: true });
  });

  it("names folders <14-digit UTC timestamp>_<slug>", () => {
    expect(migrationSlug("Add user roles!")).toBe("add_user_roles");
    expect(() => migrationSlug("  ?? ")).toThrow(/not a usable migration name/);
  });

  it("writes a migration for a schema change, updates the snapshot, and then has nothing more to write", async () => {
    await writeFile(schemaPath, baseSchema + EXTRA_MODEL);
    const before = await listMigrations(migrationsDir);
    const result = await createMigration({ name: "add bookmarks", migrationsDir, schemaPath, now: new Date("2000-01-01T00:00:00Z") });
    expect(result.status).toBe("created");
    if (result.status !== "created") return;
    // A clock behind the last migration still yields a later folder name.
    expect(result.name > before.at(-1)!.name).toBe(true);
    expect(result.name).toMatch(/^\d{14}_add_bookmarks$/);
    expect(result.sql).toContain('CREATE TABLE "Bookmark"');
    expect(result.sql).not.toContain('CREATE TABLE "User"');
    expect(await readFile(path.join(migrationsDir, result.name, "migration.sql"), "utf8")).toBe(result.sql);
    expect(await readFile(path.join(migrationsDir, SNAPSHOT_NAME), "utf8")).toBe(baseSchema + EXTRA_MODEL);
    expect(await readFile(path.join(migrationsDir, LOCKFILE_NAME), "utf8")).toContain('provider = "postgresql"');

    expect(await createMigration({ name: "again", migrationsDir, schemaPath })).toEqual({ status: "no-changes" });
    expect((await readdir(migrationsDir)).filter((n) => /^\d{14}_/.test(n))).toHaveLength(before.length + 1);
  });

  it("applies the new migration incrementally and records it like prisma migrate deploy", async () => {
    const db = await scratch("tool_incremental");
    const all = await listMigrations(migrationsDir);
    // First the repository's migrations, then the new one on top.
    expect((await applyMigrations({ connectionString: db.url, migrationsDir: DEFAULT_MIGRATIONS_DIR })).applied).toHaveLength(all.length - 1);
    expect((await applyMigrations({ connectionString: db.url, migrationsDir })).applied).toEqual([all.at(-1)!.name]);
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      db.url,
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(all.map((m) => m.name));
    for (const [i, row] of rows.entries()) {
      expect(row.checksum).toBe(migrationChecksum(all[i].sql));
      expect(row.finished_at).not.toBeNull();
    }
    // The incremental result equals the new schema built from scratch.
    const fresh = await scratch("tool_fresh");
    await runScript(fresh.url, await diffSchemas({ from: "empty", to: baseSchema + EXTRA_MODEL }));
    expect(await readCatalog(db.url)).toEqual(await readCatalog(fresh.url));
  });

  it("the catalog comparison sees drift (a column the migrations do not create)", async () => {
    const migrated = await scratch("tool_drift_a");
    const drifted = await scratch("tool_drift_b");
    await applyMigrations({ connectionString: migrated.url, migrationsDir });
    const changed = (baseSchema + EXTRA_MODEL).replace("note      String?", "note      String?\n  pinned    Boolean @default(false)");
    await runScript(drifted.url, await diffSchemas({ from: "empty", to: changed }));
    const [a, b] = await Promise.all([readCatalog(migrated.url), readCatalog(drifted.url)]);
    expect(a.tables).toEqual(b.tables);
    expect(a.columns).not.toEqual(b.columns);
    expect(b.columns.filter((c) => !a.columns.some((x) => x.table === c.table && x.column === c.column))).toEqual([
      expect.objectContaining({ table: "Bookmark", column: "pinned", type: "boolean", notNull: true, default: "false" }),
    ]);
  });

  it("warns about data loss when a change drops a column", async () => {
    await writeFile(schemaPath, baseSchema + EXTRA_MODEL.replace("  note      String?\n", ""));
    const result = await createMigration({ name: "drop note", migrationsDir, schemaPath, dryRun: true });
    expect(result.status).toBe("pending");
    if (result.status !== "pending") return;
    expect(result.warnings).toEqual([expect.stringContaining('Drops the column "Bookmark"."note"')]);
    expect(result.sql).toMatch(/^\/\*\n {2}Warnings:/);
    // dryRun wrote nothing
    await expect(readFile(path.join(migrationsDir, result.name, "migration.sql"))).rejects.toThrow();
    await writeFile(schemaPath, baseSchema + EXTRA_MODEL);
  });

  it("runs a migration as one script: $$ bodies survive, and a failure leaves nothing half-applied", async () => {
    const db = await scratch("tool_failure");
    const name = "29991231000000_function_then_error";
    await mkdir(path.join(migrationsDir, name));
    const file = path.join(migrationsDir, name, "migration.sql");
    await writeFile(
      file,
      `CREATE TABLE "Half" ("id" INTEGER);\n` +
        `CREATE FUNCTION "one"() RETURNS integer AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql;\n` +
        `ALTER TABLE "DoesNotExist" ADD COLUMN "x" INTEGER;\n`,
    );
    await expect(applyMigrations({ connectionString: db.url, migrationsDir })).rejects.toThrow(
      new RegExp(`migration ${name} failed: .*DoesNotExist`),
    );
    expect(await query(db.url, `SELECT to_regclass('"Half"') AS t`)).toEqual([{ t: null }]);
    // Refuses to go on until the failure is resolved…
    await expect(applyMigrations({ connectionString: db.url, migrationsDir })).rejects.toThrow(/failed migrations.*db:resolve/s);
    // …then, with the SQL fixed and the failure marked rolled back, applies it.
    await writeFile(file, `CREATE TABLE "Half" ("id" INTEGER);\nCREATE FUNCTION "one"() RETURNS integer AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql;\n`);
    await markMigrationRolledBack({ connectionString: db.url, migrationName: name });
    expect((await applyMigrations({ connectionString: db.url, migrationsDir })).applied).toEqual([name]);
    expect(await query(db.url, `SELECT "one"() AS v`)).toEqual([{ v: 1 }]);
    await rm(path.join(migrationsDir, name), { recursive: true });
  });

  it("refuses a migration folder without migration.sql", async () => {
    await mkdir(path.join(migrationsDir, "29991231000001_empty"));
    await expect(listMigrations(migrationsDir)).rejects.toThrow(/migration\.sql is missing/);
    await rm(path.join(migrationsDir, "29991231000001_empty"), { recursive: true });
  });

  it("reports schema errors from the engine with the schema's own message", async () => {
    await expect(diffSchemas({ from: "empty", to: baseSchema + "\nmodel Broken {\n  id Int @id\n  x Strin\n}\n" })).rejects.toThrow(/Strin/);
  });
});
