// lib/db/embedded.ts on a cluster of its own (not the suite's): first start, restart with data kept,
// a stale postmaster.pid after a crash, a second starter on a running folder, and clear failures.
import { mkdtemp, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from "@/lib/db/embedded";
import { findFreePort, isPortFree } from "@/lib/db/ports";

async function sql<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

describe("startEmbeddedPostgres", () => {
  let root: string;
  let dataDir: string;
  let server: EmbeddedPostgresServer | undefined;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "recall-embedded-"));
    dataDir = path.join(root, "postgres");
  });

  afterAll(async () => {
    await server?.stop();
    await rm(root, { recursive: true, force: true });
    console.log(`embedded PostgreSQL timings (ms): ${JSON.stringify(timings)}`);
  });

  it("initialises an empty folder, creates the database, and logs next to the data folder", async () => {
    const started = Date.now();
    server = await startEmbeddedPostgres({ dataDir, port: await findFreePort(), durable: false });
    timings.coldStart = Date.now() - started;
    expect(server.initialised).toBe(true);
    expect(server.reused).toBe(false);
    expect(server.connectionString).toMatch(/^postgresql:\/\/postgres:postgres@127\.0\.0\.1:\d+\/recall$/);
    expect(await sql(server.connectionString, "SELECT current_database() AS db")).toEqual([{ db: "recall" }]);
    expect(server.logFile).toBe(path.join(root, "postgres.log"));
    expect(await readFile(server.logFile, "utf8")).toContain("ready to accept connections");
    await sql(server.connectionString, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
  });

  it("reuses a server already running on the same folder (and leaves it running)", async () => {
    const second = await startEmbeddedPostgres({ dataDir });
    expect(second.reused).toBe(true);
    expect(second.port).toBe(server!.port);
    await second.stop();
    expect(await sql(server!.connectionString, "SELECT v FROM kept")).toEqual([{ v: "still here" }]);
  });

  it("restarts on the same port with the data kept", async () => {
    const port = server!.port;
    await server!.stop();
    expect(await isPortFree(port)).toBe(true);
    const started = Date.now();
    server = await startEmbeddedPostgres({ dataDir, durable: false });
    timings.warmStart = Date.now() - started;
    expect(server.initialised).toBe(false);
    expect(server.port).toBe(port); // remembered from postmaster.opts
    expect(await sql(server.connectionString, "SELECT v FROM kept")).toEqual([{ v: "still here" }]);
  });

  it("starts after a crash left a stale postmaster.pid", async () => {
    await server!.stop();
    // What a SIGKILLed postmaster leaves: a pid file naming a process that is gone.
    await writeFile(path.join(dataDir, "postmaster.pid"), `999999\n${dataDir}\n1700000000\n${server!.port}\n\n127.0.0.1\n  5432001  0\nready   \n`);
    server = await startEmbeddedPostgres({ dataDir, durable: false });
    expect(server.reused).toBe(false);
    expect(await sql(server.connectionString, "SELECT v FROM kept")).toEqual([{ v: "still here" }]);
    expect(await readFile(server.logFile, "utf8")).toContain("removing stale postmaster.pid (process 999999 is gone)");
  });

  it("fails with one line naming the cause and the log file when its port is taken", async () => {
    const other = path.join(root, "other", "postgres");
    const blocker: Server = createServer();
    const port = await findFreePort();
    await new Promise<void>((resolve) => blocker.listen(port, "127.0.0.1", resolve));
    try {
      const error = await startEmbeddedPostgres({ dataDir: other, port }).then(() => undefined, (e: Error) => e);
      expect(error?.message).toMatch(new RegExp(`port ${port}.*already in use.*${path.join(root, "other", "postgres.log").replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}`));
      expect(error?.message).not.toContain("\n");
    } finally {
      blocker.close();
    }
  });

  it("refuses a non-empty folder that is not a PostgreSQL data folder", async () => {
    const junk = path.join(root, "junk", "postgres");
    await mkdir(junk, { recursive: true });
    await writeFile(path.join(junk, "notes.txt"), "not a cluster");
    await expect(startEmbeddedPostgres({ dataDir: junk })).rejects.toThrow(/is not a PostgreSQL data folder.*postgres\.log/);
  });
});
