// Bench 12 — recomputing and rescheduling 10,000 cards (1,000 with --quick) of one learner, on a real
// PostgreSQL: the cards and about ten review logs each come from a generated history answered through
// the scheduler (tests/integration/helpers/history.ts). Timed: `recomputeMemoryStates` with other
// parameters (replay of every card's log, in one transaction), the reschedule preview
// (`getRescheduleOffer`) and the reschedule itself (`rescheduleCards`). Numbers, never assertions.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createPrisma } from "@/lib/db/client";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { DEFAULT_MIGRATIONS_DIR } from "@/lib/db/migrations";
import { findFreePort } from "@/lib/db/ports";
import { applyMigrations } from "@/lib/db/schema-engine";
import { getRescheduleOffer } from "@/lib/learners/get-reschedule-offer";
import { recomputeMemoryStates } from "@/lib/learners/recompute-memory-states";
import { rescheduleCards } from "@/lib/learners/reschedule-cards";
import { DEFAULT_PARAMS } from "@/lib/srs/scheduler";
import { generateHistory } from "@/lib/srs/simulate";
import { historyRows, insertHistory } from "../integration/helpers/history";

export interface RescheduleBenchResult {
  cards: number;
  reviews: number;
  recomputeMs: number;
  previewMs: number;
  rescheduleMs: number;
  moved: number;
}

export async function rescheduleBench({ quick = false } = {}): Promise<RescheduleBenchResult> {
  const cards = quick ? 1_000 : 10_000;
  const tmp = mkdtempSync(path.join(os.tmpdir(), "recall-bench-reschedule-"));
  const server = await startEmbeddedPostgres({ dataDir: path.join(tmp, "postgres"), port: await findFreePort(), database: "recall_bench", durable: false });
  const db = createPrisma(server.connectionString, 4);
  try {
    await applyMigrations({ connectionString: server.connectionString, migrationsDir: DEFAULT_MIGRATIONS_DIR });
    const now = new Date("2026-06-01T08:00:00Z");
    await db.$executeRaw`INSERT INTO "Course" (id, title, description, "contentHash", "updatedAt") VALUES ('bench', 'Bench', 'Bench', 'x', now())`;
    await db.$executeRaw`
      INSERT INTO "Lesson" (id, "courseId", slug, title, level, summary, position, "readingMinutes", meta, code, "plainText", "contentHash", "sourcePath", "updatedAt")
      VALUES ('bench/l', 'bench', 'l', 'L', 'junior', 'L', 0, 1, '{}', '', '', 'x', 'x', now())`;
    await db.$executeRaw`
      INSERT INTO "Question" (id, "lessonId", kind, prompt, payload, "answerHash", "contentHash", position, "updatedAt")
      SELECT 'q-' || g, 'bench/l', 'MULTIPLE_CHOICE', 'Q', '{}', 'test', 'x', g, now() FROM generate_series(1, ${cards}) g`;
    const [user] = await db.$queryRaw<{ id: string }[]>`
      INSERT INTO "User" (id, email, name, "passwordHash", timezone, "desiredRetention", "updatedAt")
      VALUES (gen_random_uuid(), 'reschedule@example.invalid', 'Bench', '!', 'Europe/Berlin', 0.9, now()) RETURNING id`;
    const userId = user!.id;
    const history = generateHistory({ seed: 12, cards, days: 240, now });
    const rows = historyRows({ userId, history, questionIds: Array.from({ length: cards }, (_, i) => `q-${i + 1}`) });
    await insertHistory(db, rows);
    await db.$executeRawUnsafe(`VACUUM ANALYZE`);

    const params = DEFAULT_PARAMS.map((w, i) => (i < 4 ? w * 0.6 : w));
    let started = performance.now();
    await db.$transaction((tx) => recomputeMemoryStates({ db: tx, userId, params, dayOptions: { timezone: "Europe/Berlin", dayStartHour: 4 } }), { timeout: 300_000 });
    const recomputeMs = performance.now() - started;
    await db.user.update({ where: { id: userId }, data: { fsrsParams: params, desiredRetention: 0.85, rescheduleOffer: { reason: "parameters", at: now.toISOString() } } });

    started = performance.now();
    const offer = await getRescheduleOffer({ db, actor: { id: userId, role: "LEARNER" }, now });
    const previewMs = performance.now() - started;
    started = performance.now();
    const { moved } = await rescheduleCards({ db, actor: { id: userId, role: "LEARNER" }, input: { offer: offer!.at, choice: "reschedule" } });
    const rescheduleMs = performance.now() - started;
    return { cards, reviews: rows.logs.length, recomputeMs, previewMs, rescheduleMs, moved };
  } finally {
    await db.$disconnect();
    await server.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}
