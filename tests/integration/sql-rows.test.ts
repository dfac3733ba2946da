// sqlRows' per-statement settings (lib/db/sql.ts): a large cohort's figures run with a larger work_mem
// and without parallel workers, set on the checked-out connection and reset after, so a pooled
// connection never carries them to the next statement — checked with statements fired together on a
// pool smaller than their number, so connections are reused while others still hold settings.
import { afterAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { sqlRows } from "@/lib/db/sql";
import { testDatabaseUrl } from "./helpers/db";

const db = createPrisma(testDatabaseUrl(), 2);
afterAll(() => db.$disconnect());

type Settings = { workMem: string; workers: string };
// A short sleep keeps each statement on its connection long enough for the others to overlap it.
const read = Prisma.sql`SELECT current_setting('work_mem') AS "workMem", current_setting('max_parallel_workers_per_gather') AS workers, pg_sleep(0.02)::text AS slept`;

describe("sqlRows settings", () => {
  it("runs a statement with its work_mem and without parallel workers, and leaves the connection as it was", async () => {
    const [defaults] = await sqlRows<Settings>(db, read);
    expect(defaults!.workers).not.toBe("0");
    const [set] = await sqlRows<Settings>(db, read, { workMemMb: 64, serial: true });
    expect(set).toMatchObject({ workMem: "64MB", workers: "0" });
    const [after] = await sqlRows<Settings>(db, read);
    expect(after).toMatchObject({ workMem: defaults!.workMem, workers: defaults!.workers });
  });

  it("gives each of 12 statements fired together on 2 connections exactly its own settings", async () => {
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
    // And nothing is left behind on either connection.
    const later = await Promise.all([sqlRows<Settings>(db, read), sqlRows<Settings>(db, read)]);
    for (const [row] of later) expect(row).toMatchObject({ workMem: defaults!.workMem, workers: defaults!.workers });
  });
});
