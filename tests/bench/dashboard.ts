// Bench 10 — the learner's dashboard (`getDashboard`) for one learner with 10,000 and with 200,000
// review logs (1,000 and 20,000 with --quick), against the full scan it replaced (the learner's
// per-day counts recomputed from the log, what every dashboard read before the LearnerDay rollup) and
// the plainest query over the same rows, a count(*) of the learner's logs. Goal (issue 18): ≤ 60 ms at
// 200,000 reviews. The logs are generated in SQL (generate_series): spread over a year
// in the learner's zone, across every live question, mostly reviews of learned cards with 85% right,
// grouped into daily sessions; the cards are in review state with intervals from 1 to 120 days. The
// dashboard reads only those columns, so the shape of cardBefore/cardAfter does not matter here.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadContent } from "@/lib/content/load";
import { syncContent } from "@/lib/content/sync";
import { createPrisma, type Db } from "@/lib/db/client";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { DEFAULT_MIGRATIONS_DIR } from "@/lib/db/migrations";
import { findFreePort } from "@/lib/db/ports";
import { applyMigrations } from "@/lib/db/schema-engine";
import { getDashboard } from "@/lib/learners/get-dashboard";
import { computeLearnerDaysFromLog } from "@/lib/reviews/rollups";
import { timeRuns, type Timing } from "./lib/stats";

export interface DashboardBenchRow {
  reviews: number;
  cards: number;
  dashboard: Timing;
  /** The learner's per-day counts recomputed from the whole log. */
  fullScan: Timing;
  baseline: Timing;
  ratio: number;
}

/** Issue 18's goal for the dashboard at 200,000 reviews. */
export const DASHBOARD_GOAL_MS = 60;

async function learnerWith(db: Db, reviews: number, now: Date): Promise<{ userId: string; cards: number }> {
  const [user] = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO "User" (id, email, name, "passwordHash", role, timezone, "updatedAt")
    VALUES (gen_random_uuid(), ${`dash-${reviews}-${Date.now()}@example.invalid`}, 'Bench Learner', '!not-loginable', 'LEARNER', 'Europe/Berlin', now())
    RETURNING id`;
  const userId = user!.id;
  const cards = await db.$executeRaw`
    INSERT INTO "Card" (id, "userId", "questionId", due, stability, difficulty, "scheduledDays", reps, lapses, state, "lastReview", "answerHash")
    SELECT gen_random_uuid(), ${userId}::uuid, q.id,
           ${now}::timestamp + make_interval(days => (row_number() OVER (ORDER BY q.id))::int % 30 - 5),
           5 + (row_number() OVER (ORDER BY q.id))::int % 115, 5.0, 1 + (row_number() OVER (ORDER BY q.id))::int % 120, 8, 1, 'REVIEW',
           ${now}::timestamp - interval '2 days', q."answerHash"
    FROM "Question" q WHERE q."retiredAt" IS NULL`;
  await db.$executeRaw`
    INSERT INTO "ReviewLog" ("userId", "questionId", "cardId", rating, response, correct, "durationMs", "reviewedAt", "stateBefore",
                             "cardBefore", "cardAfter", "elapsedDays", "scheduledDays", "idempotencyKey", "sessionId", source)
    SELECT ${userId}::uuid, c."questionId", c.id, CASE WHEN r.ok THEN 3 ELSE 1 END, '{}'::jsonb, r.ok, 8000,
           r.at, CASE WHEN g % 20 = 0 THEN 'NEW'::"CardState" ELSE 'REVIEW'::"CardState" END, '{}'::jsonb, '{}'::jsonb, 3, 7,
           'bench-' || g, 'day-' || to_char(r.at, 'YYYY-MM-DD'), 'review'
    FROM generate_series(1, ${reviews}) AS g
    -- "g * 0" ties the draw to each row: an uncorrelated subquery would be drawn once for all of them.
    CROSS JOIN LATERAL (SELECT random() + g * 0 < 0.85 AS ok, ${now}::timestamp - make_interval(secs => ((random() + g * 0) * 365 * 86400)::int) AS at) r
    JOIN LATERAL (SELECT id, "questionId" FROM "Card" WHERE "userId" = ${userId}::uuid ORDER BY id OFFSET (g % ${cards}) LIMIT 1) c ON true`;
  await db.$executeRawUnsafe(`VACUUM ANALYZE "ReviewLog"`);
  await db.$executeRawUnsafe(`VACUUM ANALYZE "Card"`);
  return { userId, cards };
}

export async function dashboardBench({ quick = false } = {}): Promise<DashboardBenchRow[]> {
  const sizes = quick ? [1_000, 20_000] : [10_000, 200_000];
  const tmp = mkdtempSync(path.join(os.tmpdir(), "recall-bench-dashboard-"));
  const server = await startEmbeddedPostgres({ dataDir: path.join(tmp, "postgres"), port: await findFreePort(), database: "recall_bench", durable: false });
  const db = createPrisma(server.connectionString, 10);
  try {
    await applyMigrations({ connectionString: server.connectionString, migrationsDir: DEFAULT_MIGRATIONS_DIR });
    const content = await loadContent({ rootDir: process.env.RECALL_CONTENT_DIR || "content", compile: false });
    if (content.problems.some((p) => p.severity === "error")) throw new Error("the content has errors; run npm run content:check");
    await syncContent({ prisma: db, content });
    const now = new Date();
    const rows: DashboardBenchRow[] = [];
    for (const reviews of sizes) {
      const { userId, cards } = await learnerWith(db, reviews, now);
      const dashboard = await timeRuns(() => getDashboard({ db, actor: { id: userId, role: "LEARNER" }, now }));
      const fullScan = await timeRuns(() => computeLearnerDaysFromLog({ db, userIds: [userId] }));
      const baseline = await timeRuns(() => db.$queryRaw`SELECT count(*) FROM "ReviewLog" WHERE "userId" = ${userId}::uuid`);
      rows.push({ reviews, cards, dashboard, fullScan, baseline, ratio: dashboard.medianMs / baseline.medianMs });
    }
    return rows;
  } finally {
    await db.$disconnect();
    await server.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}
