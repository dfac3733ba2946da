import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../lib/db/embedded";
import { TEST_OIDC, startOidcProvider } from "./helpers/oidc-provider";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    dataDir: string;
    /** The app's own database, for fixtures that create and remove their users (helpers/users.ts). */
    databaseURL: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The app exited with code ${child.exitCode} before it served ${url}`);
    try {
      const res = await fetch(url, { redirect: "manual" });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`The app did not answer ${url} within ${timeoutMs / 1000} s`);
}

let child: ChildProcess | undefined;
let dataDir: string | undefined;
let stopOidc: (() => Promise<void>) | undefined;

/**
 * Starts the app exactly as `npm start` does (production build, embedded PostgreSQL) in a temp data
 * folder, with single sign-on through a real OpenID Connect provider started here first (its address
 * is read by the app at run time, so the one build serves every run).
 */
export async function setup(project: TestProject) {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "recall-e2e-"));
  const port = await freePort();
  const baseURL = `http://localhost:${port}`;
  let oidcPort = await freePort();
  while (oidcPort === port) oidcPort = await freePort();
  const oidc = await startOidcProvider({ port: oidcPort, redirectUri: `${baseURL}/api/auth/callback/oidc` });
  stopOidc = oidc.stop;
  child = spawn(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "scripts/start.ts"], {
    env: {
      ...process.env,
      PORT: String(port),
      RECALL_DATA_DIR: dataDir,
      RECALL_TEST_BUILD: "1",
      TRUST_PROXY: "1",
      DATABASE_URL: "",
      OIDC_ISSUER: oidc.issuer,
      OIDC_CLIENT_ID: TEST_OIDC.clientId,
      OIDC_CLIENT_SECRET: TEST_OIDC.clientSecret,
      OIDC_NAME: TEST_OIDC.name,
    },
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  await waitFor(`${baseURL}/signin`, child, 15 * 60_000);
  project.provide("baseURL", baseURL);
  project.provide("dataDir", dataDir);
  // The cluster the app started (scripts/start.ts: $RECALL_DATA_DIR/postgres), reused, not started again.
  const database = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres") });
  project.provide("databaseURL", database.connectionString);
}

export async function teardown() {
  if (child?.pid && child.exitCode === null) {
    const exited = new Promise((r) => child?.once("exit", r));
    process.kill(-child.pid, "SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
  }
  await stopOidc?.();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
