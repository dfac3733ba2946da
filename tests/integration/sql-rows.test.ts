// sqlRows' per-statement settings (lib/db/sql.ts): a large cohort's figures run with a larger work_mem
// and without parallel workers, on a pool of connections started with those settings beside the
// client's own (lib/db/client.ts, poolWithSettings), so a connection of the client's own pool never
// carries them — checked with statements fired together on pools smaller than their number.
import { describe, expect, it } from "vitest";
import { createPrisma, SETTINGS_POOL_MAX, settingsPoolsOf } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { sqlRows } from "@/lib/db/sql";
import { testDatabaseUrl } from "./helpers/db";

type Settings = { workMem: string; workers: string; pid: number };
// A short sleep keeps each statement on its connection long enough for the others to overlap it.
const read = Prisma.sql`SELECT current_setting('work_mem') AS "workMem", current_setting('max_parallel_workers_per_gather') AS workers, pg_backend_pid() AS pid, pg_sleep(0.02)::text AS slept`;

describe("sqlRows settings", () => {
  it("runs a statement with its work_mem and without parallel workers, and the client's own connections never have them", async () => {
    const db = createPrisma(testDatabaseUrl(), 2);
    try {
      const [defaults] = await sqlRows<Settings>(db, read);
      expect(defaults!.workers).not.toBe("0");
      const [set] = await sqlRows<Settings>(db, read, { workMemMb: 64, serial: true });
      expect(set).toMatchObject({ workMem: "64MB", workers: "0" });
      // Not a connection of the client's own pool, which still has the server's defaults.
      const after = await Promise.all([sqlRows<Settings>(db, read), sqlRows<Settings>(db, read), db.$queryRaw<{ w: string }[]>`SELECT current_setting('work_mem') AS w`]);
      for (const [row] of after.slice(0, 2) as Settings[][]) expect(row).toMatchObject({ workMem: defaults!.workMem, workers: defaults!.workers });
      expect(after[2]![0]).toEqual({ w: defaults!.workMem });
      expect(after.slice(0, 2).map((rows) => (rows[0] as Settings).pid)).not.toContain(set!.pid);
    } finally {
      await db.$disconnect();
    }
  });

  it("gives each of 12 statements fired together exactly its own settings, on at most SETTINGS_POOL_MAX connections per set of settings", async () => {
    const db = createPrisma(testDatabaseUrl(), 2);
    try {
      const [defaults] = await sqlRows<Settings>(db, read);
      const asks = Array.from({ length: 12 }, (_, i) => (i % 3 === 0 ? {} : i % 3 === 1 ? { workMemMb: 48 } : { workMemMb: 64, serial: true }));
      const got = await Promise.all(asks.map((settings) => sqlRows<Settings>(db, read, settings).then((rows) => rows[0]!)));
      got.forEach((row, i) => {
        const ask = asks[i]!;
        expect(row, `statement ${i}`).toMatchObject({
          workMem: "workMemMb" in ask ? `${ask.workMemMb}MB` : defaults!.workMem,
          workers: "serial" in ask ? "0" : defaults!.workers,
        });
      });
      // Two sets of settings, two pools; each used at most its size of connections, none shared.
      expect(settingsPoolsOf(db)).toHaveLength(2);
      const pidsOf = (k: number) => new Set(got.filter((_, i) => i % 3 === k).map((r) => r.pid));
      expect(pidsOf(1).size).toBeLessThanOrEqual(SETTINGS_POOL_MAX);
      expect(pidsOf(2).size).toBeLessThanOrEqual(SETTINGS_POOL_MAX);
      expect([...pidsOf(0)].filter((pid) => pidsOf(1).has(pid) || pidsOf(2).has(pid))).toEqual([]);
    } finally {
      await db.$disconnect();
    }
  });

  it("ends the pools with settings when the client disconnects", async () => {
    const db = createPrisma(testDatabaseUrl(), 2);
    await db.$queryRaw`SELECT 1`;
    await sqlRows<Settings>(db, read, { workMemMb: 32 });
    const [pool] = settingsPoolsOf(db);
    expect(pool!.totalCount).toBe(1);
    await db.$disconnect();
    expect(pool!.ended).toBe(true);
    expect(pool!.totalCount).toBe(0);
  });
});
