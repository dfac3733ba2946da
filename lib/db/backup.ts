// Logical backups without pg_dump (the embedded PostgreSQL ships only initdb, pg_ctl and postgres):
// every table of the application's schema as JSON lines, read in one REPEATABLE READ snapshot, and
// a restore that loads them into an empty database migrated to the same point, in one transaction.
//
// File layout (optionally gzip-compressed: written when the name ends in .gz, detected on read):
//   {"kind":"header","format":"recall-backup","version":1,"createdAt":…,"schema":"public","migrations":[{name,checksum}…]}
//   {"kind":"table","name":"User","columns":[{"name":"id","type":"uuid"},…]}
//   ["0b6c…","ada@example.com",…,null]          one line per row, in primary-key order
//   …
//   {"kind":"end","rows":{"User":12,…},"sequences":[{"name":"ReviewLog_id_seq","lastValue":"4711","isCalled":true}]}
//
// Each value is PostgreSQL's own text output of the column (null for NULL), read with fixed output
// settings (ISO dates, UTC, shortest-exact floats, hex bytea) and cast back with the column's type on
// restore, so bigint, jsonb, timestamps, enums and arrays come back exactly. `_prisma_migrations` is
// not copied as data: the header records which migrations the data belongs to, and the restore
// migrates the target to that point (or checks it is there) before loading the rows.
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { createGunzip, createGzip } from "node:zlib";
import pg from "pg";
import { LOCKFILE_CONTENT, LOCKFILE_NAME, listMigrations, migrationChecksum } from "./migrations";
import { applyMigrations, poolConfigFromUrl } from "./schema-engine";

export const BACKUP_FORMAT = "recall-backup";
export const BACKUP_VERSION = 1;
const MIGRATIONS_TABLE = "_prisma_migrations";
const FETCH_ROWS = 2000;
const INSERT_ROWS = 1000;
/** Output settings that make every value's text form exact and independent of the server's configuration. */
const SESSION_SETTINGS = [
  "SET DateStyle = 'ISO, YMD'",
  "SET IntervalStyle = 'postgres'",
  "SET TimeZone = 'UTC'",
  "SET extra_float_digits = 1",
  "SET bytea_output = 'hex'",
];

export interface BackupColumn {
  name: string;
  /** format_type() of the column: `uuid`, `timestamp(3) without time zone`, `"CardState"`, `text[]`… */
  type: string;
}

export interface BackupMigration {
  name: string;
  checksum: string;
}

export interface BackupHeader {
  kind: "header";
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  serverVersion: string;
  schema: string;
  migrations: BackupMigration[];
}

export interface BackupSequence {
  name: string;
  /** A bigint, as text. */
  lastValue: string;
  isCalled: boolean;
}

export interface BackupReport {
  file: string;
  bytes: number;
  migrations: BackupMigration[];
  /** Rows per table, in the order they were written (parents before children). */
  rows: Record<string, number>;
  sequences: BackupSequence[];
}

export interface RestoreReport {
  rows: Record<string, number>;
  sequences: number;
  /** Migrations applied before loading (to reach the backup's point) and after (the newer ones). */
  migratedBefore: string[];
  migratedAfter: string[];
  /** Tables emptied first (with `force`). */
  replaced: boolean;
}

export class BackupError extends Error {}

interface TableInfo {
  oid: number;
  name: string;
  columns: (BackupColumn & { identityAlways: boolean })[];
  primaryKey: string[];
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

function connect(connectionString: string): { client: pg.Client; schema: string } {
  const { config, schema = "public" } = poolConfigFromUrl(connectionString);
  return { client: new pg.Client(config), schema };
}

/**
 * Rollups of ReviewLog, kept by its triggers: a restore refills them as it loads the log, so they are
 * neither written to a backup nor loaded from one (loading them too would count every answer twice).
 * They reference User with ON DELETE CASCADE, so the restore's TRUNCATE … CASCADE empties them.
 */
const DERIVED_TABLES = ["LearnerDay", "QuestionDay", "CardSummary", "LearnerSession"];

/** The schema's ordinary tables (but `_prisma_migrations` and the derived ones), their columns and primary keys, parents before children. */
async function readTables(client: pg.Client, schema: string): Promise<TableInfo[]> {
  const tables = await client.query<{ oid: number; name: string }>(
    `SELECT c.oid::int AS oid, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> $2 AND c.relname <> ALL($3::text[]) ORDER BY c.relname`,
    [schema, MIGRATIONS_TABLE, DERIVED_TABLES],
  );
  const columns = await client.query<{ table: number; name: string; type: string; identity: string }>(
    `SELECT a.attrelid::int AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attidentity AS identity
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' ORDER BY a.attrelid, a.attnum`,
    [schema],
  );
  const keys = await client.query<{ table: number; name: string }>(
    `SELECT i.indrelid::int AS table, a.attname AS name
       FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
      WHERE n.nspname = $1 AND i.indisprimary ORDER BY i.indrelid, k.ord`,
    [schema],
  );
  const references = await client.query<{ child: number; parent: number }>(
    `SELECT DISTINCT conrelid::int AS child, confrelid::int AS parent FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE n.nspname = $1 AND c.contype = 'f' AND conrelid <> confrelid`,
    [schema],
  );
  const byOid = new Map<number, TableInfo>(tables.rows.map((t) => [t.oid, { oid: t.oid, name: t.name, columns: [], primaryKey: [] }]));
  for (const c of columns.rows) byOid.get(c.table)?.columns.push({ name: c.name, type: c.type, identityAlways: c.identity === "a" });
  for (const k of keys.rows) byOid.get(k.table)?.primaryKey.push(k.name);

  // Topological order (parents first), alphabetical among equals, so a restore never breaks a foreign key.
  const parents = new Map<number, Set<number>>([...byOid.keys()].map((oid) => [oid, new Set<number>()]));
  for (const r of references.rows) if (byOid.has(r.child) && byOid.has(r.parent)) parents.get(r.child)?.add(r.parent);
  const ordered: TableInfo[] = [];
  const done = new Set<number>();
  while (done.size < byOid.size) {
    const ready = [...byOid.values()].filter((t) => !done.has(t.oid) && [...(parents.get(t.oid) ?? [])].every((p) => done.has(p)));
    if (ready.length === 0) {
      const left = [...byOid.values()].filter((t) => !done.has(t.oid)).map((t) => t.name);
      throw new BackupError(`Foreign keys form a cycle between ${left.join(", ")}: these tables cannot be restored in order.`);
    }
    for (const t of ready) {
      done.add(t.oid);
      ordered.push(t);
    }
  }
  return ordered;
}

async function readSequences(client: pg.Client, schema: string): Promise<BackupSequence[]> {
  const names = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'S' ORDER BY c.relname`,
    [schema],
  );
  const out: BackupSequence[] = [];
  for (const { name } of names.rows) {
    const { rows } = await client.query<{ last_value: string; is_called: boolean }>(`SELECT last_value::text AS last_value, is_called FROM ${q(schema)}.${q(name)}`);
    out.push({ name, lastValue: rows[0].last_value, isCalled: rows[0].is_called });
  }
  return out;
}

async function readAppliedMigrations(client: pg.Client, schema: string): Promise<BackupMigration[] | null> {
  const exists = await client.query<{ t: string | null }>("SELECT to_regclass($1)::text AS t", [`${q(schema)}.${q(MIGRATIONS_TABLE)}`]);
  if (!exists.rows[0].t) return null;
  const { rows } = await client.query<BackupMigration>(
    `SELECT migration_name AS name, checksum FROM ${q(schema)}.${q(MIGRATIONS_TABLE)}
      WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
  );
  return rows;
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, "drain");
}

/**
 * Writes a backup of the database to `file` (gzip when it ends in .gz; mode 0600, since it holds
 * password hashes). The file appears only once complete: it is written under a temporary name first.
 */
export async function backupDatabase({ connectionString, file }: { connectionString: string; file: string }): Promise<BackupReport> {
  const target = path.resolve(file);
  await fs.mkdir(path.dirname(target), { recursive: true });
  const partial = `${target}.partial-${process.pid}`;
  const { client, schema } = connect(connectionString);
  const fileStream = createWriteStream(partial, { mode: 0o600 });
  const gzip = target.endsWith(".gz") ? createGzip() : null;
  const out: Writable = gzip ?? fileStream;
  const finished = gzip ? (async () => { gzip.pipe(fileStream); await once(fileStream, "close"); })() : once(fileStream, "close");
  finished.catch(() => undefined); // awaited on success; on failure the stream is destroyed below
  let ok = false;
  try {
    await client.connect();
    for (const s of SESSION_SETTINGS) await client.query(s);
    // One snapshot for every table: the backup is consistent even while learners keep answering.
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const migrations = (await readAppliedMigrations(client, schema)) ?? [];
    const tables = await readTables(client, schema);
    const { rows: version } = await client.query<{ v: string }>("SHOW server_version");
    const header: BackupHeader = {
      kind: "header",
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: new Date().toISOString(),
      serverVersion: version[0].v,
      schema,
      migrations,
    };
    await write(out, `${JSON.stringify(header)}\n`);
    const rows: Record<string, number> = {};
    for (const table of tables) {
      await write(out, `${JSON.stringify({ kind: "table", name: table.name, columns: table.columns.map(({ name, type }) => ({ name, type })) })}\n`);
      const select = table.columns.map((c) => `${q(c.name)}::text`).join(", ");
      const order = table.primaryKey.length ? ` ORDER BY ${table.primaryKey.map(q).join(", ")}` : "";
      await client.query(`DECLARE recall_backup NO SCROLL CURSOR FOR SELECT ${select} FROM ${q(schema)}.${q(table.name)}${order}`);
      let count = 0;
      for (;;) {
        const batch = await client.query<(string | null)[]>({ text: `FETCH FORWARD ${FETCH_ROWS} FROM recall_backup`, rowMode: "array" });
        if (batch.rows.length === 0) break;
        await write(out, batch.rows.map((r) => `${JSON.stringify(r)}\n`).join(""));
        count += batch.rows.length;
      }
      await client.query("CLOSE recall_backup");
      rows[table.name] = count;
    }
    const sequences = await readSequences(client, schema);
    await write(out, `${JSON.stringify({ kind: "end", rows, sequences })}\n`);
    await client.query("COMMIT");
    out.end();
    await finished;
    await fs.rename(partial, target);
    ok = true;
    return { file: target, bytes: (await fs.stat(target)).size, migrations, rows, sequences };
  } finally {
    await client.end().catch(() => undefined);
    if (!ok) {
      out.destroy();
      fileStream.destroy();
      await fs.rm(partial, { force: true });
    }
  }
}

/** The file's non-empty lines with their numbers, gunzipped when it starts with gzip's magic bytes. */
async function* lines(file: string): AsyncGenerator<[string, number]> {
  const handle = await fs.open(file, "r").catch((e: NodeJS.ErrnoException) => {
    throw new BackupError(e.code === "ENOENT" ? `No backup file at ${file}` : `Cannot read ${file}: ${e.message}`);
  });
  const magic = Buffer.alloc(2);
  await handle.read(magic, 0, 2, 0);
  await handle.close();
  const raw = createReadStream(file);
  const gzipped = magic[0] === 0x1f && magic[1] === 0x8b;
  const input: Readable = gzipped ? raw.pipe(createGunzip()) : raw;
  raw.on("error", (e) => input.destroy(e));
  const reader = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const line of reader) {
      n++;
      if (line) yield [line, n];
    }
  } catch (e) {
    // zlib's own errors ("unexpected end of file", "incorrect header check") say nothing to an operator.
    if (gzipped && /^Z_/.test(String((e as NodeJS.ErrnoException).code))) {
      throw new BackupError(`${file} cannot be decompressed after line ${n} (${(e as Error).message}): the backup is damaged (nothing was restored).`);
    }
    throw e;
  } finally {
    // A reader that stops early (the header alone) leaves gunzip running: its later error, with nobody
    // listening, would crash the process with a stack trace.
    input.on("error", () => undefined);
    reader.close();
    input.destroy();
  }
}

function parseLine<T>(line: string, n: number, file: string): T {
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new BackupError(`${file}:${n} is not valid JSON: the backup is damaged (nothing was restored).`);
  }
}

/** Reads and checks the first line of a backup file. */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  for await (const [line] of lines(file)) return parseHeader(line, file);
  throw new BackupError(`${file} is empty: not a Recall backup.`);
}

function parseHeader(line: string, file: string): BackupHeader {
  let header: Partial<BackupHeader>;
  try {
    header = JSON.parse(line) as Partial<BackupHeader>;
  } catch {
    throw new BackupError(`${file} is not a Recall backup (its first line is not JSON).`);
  }
  if (header.kind !== "header" || header.format !== BACKUP_FORMAT) throw new BackupError(`${file} is not a Recall backup (no "${BACKUP_FORMAT}" header).`);
  if (header.version !== BACKUP_VERSION) throw new BackupError(`${file} is a version ${header.version} backup; this Recall reads version ${BACKUP_VERSION}.`);
  return header as BackupHeader;
}

const sameMigrations = (a: BackupMigration[], b: BackupMigration[]) =>
  a.length === b.length && a.every((m, i) => m.name === b[i].name && m.checksum === b[i].checksum);
const isPrefix = (prefix: BackupMigration[], of: BackupMigration[]) =>
  prefix.length <= of.length && prefix.every((m, i) => m.name === of[i].name && m.checksum === of[i].checksum);
const lastName = (list: BackupMigration[]) => (list.length ? list[list.length - 1].name : "no migration");

/** Applies exactly `wanted` (a prefix of the folders in migrationsDir) through a temporary copy of those folders. */
async function migrateTo(connectionString: string, migrationsDir: string, wanted: BackupMigration[]): Promise<string[]> {
  const local = await listMigrations(migrationsDir);
  for (const m of wanted) {
    const found = local.find((l) => l.name === m.name);
    if (!found) throw new BackupError(`The backup needs migration ${m.name}, which ${path.relative(process.cwd(), migrationsDir) || migrationsDir} does not have: restore it with the version of Recall that made it.`);
    if (migrationChecksum(found.sql) !== m.checksum) throw new BackupError(`Migration ${m.name} differs from the one the backup was made with (it was edited since).`);
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "recall-restore-migrations-"));
  try {
    await fs.writeFile(path.join(dir, LOCKFILE_NAME), LOCKFILE_CONTENT);
    for (const m of wanted) {
      await fs.mkdir(path.join(dir, m.name));
      await fs.copyFile(path.join(migrationsDir, m.name, "migration.sql"), path.join(dir, m.name, "migration.sql"));
    }
    return (await applyMigrations({ connectionString, migrationsDir: dir })).applied;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

export interface RestoreOptions {
  connectionString: string;
  file: string;
  /** Replace the rows of a database that has some (they are deleted in the same transaction). */
  force?: boolean;
  /**
   * When given, a database short of the backup's migrations (a new, empty one) is first migrated to
   * exactly the backup's point with these folders, and after the restore the newer ones are applied.
   * Without it the database must already be at the backup's point.
   */
  migrationsDir?: string;
}

/** Loads a backup into a database at the same migration point: all of it or, on any error, nothing. */
export async function restoreDatabase({ connectionString, file, force = false, migrationsDir }: RestoreOptions): Promise<RestoreReport> {
  const header = await readBackupHeader(file);
  let migratedBefore: string[] = [];
  const { client, schema } = connect(connectionString);
  try {
    await client.connect();
    let applied = (await readAppliedMigrations(client, schema)) ?? [];
    if (!sameMigrations(applied, header.migrations) && migrationsDir && isPrefix(applied, header.migrations)) {
      migratedBefore = await migrateTo(connectionString, migrationsDir, header.migrations);
      applied = (await readAppliedMigrations(client, schema)) ?? [];
    }
    if (!sameMigrations(applied, header.migrations)) {
      throw new BackupError(
        `The backup holds data at migration ${lastName(header.migrations)}; this database is at ${lastName(applied)}. ` +
          `Restore into a new, empty database (it is migrated to the backup's point first), then run npm run db:migrate.`,
      );
    }

    for (const s of SESSION_SETTINGS) await client.query(s);
    await client.query("BEGIN");
    const tables = new Map((await readTables(client, schema)).map((t) => [t.name, t]));
    // Nobody writes while the rows are replaced: a running app waits (or its requests fail) until COMMIT.
    if (tables.size) await client.query(`LOCK TABLE ${[...tables.keys()].map((n) => `${q(schema)}.${q(n)}`).join(", ")} IN ACCESS EXCLUSIVE MODE`);
    const occupied: string[] = [];
    for (const t of tables.values()) {
      const { rows } = await client.query(`SELECT 1 FROM ${q(schema)}.${q(t.name)} LIMIT 1`);
      if (rows.length) occupied.push(t.name);
    }
    if (occupied.length && !force) {
      throw new BackupError(
        `The database is not empty (rows in ${occupied.join(", ")}). Restore into an empty database, or add --force to replace every row.`,
      );
    }
    if (occupied.length) {
      await client.query(`TRUNCATE ${[...tables.keys()].map((n) => `${q(schema)}.${q(n)}`).join(", ")} RESTART IDENTITY CASCADE`);
    }

    const rows: Record<string, number> = {};
    let current: { table: TableInfo; insert: string; columns: number; batch: (string | null)[][] } | undefined;
    let end: { rows: Record<string, number>; sequences: BackupSequence[] } | undefined;
    const flush = async () => {
      if (!current || current.batch.length === 0) return;
      const columns = Array.from({ length: current.columns }, (_, i) => current!.batch.map((r) => r[i]));
      await client.query(current.insert, columns);
      rows[current.table.name] = (rows[current.table.name] ?? 0) + current.batch.length;
      current.batch = [];
    };

    let first = true;
    for await (const [line, n] of lines(file)) {
      if (first) {
        first = false;
        continue;
      }
      if (end) throw new BackupError(`${file} has lines after its end marker: it is damaged.`);
      if (line.startsWith("[")) {
        if (!current) throw new BackupError(`${file} has rows before any table: it is damaged.`);
        const row = parseLine<(string | null)[]>(line, n, file);
        if (row.length !== current.columns) throw new BackupError(`A row of ${current.table.name} has ${row.length} values for ${current.columns} columns: the file is damaged.`);
        current.batch.push(row);
        if (current.batch.length >= INSERT_ROWS) await flush();
        continue;
      }
      const meta = parseLine<{ kind?: string; name?: string; columns?: BackupColumn[]; rows?: Record<string, number>; sequences?: BackupSequence[] }>(line, n, file);
      await flush();
      if (meta.kind === "table" && meta.name && meta.columns) {
        const table = tables.get(meta.name);
        if (!table) throw new BackupError(`The backup has a table ${meta.name} that this database does not.`);
        for (const c of meta.columns) {
          const there = table.columns.find((tc) => tc.name === c.name);
          if (!there) throw new BackupError(`The backup has a column ${meta.name}.${c.name} that this database does not.`);
          if (there.type !== c.type) throw new BackupError(`${meta.name}.${c.name} is ${c.type} in the backup but ${there.type} here.`);
        }
        const names = meta.columns.map((c) => q(c.name)).join(", ");
        const casts = meta.columns.map((c, i) => `u.c${i}::${c.type}`).join(", ");
        const arrays = meta.columns.map((_, i) => `$${i + 1}::text[]`).join(", ");
        const aliases = meta.columns.map((_, i) => `c${i}`).join(", ");
        const overriding = table.columns.some((c) => c.identityAlways) ? " OVERRIDING SYSTEM VALUE" : "";
        current = {
          table,
          columns: meta.columns.length,
          batch: [],
          insert: `INSERT INTO ${q(schema)}.${q(meta.name)} (${names})${overriding} SELECT ${casts} FROM unnest(${arrays}) AS u(${aliases})`,
        };
        rows[meta.name] = 0;
      } else if (meta.kind === "end" && meta.rows && meta.sequences) {
        end = { rows: meta.rows, sequences: meta.sequences };
        current = undefined;
      } else {
        throw new BackupError(`${file}:${n} is not a row, table or end line: the backup is damaged (nothing was restored).`);
      }
    }
    await flush();
    if (!end) throw new BackupError(`${file} stops before its end marker: the backup is incomplete (nothing was restored).`);
    for (const [name, count] of Object.entries(end.rows)) {
      if ((rows[name] ?? 0) !== count) throw new BackupError(`${name}: the backup says ${count} rows, the file holds ${rows[name] ?? 0} (nothing was restored).`);
    }
    for (const s of end.sequences) {
      await client.query("SELECT setval($1::regclass, $2::bigint, $3)", [`${q(schema)}.${q(s.name)}`, s.lastValue, s.isCalled]);
    }
    await client.query("COMMIT");
    await client.query("ANALYZE").catch(() => undefined);
    const migratedAfter = migrationsDir ? (await applyMigrations({ connectionString, migrationsDir })).applied : [];
    return { rows, sequences: end.sequences.length, migratedBefore, migratedAfter, replaced: occupied.length > 0 };
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    await client.end().catch(() => undefined);
  }
}
