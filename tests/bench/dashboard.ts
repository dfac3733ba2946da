// Bench 10 — the learner's dashboard (`getDashboard`) for one learner with 10,000 and with 200,000
// review logs (1,000 and 20,000 with --quick), against the full scan it replaced (the learner's
// per-day counts recomputed from the log, what every dashboard read before the LearnerDay rollup) and
// the plainest query over the same rows, a count(*) of the learner's logs; and each of its queries
// timed alone (the account read and the seven panels), to show where the time goes. Goal (issue 18):
// ≤ 60 ms at 200,000 reviews. The logs are generated in SQL (generate_series): spread over a year
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
import { requireActiveUser, type Actor } from "@/lib/auth/actor";
import { HEATMAP_DAYS } from "@/lib/analytics/heatmap";
import { getDashboard } from "@/lib/learners/get-dashboard";
import { readActivity, readCardCounts, readCourses, readForecast, readRecentSessions, readStudyDays, readTopicMemory } from "@/lib/learners/dashboard-panels";
import { addDaysToDayString, endOfLearningDay, learningDay, resolveDayOptions } from "@/lib/srs/day";
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
  /** Each statement of the dashboard run alone, median ms (the dashboard runs the panels at once). */
  panelsMs: Record<string, number>;
}

/** Issue 18's goal for the dashboard at 200,000 reviews. */
export const DASHBOARD_GOAL_MS = 60;

export async function learnerWith(db: Db, reviews: number, now: Date): Promise<{ userId: string; cards: number }> {
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

/** The dashboard's statements one at a time, with the arguments getDashboard gives them. */
async function timePanels(db: Db, actor: Actor, now: Date): Promise<Record<string, number>> {
  const user = await requireActiveUser({ db, actor });
  const day = resolveDayOptions(user);
  const today = learningDay(now, day);
  const panel = { db, userId: user.id };
  const runs: Record<string, () => Promise<unknown>> = {
    account: () => requireActiveUser({ db, actor }),
    "card counts": () => readCardCounts({ ...panel, now, tomorrowStart: endOfLearningDay(now, day) }),
    forecast: () => readForecast({ ...panel, day, today }),
    "study days": () => readStudyDays(panel),
    "activity (heatmap, retention)": () => readActivity({ ...panel, first: addDaysToDayString(today, 1 - HEATMAP_DAYS), last: today }),
    topics: () => readTopicMemory({ ...panel, now, fsrsParams: null }),
    courses: () => readCourses(panel),
    "recent sessions": () => readRecentSessions(panel),
  };
  const out: Record<string, number> = {};
  for (const [name, run] of Object.entries(runs)) out[name] = (await timeRuns(run)).medianMs;
  return out;
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
      const actor: Actor = { id: userId, role: "LEARNER" };
      const dashboard = await timeRuns(() => getDashboard({ db, actor, now }));
      const panelsMs = await timePanels(db, actor, now);
      const fullScan = await timeRuns(() => computeLearnerDaysFromLog({ db, userIds: [userId] }));
      const baseline = await timeRuns(() => db.$queryRaw`SELECT count(*) FROM "ReviewLog" WHERE "userId" = ${userId}::uuid`);
      rows.push({ reviews, cards, dashboard, fullScan, baseline, ratio: dashboard.medianMs / baseline.medianMs, panelsMs });
    }
    return rows;
  } finally {
    await db.$disconnect();
    await server.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}
