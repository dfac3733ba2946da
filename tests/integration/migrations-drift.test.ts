// The migrations in prisma/migrations must build exactly the database that prisma/schema.prisma
// describes. A failure here means schema.prisma changed without `npm run db:diff -- --name <what>`
// (or a migration was edited by hand): the diff printed below says what differs.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEFAULT_MIGRATIONS_DIR, DEFAULT_SCHEMA_PATH, createMigration, listMigrations } from "@/lib/db/migrations";
import { applyMigrations, diffSchemas } from "@/lib/db/schema-engine";
import { readCatalog, runScript, type Catalog } from "./helpers/catalog";
import { createScratchDatabase } from "./helpers/db";

type Scratch = Awaited<ReturnType<typeof createScratchDatabase>>;

describe("migrations vs schema.prisma", () => {
  let migrated: Scratch;
  let fromSchema: Scratch;
  let migratedCatalog: Catalog;
  let schemaCatalog: Catalog;
  let firstApply: string[];

  beforeAll(async () => {
    [migrated, fromSchema] = await Promise.all([createScratchDatabase("drift_migrated"), createScratchDatabase("drift_schema")]);
    firstApply = (await applyMigrations({ connectionString: migrated.url, migrationsDir: DEFAULT_MIGRATIONS_DIR })).applied;
    const schema = await readFile(DEFAULT_SCHEMA_PATH, "utf8");
    await runScript(fromSchema.url, await diffSchemas({ from: "empty", to: schema }));
    [migratedCatalog, schemaCatalog] = await Promise.all([readCatalog(migrated.url), readCatalog(fromSchema.url)]);
  });

  afterAll(async () => {
    await Promise.all([migrated?.drop(), fromSchema?.drop()]);
  });

  it("applies every migration folder to a fresh database, in order", async () => {
    const folders = (await listMigrations(DEFAULT_MIGRATIONS_DIR)).map((m) => m.name);
    expect(folders.length).toBeGreaterThan(0);
    expect(firstApply).toEqual(folders);
  });

  it("reads a real catalog (the comparison is not vacuous)", () => {
    expect(schemaCatalog.tables.map((t) => t.table)).toEqual(expect.arrayContaining(["User", "Card", "ReviewLog", "Question"]));
    expect(schemaCatalog.enums.find((e) => e.name === "Role")?.labels).toEqual(["LEARNER", "AUTHOR", "INSTRUCTOR", "ADMIN"]);
    expect(schemaCatalog.constraints.some((c) => c.type === "f" && c.table === "Card")).toBe(true);
    expect(schemaCatalog.indexes.some((i) => i.index === "Card_userId_due_idx")).toBe(true);
  });

  it.each(["tables", "columns", "indexes", "constraints", "enums", "sequences"] as const)("%s are the same as schema.prisma's", (part) => {
    expect(migratedCatalog[part]).toEqual(schemaCatalog[part]);
  });

  it("applying the migrations again applies nothing", async () => {
    expect(await applyMigrations({ connectionString: migrated.url, migrationsDir: DEFAULT_MIGRATIONS_DIR })).toEqual({ applied: [] });
    // …and the suite's database, migrated by global-setup, is up to date too.
    expect(await applyMigrations({ connectionString: inject("databaseUrl"), migrationsDir: DEFAULT_MIGRATIONS_DIR })).toEqual({ applied: [] });
  });

  it("the snapshot matches schema.prisma: db:diff has nothing to write", async () => {
    expect(await createMigration({ name: "unchanged", dryRun: true })).toEqual({ status: "no-changes" });
  });

  it("`npm run db:diff -- --check` says no changes and exits 0", async () => {
    const tsx = path.resolve("node_modules/tsx/dist/cli.mjs");
    const { stdout } = await promisify(execFile)(process.execPath, [tsx, "scripts/db.ts", "diff", "--check"], {
      env: { ...process.env, DATABASE_URL: "" },
    });
    expect(stdout).toContain("No changes");
  });
});
