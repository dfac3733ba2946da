// The pure parts of the migration tooling (lib/db/*): no database needed (the schema engine's diff
// runs offline).
import { describe, expect, it } from "vitest";
import { migrationSlug, migrationWarnings } from "@/lib/db/migrations";
import { diffSchemas, poolConfigFromUrl } from "@/lib/db/schema-engine";

const BASE = `datasource db {\n  provider = "postgresql"\n}\n\nmodel Note {\n  id   Int    @id @default(autoincrement())\n  body String\n}\n`;

describe("diffSchemas (offline)", () => {
  it("writes CREATE statements from an empty database, without CREATE SCHEMA", async () => {
    const sql = await diffSchemas({ from: "empty", to: BASE });
    expect(sql).toContain('CREATE TABLE "Note"');
    expect(sql).not.toContain("CREATE SCHEMA");
  });

  it("returns an empty string for equal schemas", async () => {
    expect(await diffSchemas({ from: BASE, to: BASE })).toBe("");
  });

  it("writes only the change", async () => {
    const sql = await diffSchemas({ from: BASE, to: BASE.replace("body String", "body String\n  pinned Boolean @default(false)") });
    expect(sql.trim()).toBe('-- AlterTable\nALTER TABLE "Note" ADD COLUMN     "pinned" BOOLEAN NOT NULL DEFAULT false;');
  });
});

describe("migrationWarnings", () => {
  it("flags statements that lose data or fail on tables with rows", () => {
    const sql = [
      'ALTER TABLE "Note" DROP COLUMN "body",\nADD COLUMN     "title" TEXT NOT NULL;',
      'DROP TABLE "Old";',
      'ALTER TABLE "Card" ALTER COLUMN "due" SET NOT NULL;',
      'CREATE UNIQUE INDEX "Card_x_key" ON "Card"("x");',
    ].join("\n\n");
    expect(migrationWarnings(sql)).toEqual([
      'Drops the column "Note"."body" and its data.',
      'Adds the required column "Note"."title" without a default: fails if the table has rows.',
      'Drops the table "Old" and all its rows.',
      'Makes "Card"."due" required: fails if a row holds NULL.',
      'Adds the unique index "Card_x_key" on an existing table: fails if rows hold duplicates.',
    ]);
  });

  it("says nothing about creating new tables", () => {
    expect(migrationWarnings('CREATE TABLE "A" ("id" TEXT NOT NULL);\nCREATE UNIQUE INDEX "A_id_key" ON "A"("id");')).toEqual([]);
  });
});

describe("migrationSlug", () => {
  it("makes folder-safe names", () => {
    expect(migrationSlug("Add cohorts & join codes")).toBe("add_cohorts_join_codes");
  });
});

describe("poolConfigFromUrl", () => {
  it("splits a URL into discrete options, decoding the password", () => {
    expect(poolConfigFromUrl("postgresql://app:p%40ss%2Fw@db.example.com:6543/recall?schema=app&sslmode=require")).toEqual({
      config: { host: "db.example.com", port: 6543, user: "app", password: "p@ss/w", database: "recall", max: 2, ssl: { rejectUnauthorized: false } },
      schema: "app",
    });
  });

  it("defaults the port and honours ?host= for Unix sockets", () => {
    expect(poolConfigFromUrl("postgres://me@/recall?host=/var/run/postgresql").config).toMatchObject({ host: "/var/run/postgresql", port: 5432, user: "me" });
  });

  it("refuses other schemes", () => {
    expect(() => poolConfigFromUrl("mysql://x@y/z")).toThrow(/postgresql:\/\//);
  });
});
