// A private Recall for load and fault tests: its own PostgreSQL (an embedded cluster this process
// starts, stops and restarts at will) and the app started exactly as `npm start` does — production
// build, migrations, content sync — on free ports, in a temporary data folder, with DATABASE_URL
// pointing at that cluster so the test, not the app, owns the database's life.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from "@/lib/db/embedded";
import { findFreePort } from "@/lib/db/ports";

export interface AppInstance {
  baseURL: string;
  /** The NEXTAUTH_SECRET it signs sessions with (a second app given it accepts the same cookies). */
  secret: string;
  /** postgresql:// URL of the app's database. */
  databaseUrl: string;
  dataDir: string;
  /** The app's output (start script and Next), for failure reports. */
  logFile: string;
  /** Stops PostgreSQL (fast shutdown: connections are cut, as in a crash of the database or a restart). */
  stopDatabase(): Promise<void>;
  /** Starts it again on the same port and data. */
  startDatabase(): Promise<void>;
  /** Kills the whole app (start script and Next) with SIGKILL: no graceful shutdown, requests in flight are cut. */
  killServer(): Promise<void>;
  /** Starts the app again on the same port and database. */
  startServer(): Promise<void>;
  /** The last lines of the app's output. */
  tail(lines?: number): string;
  close(): Promise<void>;
}

async function waitForServer(url: string, child: ChildProcess, timeoutMs: number, tail: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`The app exited (${child.exitCode ?? child.signalCode}) before it served ${url}:\n${tail()}`);
    try {
      const res = await fetch(url, { redirect: "manual" });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`The app did not answer ${url} within ${timeoutMs / 1000} s:\n${tail()}`);
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/** A free port for the app, never 3000 (where a developer's `npm run dev` may be). */
export async function freeAppPort(): Promise<number> {
  let port = await findFreePort();
  while (port === 3000) port = await findFreePort();
  return port;
}

/**
 * `npm start` (scripts/start.ts: migrations, content sync, the production server) in a process group of
 * its own, so the whole app can be killed at once; its output is appended to `logFile`.
 */
export function spawnApp(o: { port: number; dataDir: string; databaseUrl: string; secret: string; testBuild: boolean; logFile: string; env?: Record<string, string>; args?: string[] }): ChildProcess {
  const out = openSync(o.logFile, "a");
  const child = spawn(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "scripts/start.ts", ...(o.args ?? [])], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(o.port),
      RECALL_DATA_DIR: o.dataDir,
      DATABASE_URL: o.databaseUrl,
      NEXTAUTH_SECRET: o.secret,
      NEXTAUTH_URL: `http://localhost:${o.port}`,
      RECALL_TEST_BUILD: o.testBuild ? "1" : "",
      ...o.env,
    },
    stdio: ["ignore", out, out],
    detached: true,
  });
  closeSync(out);
  return child;
}

export interface StartAppOptions {
  testHooks?: boolean;
  startTimeoutMs?: number;
  /** Another app's database and secret: this app is a second server on them, and owns no database. */
  shared?: { databaseUrl: string; secret: string };
  /** Extra arguments of `npm start` (e.g. ["--workers", "2"]). */
  args?: string[];
}

export async function startApp(options: StartAppOptions = {}): Promise<AppInstance> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "recall-app-"));
  const logFile = path.join(dataDir, "app.log");
  const pgDir = path.join(dataDir, "postgres");
  const pgPort = await findFreePort();
  let pg: EmbeddedPostgresServer | undefined = options.shared ? undefined : await startEmbeddedPostgres({ dataDir: pgDir, port: pgPort });
  const databaseUrl = options.shared?.databaseUrl ?? (pg as EmbeddedPostgresServer).connectionString;
  const port = await freeAppPort();
  const baseURL = `http://localhost:${port}`;
  const secret = options.shared?.secret ?? randomBytes(32).toString("base64url");
  let child: ChildProcess | undefined;

  const tail = (n = 40) => {
    try {
      return readFileSync(logFile, "utf8").trimEnd().split("\n").slice(-n).join("\n");
    } catch {
      return "(no output)";
    }
  };

  const startServer = async () => {
    // Each simulated learner sends its own X-Forwarded-For, as if behind one proxy.
    child = spawnApp({ port, dataDir, databaseUrl, secret, testBuild: options.testHooks ?? false, logFile, env: { TRUST_PROXY: "1" }, args: options.args });
    await waitForServer(`${baseURL}/signin`, child, options.startTimeoutMs ?? 15 * 60_000, tail);
  };

  const killServer = async () => {
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
    const done = exited(child);
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
    await done;
  };

  const stopDatabase = async () => {
    await pg?.stop();
    pg = undefined;
  };
  const startDatabase = async () => {
    if (options.shared) throw new Error("This app shares another app's database: start that one's.");
    pg ??= await startEmbeddedPostgres({ dataDir: pgDir, port: pgPort });
  };

  try {
    await startServer();
  } catch (e) {
    await killServer();
    await stopDatabase().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }

  return {
    baseURL,
    secret,
    databaseUrl,
    dataDir,
    logFile,
    stopDatabase,
    startDatabase,
    killServer,
    startServer,
    tail,
    async close() {
      if (child?.pid && child.exitCode === null && child.signalCode === null) {
        const done = exited(child);
        try {
          process.kill(-child.pid, "SIGTERM");
        } catch {
          // already gone
        }
        await Promise.race([done, new Promise((r) => setTimeout(r, 15_000))]);
        await killServer();
      }
      await stopDatabase().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
