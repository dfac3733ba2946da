// The database CLI (see docs/decisions/002-migration-runner.md):
//   npm run db:migrate                 apply pending migrations (DATABASE_URL, else the embedded database)
//   npm run db:diff -- --name <what>   write prisma/migrations/<ts>_<what>/ from the schema.prisma changes
//   npm run db:diff -- --check         exit 1 if schema.prisma has changes no migration holds yet (CI)
//   npm run db:status                  which migrations the database has, which are pending or edited
//   npm run db:reset [-- --force]      drop everything and re-apply the migrations (dev/test/embedded only)
//   npm run db:resolve -- --rolled-back <name> | --applied <name>   after a failed migration
//   npm run db:backup [-- --out <file>]          a logical dump of every table (lib/db/backup.ts); .gz compresses
//   npm run db:restore -- --in <file> [--force]  loads a dump into an empty database (--force replaces the rows)
//   npm run db:rollups -- --rebuild    recompute the dashboards' rollups (LearnerDay, QuestionDay, CardSummary, LearnerSession) from ReviewLog
import "dotenv/config";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { backupDatabase, restoreDatabase } from "@/lib/db/backup";
import { describeTarget } from "@/lib/db/connect-check";
import { DEFAULT_MIGRATIONS_DIR, createMigration, listMigrations, migrationChecksum } from "@/lib/db/migrations";
import { createPrisma } from "@/lib/db/client";
import { demoAccountsText, seedDemo } from "@/lib/demo/seed";
import { rebuildRollups } from "@/lib/reviews/rollups";
import { applyMigrations, markMigrationApplied, markMigrationRolledBack, poolConfigFromUrl } from "@/lib/db/schema-engine";
import { env } from "@/lib/env";

import { dataPath } from "@/lib/db/data-dir";
import { openTarget, rel } from "./lib/database";

class UsageError extends Error {}

async function migrate(): Promise<void> {
  const target = await openTarget();
  try {
    const started = Date.now();
    const { applied } = await applyMigrations({ connectionString: target.url, migrationsDir: DEFAULT_MIGRATIONS_DIR });
    const ms = Date.now() - started;
    if (applied.length === 0) console.log(`✔ ${target.label} is up to date (${ms} ms)`);
    else console.log(`✔ Applied ${applied.length} migration(s) to ${target.label} in ${ms} ms:\n${applied.map((n) => `    ${n}`).join("\n")}`);
  } finally {
    await target.close();
  }
}

async function diff(name: string | undefined, check: boolean): Promise<void> {
  if (!check && !name) throw new UsageError("Name the migration: npm run db:diff -- --name <what_it_does>");
  const result = await createMigration({ name: name ?? "pending", dryRun: check });
  if (result.status === "no-changes") {
    console.log("✔ No changes: the migrations already produce prisma/schema.prisma.");
    return;
  }
  const warnings = result.warnings.map((w) => `  ⚠ ${w}`).join("\n");
  if (result.status === "pending") {
    console.error(`✖ prisma/schema.prisma has changes that no migration holds. Run: npm run db:diff -- --name <what_changed>\n\n${result.sql}`);
    process.exitCode = 1;
    return;
  }
  console.log(`✔ Wrote ${rel(path.join(result.dir, "migration.sql"))} (review it; then npm run db:migrate)`);
  if (warnings) console.log(warnings);
}

type AppliedRow = { migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null };

async function status(): Promise<void> {
  const target = await openTarget();
  const client = new pg.Client(poolConfigFromUrl(target.url).config);
  try {
    await client.connect();
    const schema = poolConfigFromUrl(target.url).schema ?? "public";
    const exists = await client.query("SELECT to_regclass($1) AS t", [`"${schema}"."_prisma_migrations"`]);
    const rows: AppliedRow[] = exists.rows[0].t
      ? (await client.query<AppliedRow>(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "${schema}"."_prisma_migrations" ORDER BY started_at`)).rows
      : [];
    const applied = new Map(rows.filter((r) => !r.rolled_back_at).map((r) => [r.migration_name, r]));
    const local = await listMigrations(DEFAULT_MIGRATIONS_DIR);
    let pending = 0;
    console.log(`Migrations on ${target.label}:`);
    for (const m of local) {
      const row = applied.get(m.name);
      let state = "pending";
      if (!row) pending++;
      else if (!row.finished_at) state = "FAILED (fix it, then mark it rolled back or resolve it by hand)";
      else if (row.checksum !== migrationChecksum(m.sql)) state = "applied, but EDITED since";
      else state = "applied";
      console.log(`  ${m.name.padEnd(48)} ${state}`);
    }
    for (const name of applied.keys()) if (!local.some((m) => m.name === name)) console.log(`  ${name.padEnd(48)} in the database only (not in prisma/migrations)`);
    console.log(pending ? `${pending} pending: npm run db:migrate` : "Up to date.");
  } finally {
    await client.end().catch(() => undefined);
    await target.close();
  }
}

async function reset(force: boolean): Promise<void> {
  // Read raw, not through env(): there an unset NODE_ENV defaults to development, here unset must refuse.
  const nodeEnv = process.env.NODE_ENV;
  const usesEmbedded = !env().DATABASE_URL?.trim();
  if (!force && !usesEmbedded && nodeEnv !== "development" && nodeEnv !== "test") {
    throw new UsageError(
      `db:reset deletes every table and row of ${describeTarget(env().DATABASE_URL ?? "").where}; it runs only on the embedded ` +
        `database or with NODE_ENV=development|test (now: ${nodeEnv ?? "unset"}). Add --force if you mean it.`,
    );
  }
  const target = await openTarget();
  try {
    const { config, schema = "public" } = poolConfigFromUrl(target.url);
    const client = new pg.Client(config);
    await client.connect();
    try {
      const id = client.escapeIdentifier(schema);
      await client.query(`DROP SCHEMA IF EXISTS ${id} CASCADE; CREATE SCHEMA ${id};`);
      if (schema === "public") {
        // Owned by whoever ran the reset (so migrations can create in it), usable by all, as initdb's is.
        await client.query("GRANT USAGE ON SCHEMA public TO PUBLIC").catch(() => undefined);
      }
    } finally {
      await client.end();
    }
    console.log(`▸ Dropped and recreated schema "${schema}" on ${target.label}`);
    const started = Date.now();
    const { applied } = await applyMigrations({ connectionString: target.url, migrationsDir: DEFAULT_MIGRATIONS_DIR });
    console.log(`✔ Re-applied ${applied.length} migration(s) in ${Date.now() - started} ms`);
  } finally {
    await target.close();
  }
}

async function resolve(rolledBack: string | undefined, applied: string | undefined): Promise<void> {
  if (!rolledBack === !applied) throw new UsageError("Usage: npm run db:resolve -- --rolled-back <migration> | --applied <migration>");
  const target = await openTarget();
  try {
    if (rolledBack) {
      await markMigrationRolledBack({ connectionString: target.url, migrationName: rolledBack });
      console.log(`✔ ${rolledBack} is marked rolled back on ${target.label}: npm run db:migrate will apply it again`);
    } else if (applied) {
      await markMigrationApplied({ connectionString: target.url, migrationsDir: DEFAULT_MIGRATIONS_DIR, migrationName: applied });
      console.log(`✔ ${applied} is recorded as applied on ${target.label} (its SQL was not run)`);
    }
  } finally {
    await target.close();
  }
}

const kb = (bytes: number) => (bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);
const total = (rows: Record<string, number>) => Object.values(rows).reduce((a, b) => a + b, 0);

async function backup(out: string | undefined): Promise<void> {
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  const file = path.resolve(out ?? dataPath("backups", `recall-${stamp}.jsonl.gz`));
  const target = await openTarget();
  try {
    const started = Date.now();
    const report = await backupDatabase({ connectionString: target.url, file });
    const tables = Object.entries(report.rows).map(([name, n]) => `${name} ${n}`).join(", ");
    console.log(`✔ Backed up ${total(report.rows)} rows of ${target.label} to ${rel(report.file)} (${kb(report.bytes)}, ${Date.now() - started} ms)`);
    console.log(`    ${tables}`);
    console.log(`    at migration ${report.migrations.at(-1)?.name ?? "(none)"}; restore with: npm run db:restore -- --in ${rel(report.file)}`);
  } finally {
    await target.close();
  }
}

async function restore(file: string | undefined, force: boolean): Promise<void> {
  if (!file) throw new UsageError("Name the backup: npm run db:restore -- --in <file> [--force]");
  const target = await openTarget();
  try {
    const started = Date.now();
    const report = await restoreDatabase({ connectionString: target.url, file: path.resolve(file), force, migrationsDir: DEFAULT_MIGRATIONS_DIR });
    if (report.migratedBefore.length) console.log(`▸ Migrated to the backup's point first: ${report.migratedBefore.join(", ")}`);
    console.log(
      `✔ Restored ${total(report.rows)} rows in ${Object.keys(report.rows).length} tables and ${report.sequences} sequence(s) into ${target.label}` +
        `${report.replaced ? " (its previous rows were replaced)" : ""} in ${Date.now() - started} ms`,
    );
    if (report.migratedAfter.length) console.log(`▸ Then applied the newer migrations: ${report.migratedAfter.join(", ")}`);
  } finally {
    await target.close();
  }
}

/** The triggers on ReviewLog keep the rollups; this recomputes them from the log (after a hand edit or a restore from elsewhere). */
async function rollups(rebuild: boolean): Promise<void> {
  if (!rebuild) throw new UsageError("Usage: npm run db:rollups -- --rebuild");
  const target = await openTarget();
  try {
    await applyMigrations({ connectionString: target.url, migrationsDir: DEFAULT_MIGRATIONS_DIR });
    const prisma = createPrisma(target.url, 2);
    try {
      const started = Date.now();
      const report = await rebuildRollups({ db: prisma });
      console.log(
        `✔ Rebuilt the rollups of ${target.label} from ReviewLog in ${Date.now() - started} ms: ` +
          `${report.learnerDays} learner-day rows, ${report.questionDays} question-day rows, ${report.cardSummaries} card summaries, ` +
          `${report.learnerSessions} session rows (${report.stampedLogs} answers given their learning day).`,
      );
    } finally {
      await prisma.$disconnect();
    }
  } finally {
    await target.close();
  }
}

/** Demo data is never written to a DATABASE_URL database unless asked with --demo. */
async function seed(demo: boolean): Promise<void> {
  const target = await openTarget();
  try {
    if (!target.embedded && !demo) throw new UsageError("Refusing to add demo accounts to DATABASE_URL without --demo (npm run db:seed -- --demo).");
    await applyMigrations({ connectionString: target.url, migrationsDir: DEFAULT_MIGRATIONS_DIR });
    const prisma = createPrisma(target.url, 2);
    try {
      const report = await seedDemo({ db: prisma });
      console.log(`✔ Seeded ${target.label}: ${report.accounts} new account(s). ${report.notes.join(" ")}`);
      console.log(demoAccountsText());
    } finally {
      await prisma.$disconnect();
    }
  } finally {
    await target.close();
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: "string", short: "n" },
      check: { type: "boolean" },
      force: { type: "boolean" },
      "rolled-back": { type: "string" },
      applied: { type: "string" },
      demo: { type: "boolean" },
      out: { type: "string", short: "o" },
      in: { type: "string", short: "i" },
      rebuild: { type: "boolean" },
    },
  });
  const command = positionals[0];
  switch (command) {
    case "migrate":
      return migrate();
    case "diff":
      return diff(values.name ?? positionals[1], values.check ?? false);
    case "status":
      return status();
    case "reset":
      return reset(values.force ?? false);
    case "resolve":
      return resolve(values["rolled-back"], values.applied);
    case "seed":
      return seed(values.demo ?? false);
    case "backup":
      return backup(values.out ?? positionals[1]);
    case "restore":
      return restore(values.in ?? positionals[1], values.force ?? false);
    case "rollups":
      return rollups(values.rebuild ?? false);
    default:
      throw new UsageError(`Usage: tsx scripts/db.ts <migrate|diff --name <what>|diff --check|status|reset [--force]|resolve --rolled-back <name>|seed [--demo]|backup [--out <file>]|restore --in <file> [--force]|rollups --rebuild>${command ? ` (unknown: ${command})` : ""}`);
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (e: unknown) => {
    const message = e instanceof Error ? e.message : String(e);
    // Engine errors can span lines (the failing SQL statement, the migration name): keep them, drop stacks.
    console.error(`✖ ${message.replace(/\n\s+at .*/g, "").trim()}`);
    process.exit(e instanceof UsageError ? 2 : 1);
  },
);
