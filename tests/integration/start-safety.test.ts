// `npm start` is safe by default: a public HOST gets no demo accounts, and a bad environment stops
// the start before anything else happens. Runs scripts/start.ts as `npm start` does, on a scratch
// database, and stops it as soon as it has said what it did.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findFreePort } from "@/lib/db/ports";
import { createPrisma } from "@/lib/db/client";
import { DEFAULT_MIGRATIONS_DIR } from "@/lib/db/migrations";
import { applyMigrations } from "@/lib/db/schema-engine";
import { createScratchDatabase } from "./helpers/db";

const scratch: { drop(): Promise<void> }[] = [];
afterAll(async () => {
  for (const db of scratch) await db.drop();
});

/** Runs the start script until `until` appears in its output or it exits; returns the output and exit code. */
function start(env: Record<string, string>, args: string[], until: RegExp): Promise<{ output: string; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "scripts/start.ts", ...args], {
      env: { ...process.env, ...env },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (until.test(output) && child.exitCode === null) process.kill(-child.pid!, "SIGKILL");
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => resolve({ output, code }));
  });
}

describe("npm start", () => {
  it("creates no demo accounts with a non-loopback HOST, even when asked with --demo, says so, and warns about one left from before", async () => {
    const db = await createScratchDatabase("start_public");
    scratch.push(db);
    await applyMigrations({ connectionString: db.url, migrationsDir: DEFAULT_MIGRATIONS_DIR });
    const prisma = createPrisma(db.url, 1);
    await prisma.user.create({ data: { email: "learner@example.com", name: "Left over", passwordHash: "x" } });
    const { output } = await start(
      { HOST: "0.0.0.0", PORT: String(await findFreePort()), DATABASE_URL: db.url, NEXTAUTH_SECRET: "x".repeat(40), NODE_ENV: "production" },
      ["--demo"],
      /demo account\(s\) from an earlier|Building|Production build/,
    );
    expect(output).toContain("Demo accounts: not created, because HOST=0.0.0.0 is reachable from other machines");
    expect(output).toContain("1 demo account(s) from an earlier start still exist with the published password");
    try {
      expect(await prisma.user.count({ where: { email: { endsWith: "@example.com" } } })).toBe(1);
    } finally {
      await prisma.$disconnect();
    }
  }, 180_000);

  it("refuses RECALL_TEST_HOOKS in production before starting anything", async () => {
    const { output, code } = await start({ NODE_ENV: "production", RECALL_TEST_HOOKS: "1", DATABASE_URL: "postgresql://nowhere.invalid/x" }, [], /$^/);
    expect(code).toBe(1);
    expect(output).toContain("RECALL_TEST_HOOKS: is refused in production");
  }, 60_000);
});
