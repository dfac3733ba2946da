// The data migration of issue 12 on a copy of the demo data: the real content, the demo learner's
// year and the demo cohort (12 time zones), written by today's code, are put back the way the old
// code wrote them (due = answer + N × 24 h, elapsed days in 24-hour periods or UTC dates, an empty
// free recall graded Again stored as correct); the migration's SQL must then give back exactly what
// today's code writes. Hand-made cards cover the DST corners (a day start the clocks skip, or pass
// twice) that the demo's day start of 04:00 never meets.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma, type Db } from "@/lib/db/client";
import { DEFAULT_MIGRATIONS_DIR } from "@/lib/db/migrations";
import { applyMigrations } from "@/lib/db/schema-engine";
import { seedDemo } from "@/lib/demo/seed";
import { loadContent } from "@/lib/content/load";
import { syncContent } from "@/lib/content/sync";
import { startOfLearningDayAfter } from "@/lib/srs/day";
import { createScratchDatabase } from "./helpers/db";
import { runScript } from "./helpers/catalog";

const NOW = new Date("2026-11-20T18:00:00Z");
const MIGRATION = path.join(DEFAULT_MIGRATIONS_DIR, "20261203104500_learning_days_and_recalled", "migration.sql");

/** Day starts on a day the clocks change, where PostgreSQL's own reading of a local time differs from lib/srs/day's. */
const CORNERS = [
  { timezone: "Pacific/Chatham", dayStartHour: 3, lastReview: "2026-09-20T09:00:00Z", scheduledDays: 7 }, // 27 Sept: 02:45 → 03:45, 03:00 skipped
  { timezone: "America/New_York", dayStartHour: 2, lastReview: "2026-03-01T17:00:00Z", scheduledDays: 7 }, // 8 March: 02:00 → 03:00
  { timezone: "America/New_York", dayStartHour: 1, lastReview: "2026-10-25T17:00:00Z", scheduledDays: 7 }, // 1 Nov: 01:00 happens twice
  { timezone: "Europe/London", dayStartHour: 1, lastReview: "2026-10-18T12:00:00Z", scheduledDays: 7 }, // 25 Oct: 01:00 happens twice
  { timezone: "Australia/Lord_Howe", dayStartHour: 2, lastReview: "2026-09-27T01:00:00Z", scheduledDays: 7 }, // 4 Oct: 02:00 → 02:30
  { timezone: "Asia/Kolkata", dayStartHour: 0, lastReview: "2026-12-31T18:29:00Z", scheduledDays: 1 }, // 23:59 IST on New Year's Eve
];

type CardRow = { id: string; due: Date; elapsedDays: number };
type LogRow = { id: bigint; elapsedDays: number; correct: boolean; cardBefore: unknown; cardAfter: unknown };

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let db: Db;
let written: { cards: CardRow[]; logs: LogRow[] };
let aged: { cards: CardRow[]; logs: LogRow[] };
let migrated: { cards: CardRow[]; logs: LogRow[] };
let cornerCards: { id: string; expected: Date }[];

async function read(): Promise<{ cards: CardRow[]; logs: LogRow[] }> {
  const cards = await db.card.findMany({ select: { id: true, due: true, elapsedDays: true }, orderBy: { id: "asc" } });
  const logs = await db.reviewLog.findMany({ select: { id: true, elapsedDays: true, correct: true, cardBefore: true, cardAfter: true }, orderBy: { id: "asc" } });
  return { cards, logs };
}

beforeAll(async () => {
  scratch = await createScratchDatabase("learning_days");
  await applyMigrations({ connectionString: scratch.url, migrationsDir: DEFAULT_MIGRATIONS_DIR });
  db = createPrisma(scratch.url, 4);
  await syncContent({ prisma: db, content: await loadContent({ rootDir: "content", compile: false }), now: new Date("2025-11-01T00:00:00Z") });
  await seedDemo({ db, now: NOW });

  const questions = await db.question.findMany({ select: { id: true, answerHash: true }, take: CORNERS.length, orderBy: { id: "asc" } });
  cornerCards = [];
  for (const [i, corner] of CORNERS.entries()) {
    const user = await db.user.create({
      data: { email: `corner-${i}@test.recall`, name: `Corner ${i}`, passwordHash: "x", timezone: corner.timezone, dayStartHour: corner.dayStartHour },
    });
    const lastReview = new Date(corner.lastReview);
    const expected = startOfLearningDayAfter(lastReview, corner.scheduledDays, corner);
    const card = await db.card.create({
      data: {
        userId: user.id,
        questionId: questions[i]!.id,
        answerHash: questions[i]!.answerHash,
        due: expected,
        stability: 7,
        difficulty: 5,
        scheduledDays: corner.scheduledDays,
        reps: 3,
        lapses: 0,
        state: "REVIEW",
        lastReview,
      },
    });
    cornerCards.push({ id: card.id, expected });
  }
  written = await read();

  // The old code's writing: due N × 24 h after the answer; elapsed days in whole 24-hour periods (the
  // log's; the card and the snapshots carry the same numbers); free recall left empty counted as correct.
  await runScript(
    scratch.url,
    `
    UPDATE "Card" SET due = "lastReview" + make_interval(days => "scheduledDays") WHERE state = 'REVIEW';
    UPDATE "ReviewLog" SET "elapsedDays" = floor(extract(epoch FROM "reviewedAt" - ("cardBefore"->>'lastReview')::timestamptz AT TIME ZONE 'UTC') / 86400)
      WHERE "cardBefore"->>'lastReview' IS NOT NULL;
    UPDATE "Card" c SET "elapsedDays" = latest."elapsedDays"
      FROM (SELECT DISTINCT ON ("cardId") "cardId", "elapsedDays" FROM "ReviewLog" ORDER BY "cardId", id DESC) latest WHERE latest."cardId" = c.id;
    UPDATE "ReviewLog" r SET
        "cardAfter" = jsonb_set(jsonb_set(r."cardAfter", '{elapsedDays}', to_jsonb(r."elapsedDays")), '{due}',
          CASE WHEN r."cardAfter"->>'state' = 'REVIEW'
               THEN to_jsonb(to_char((r."cardAfter"->>'lastReview')::timestamptz AT TIME ZONE 'UTC' + make_interval(days => (r."cardAfter"->>'scheduledDays')::int), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
               ELSE r."cardAfter"->'due' END),
        "cardBefore" = jsonb_set(r."cardBefore", '{elapsedDays}', to_jsonb(coalesce(p.previous, 0)))
      FROM (SELECT id, lag("elapsedDays") OVER (PARTITION BY "cardId" ORDER BY id) AS previous FROM "ReviewLog") p WHERE p.id = r.id;
    UPDATE "ReviewLog" SET correct = true WHERE rating = 1 AND response->>'kind' = 'FREE_RECALL' AND coalesce(response->>'text', '') = '';`,
  );
  aged = await read();
  await runScript(scratch.url, readFileSync(MIGRATION, "utf8"));
  migrated = await read();
}, 240_000);

afterAll(async () => {
  await db?.$disconnect();
  await scratch?.drop();
});

function differing<T extends { id: unknown }>(a: T[], b: T[], pick: (row: T) => unknown): number {
  const other = new Map(b.map((row) => [String(row.id), JSON.stringify(pick(row))]));
  return a.filter((row) => other.get(String(row.id)) !== JSON.stringify(pick(row))).length;
}

describe("the learning-day migration on the demo data", () => {
  it("has demo data in the old shape to work on (hundreds of moved dues and recounted days, some wrongly correct logs)", () => {
    expect(written.logs.length).toBeGreaterThan(10_000);
    expect(differing(aged.cards, written.cards, (c) => c.due)).toBeGreaterThan(1000);
    expect(differing(aged.logs, written.logs, (l) => l.elapsedDays)).toBeGreaterThan(1000);
    expect(differing(aged.logs, written.logs, (l) => l.correct)).toBeGreaterThan(10);
  });

  it("gives every review card the due today's scheduler writes: the start of its learning day", () => {
    expect(differing(migrated.cards, written.cards, (c) => c.due.toISOString())).toBe(0);
  });

  it("counts every elapsed day (log, card and snapshots) in learning days, as the scheduler does", () => {
    expect(differing(migrated.logs, written.logs, (l) => l.elapsedDays)).toBe(0);
    expect(differing(migrated.cards, written.cards, (c) => c.elapsedDays)).toBe(0);
    expect(differing(migrated.logs, written.logs, (l) => [l.cardBefore, l.cardAfter])).toBe(0);
  });

  it("leaves no log with correct ≠ (rating > 1)", async () => {
    const [{ mismatched }] = await db.$queryRaw<{ mismatched: number }[]>`SELECT count(*)::int AS mismatched FROM "ReviewLog" WHERE correct <> (rating > 1)`;
    expect(mismatched).toBe(0);
    expect(differing(migrated.logs, written.logs, (l) => l.correct)).toBe(0);
  });

  it("starts days on DST-change days exactly as lib/srs/day does (skipped and repeated hours, a 30-minute shift, New Year)", () => {
    const byId = new Map(migrated.cards.map((c) => [c.id, c.due]));
    for (const corner of cornerCards) expect(byId.get(corner.id)).toEqual(corner.expected);
  });

  it("can run again without changing anything", async () => {
    await runScript(scratch.url, readFileSync(MIGRATION, "utf8"));
    const again = await read();
    expect(differing(again.cards, migrated.cards, (c) => [c.due.toISOString(), c.elapsedDays])).toBe(0);
    expect(differing(again.logs, migrated.logs, (l) => [l.elapsedDays, l.correct, l.cardBefore, l.cardAfter])).toBe(0);
  });
});
