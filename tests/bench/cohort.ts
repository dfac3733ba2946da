// Bench 8 — the cohort dashboard at size. A throwaway embedded PostgreSQL with the real content, and a
// cohort of 200 learners (50 with --quick) with 500 reviews each, written straight into the tables:
// every card's history runs through the FSRS scheduler (first attempt when its lesson is read, then
// reviews as they fall due, recall drawn from its retrievability shifted by the learner's ability),
// the first 500 answers kept, and the whole history moved so that it ends in the last few hours — or,
// for one learner in five, one to four weeks ago. Then getCohortDashboard, median of 7 runs after a
// warm-up, against the full scan it replaced (the members' per-question, per-day counts recomputed
// from the log, what the dashboard read before the QuestionDay rollup) and the floor any dashboard
// pays for reading these learners' logs: one count(*) over the same rows. Then the learners are
// copied in SQL (new accounts, cards and logs with the same histories) up to 5,000 (1,000 with
// --quick) and the same is measured again. Goals (issue 18): ≤ 100 ms at 200 × 500, ≤ 1 s at 5,000.
// At each size one more dashboard is recorded statement by statement (when each ran within it, and
// the time after the last one), then each statement is timed alone: which ones the time goes to, and
// whether those sent together overlap.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadContent } from "@/lib/content/load";
import { syncContent } from "@/lib/content/sync";
import { cohortQuestions, getCohortDashboard } from "@/lib/cohorts/dashboard";
import { computeQuestionDaysFromLog } from "@/lib/reviews/rollups";
import { createPrisma, poolOf, settingsPoolsOf, type Db } from "@/lib/db/client";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { DEFAULT_MIGRATIONS_DIR } from "@/lib/db/migrations";
import { findFreePort } from "@/lib/db/ports";
import { applyMigrations } from "@/lib/db/schema-engine";
import type pg from "pg";
import { timeRuns, type Timing } from "./lib/stats";
import { insertCards, insertReviewLogs, type CardRow, type ReviewLogRow } from "@/lib/db/bulk-insert";
import { between, chanceRight, normal, questionDifficulty } from "@/lib/demo/learner-model";
import { toSrsCardSnapshot } from "@/lib/srs/card-fields";
import { mulberry32 } from "@/lib/srs/random";
import { DAY_MS, DEFAULT_DAY_OPTIONS } from "@/lib/srs/day";
import { newCard, reviewCard, type Rating, type SchedulerOptions, type SrsCard } from "@/lib/srs/scheduler";

/** The bench's learners keep a new account's days (UTC, from 04:00). */
const POLICY: SchedulerOptions = { desiredRetention: 0.9, enableFuzz: false, day: DEFAULT_DAY_OPTIONS };
/** A virtual start for the generated histories, before they are moved to end now. */
const EPOCH = Date.UTC(2020, 0, 6, 0, 0, 0);

export interface CohortBenchSize {
  learners: number;
  reviews: number;
  cards: number;
  dashboard: Timing;
  /** The members' QuestionDay rows recomputed from their whole log. */
  fullScan: Timing;
  baseline: Timing;
  /** dashboard median / baseline median */
  ratio: number;
  /** Statements getCohortDashboard sends on its pool (Prisma's and those sent through pg alike). */
  queries: number;
  atRisk: number;
  itemsJudged: number;
  goalMs: number;
  /** Each statement of one dashboard, in the order sent: when it ran inside that dashboard, then alone. */
  statements: StatementTiming[];
  /** From the last statement's result to the dashboard's return: Prisma's conversion of the rows and the JavaScript after the SQL. */
  jsAfterMs: number;
}

export interface StatementTiming {
  /** The statement's first line, to tell them apart. */
  label: string;
  rows: number;
  /** Start and end within one dashboard, from its start (statements sent together overlap). */
  startMs: number;
  endMs: number;
  /** The statement alone on an idle pool, median of 7 after a warm-up. */
  alone: Timing;
}

export interface CohortBenchResult {
  reviewsPerLearner: number;
  questions: number;
  buildSeconds: number;
  sizes: CohortBenchSize[];
}


type Question = Awaited<ReturnType<typeof cohortQuestions>>[number] & { answerHash: string };

interface Answer {
  at: number;
  question: Question;
  before: SrsCard;
  after: SrsCard;
  rating: Rating;
}

/** Every answer of one learner, in time order, cut at `reviews`: lessons every 2–4 days, reviews when due. */
function learnerAnswers(questions: readonly Question[], reviews: number, random: () => number): Answer[] {
  const ability = Math.max(-2, Math.min(2, 0.3 + 0.8 * normal(random)));
  const lessons: Question[][] = [];
  for (const q of questions) {
    if (lessons.at(-1)?.[0]?.lessonId === q.lessonId) lessons.at(-1)!.push(q);
    else lessons.push([q]);
  }
  const answers: Answer[] = [];
  const horizon = EPOCH + 400 * DAY_MS;
  let day = 0;
  for (const lesson of lessons) {
    day += 2 + Math.floor(random() * 3);
    let at = EPOCH + day * DAY_MS + Math.floor(between(random, 18, 21) * 3_600_000);
    for (const question of lesson) {
      at += Math.floor(between(random, 20_000, 90_000));
      let card = newCard(new Date(at));
      let t = at;
      for (let n = 0; t < horizon && n < 40; n++) {
        const p = chanceRight(card, new Date(t), { ability, difficulty: questionDifficulty(question.id) });
        const rating: Rating = random() < p ? (random() < 0.2 ? 2 : random() < 0.85 ? 3 : 4) : 1;
        const { card: after } = reviewCard({ card, rating, now: new Date(t), options: POLICY });
        answers.push({ at: t, question, before: card, after, rating });
        card = after;
        const due = after.due.getTime();
        // Learning steps are taken as they come; a review is done within a day or two of falling due.
        t = after.scheduledDays >= 1 ? due + Math.floor(random() * random() * 2 * DAY_MS) : due;
      }
    }
  }
  answers.sort((a, b) => a.at - b.at);
  if (answers.length < reviews) throw new Error(`only ${answers.length} answers generated for ${reviews} reviews`);
  return answers.slice(0, reviews);
}

/** One of the choices' ids (all of them when there is none to choose from). */
function pick(choices: readonly { id: string }[], random: () => number): string[] {
  return choices.length ? [choices[Math.floor(random() * choices.length)]!.id] : [];
}

function shifted(card: SrsCard, offset: number): SrsCard {
  return { ...card, due: new Date(card.due.getTime() + offset), lastReview: card.lastReview ? new Date(card.lastReview.getTime() + offset) : null };
}

async function buildCohort(db: Db, { learners, reviewsPerLearner, now }: { learners: number; reviewsPerLearner: number; now: Date }) {
  const courses = await db.course.findMany({ where: { retiredAt: null }, orderBy: { position: "asc" }, select: { id: true } });
  const courseIds = courses.map((c) => c.id);
  const hashes = new Map((await db.question.findMany({ select: { id: true, answerHash: true } })).map((q) => [q.id, q.answerHash]));
  const questions: Question[] = (await cohortQuestions({ db, courseIds })).map((q) => ({ ...q, answerHash: hashes.get(q.id)! }));

  const instructor = await db.user.create({ data: { email: "bench-instructor@example.com", name: "Bench Instructor", passwordHash: "bench:no-password", role: "INSTRUCTOR" } });
  const cohort = await db.cohort.create({
    data: {
      name: "Bench cohort",
      joinCode: "BENCH234",
      courses: { create: courseIds.map((courseId) => ({ courseId })) },
      members: { create: { userId: instructor.id, role: "INSTRUCTOR" } },
    },
  });

  const users: { id: string; email: string; name: string; passwordHash: string }[] = [];
  const members: { cohortId: string; userId: string; role: "LEARNER"; joinedAt: Date }[] = [];
  const progress: { userId: string; lessonId: string; startedAt: Date; completedAt: Date }[] = [];
  const logs: ReviewLogRow[] = [];
  const cards: CardRow[] = [];
  for (let l = 0; l < learners; l++) {
    const random = mulberry32(1_000 + l);
    const userId = randomUUID();
    const answers = learnerAnswers(questions, reviewsPerLearner, random);
    const idle = random() < 0.2 ? between(random, 8, 30) * DAY_MS : between(random, 0, 0.6) * DAY_MS;
    const offset = now.getTime() - idle - answers.at(-1)!.at;
    users.push({ id: userId, email: `bench-learner-${l}@example.com`, name: `Learner ${String(l).padStart(3, "0")}`, passwordHash: "bench:no-password" });
    members.push({ cohortId: cohort.id, userId, role: "LEARNER", joinedAt: new Date(answers[0]!.at + offset - DAY_MS) });

    const cardIds = new Map<string, string>();
    const last = new Map<string, SrsCard>();
    const lessonTimes = new Map<string, { start: number; end: number }>();
    const sessionOf = (at: number) => `bench-${l}-${Math.floor(at / DAY_MS)}`;
    for (const [i, a] of answers.entries()) {
      const first = !cardIds.has(a.question.id);
      if (first) cardIds.set(a.question.id, randomUUID());
      const at = a.at + offset;
      if (first) {
        const t = lessonTimes.get(a.question.lessonId) ?? { start: at, end: at };
        t.end = Math.max(t.end, at);
        lessonTimes.set(a.question.lessonId, t);
      }
      const before = shifted(a.before, offset);
      const after = shifted(a.after, offset);
      const correct = a.rating > 1;
      logs.push({
        userId,
        questionId: a.question.id,
        cardId: cardIds.get(a.question.id)!,
        rating: a.rating,
        response:
          a.question.payload.kind === "MULTIPLE_CHOICE"
            ? { kind: "MULTIPLE_CHOICE", choiceIds: pick(a.question.payload.choices.filter((c) => c.correct === correct), random) }
            : a.question.payload.kind === "ESTIMATE"
              ? { kind: "ESTIMATE", value: a.question.payload.answer * (correct ? 1 : 30), unit: a.question.payload.unit }
              : { kind: "FREE_RECALL", text: correct ? "the key points" : "" },
        correct,
        durationMs: 5_000 + Math.floor(random() * 35_000),
        reviewedAt: new Date(at),
        stateBefore: before.state,
        cardBefore: { ...toSrsCardSnapshot(before), existed: !first, leech: false },
        cardAfter: toSrsCardSnapshot(after),
        elapsedDays: after.elapsedDays,
        scheduledDays: after.scheduledDays,
        idempotencyKey: `bench-${i}`,
        sessionId: first ? `lesson:${a.question.lessonId}` : sessionOf(at),
        source: first ? "lesson" : "review",
      });
      last.set(a.question.id, after);
    }
    for (const q of questions) {
      const card = last.get(q.id);
      if (!card) continue;
      cards.push({
        ...card,
        id: cardIds.get(q.id)!,
        userId,
        questionId: q.id,
        answerHash: q.answerHash,
        leech: false,
        suspended: false,
        version: Math.max(0, card.reps - 1),
      });
    }
    for (const [lessonId, t] of lessonTimes) progress.push({ userId, lessonId, startedAt: new Date(t.start - 60_000), completedAt: new Date(t.end + 120_000) });
  }

  await db.user.createMany({ data: users });
  await db.cohortMember.createMany({ data: members });
  await db.lessonProgress.createMany({ data: progress });
  await insertCards(db, cards);
  await insertReviewLogs(db, logs);
  await db.$executeRawUnsafe("ANALYZE");
  return { cohortId: cohort.id, instructorId: instructor.id, userIds: users.map((u) => u.id), reviews: logs.length, cards: cards.length, questions: questions.length };
}


/**
 * `copies` more of every learner of the cohort: new accounts, memberships, lesson progress, cards and
 * logs (their learning days kept) with the same histories, written in SQL.
 */
async function copyLearners(db: Db, cohortId: string, copies: number): Promise<void> {
  await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`
        CREATE TEMP TABLE learner_copy ON COMMIT DROP AS
        SELECT m."userId" AS src, gen_random_uuid() AS dst, k FROM "CohortMember" m, generate_series(1, ${copies}) k
        WHERE m."cohortId" = ${cohortId}::uuid AND m.role = 'LEARNER'`;
      await tx.$executeRaw`
        INSERT INTO "User" (id, email, name, "passwordHash", "updatedAt")
        SELECT c.dst, c.k || '-' || u.email, u.name || ' (' || c.k || ')', u."passwordHash", now() FROM learner_copy c JOIN "User" u ON u.id = c.src`;
      await tx.$executeRaw`
        INSERT INTO "CohortMember" ("cohortId", "userId", role, "joinedAt")
        SELECT m."cohortId", c.dst, m.role, m."joinedAt" FROM learner_copy c JOIN "CohortMember" m ON m."userId" = c.src AND m."cohortId" = ${cohortId}::uuid`;
      await tx.$executeRaw`
        INSERT INTO "LessonProgress" ("userId", "lessonId", "startedAt", "completedAt")
        SELECT c.dst, p."lessonId", p."startedAt", p."completedAt" FROM learner_copy c JOIN "LessonProgress" p ON p."userId" = c.src`;
      await tx.$executeRaw`
        CREATE TEMP TABLE card_copy ON COMMIT DROP AS
        SELECT k.id AS src, gen_random_uuid() AS dst, c.dst AS "userId" FROM learner_copy c JOIN "Card" k ON k."userId" = c.src`;
      await tx.$executeRaw`
        INSERT INTO "Card" (id, "userId", "questionId", due, stability, difficulty, "elapsedDays", "scheduledDays", "learningSteps", reps, lapses,
                            state, "lastReview", "answerHash", leech, suspended, "relearnedAtLapses", version)
        SELECT cc.dst, cc."userId", k."questionId", k.due, k.stability, k.difficulty, k."elapsedDays", k."scheduledDays", k."learningSteps", k.reps, k.lapses,
               k.state, k."lastReview", k."answerHash", k.leech, k.suspended, k."relearnedAtLapses", k.version
        FROM card_copy cc JOIN "Card" k ON k.id = cc.src`;
      await tx.$executeRaw`
        INSERT INTO "ReviewLog" ("userId", "questionId", "cardId", rating, response, correct, "durationMs", "reviewedAt", "stateBefore",
                                 "cardBefore", "cardAfter", "elapsedDays", "scheduledDays", "idempotencyKey", "sessionId", source, "learningDay")
        SELECT cc."userId", r."questionId", cc.dst, r.rating, r.response, r.correct, r."durationMs", r."reviewedAt", r."stateBefore",
               r."cardBefore", r."cardAfter", r."elapsedDays", r."scheduledDays", r."idempotencyKey", r."sessionId", r.source, r."learningDay"
        FROM card_copy cc JOIN "ReviewLog" r ON r."cardId" = cc.src`;
    },
    { timeout: 30 * 60_000 },
  );
  await db.$executeRawUnsafe("VACUUM ANALYZE");
}

type QueryConfig = { text: string; values?: unknown[]; types?: pg.CustomTypesConfig };
type Sent = { config: QueryConfig; startMs: number; endMs: number; rows: number; pool: pg.Pool; settings?: string };

/**
 * Every statement the client sends through its pools while `run` runs, with when it started and ended
 * (the Prisma adapter and sqlRows send each through pool.query: the client's own pool, or for a
 * statement with settings the pool whose connections start with them), and when `run` ended.
 */
async function recordStatements(db: Db, run: () => Promise<unknown>) {
  const pools = [poolOf(db), ...settingsPoolsOf(db)];
  const originals = pools.map((pool) => pool.query);
  const sent: Sent[] = [];
  const t0 = performance.now();
  pools.forEach((pool, i) => {
    const settings = (pool.options as { options?: string }).options;
    pool.query = (async (config: QueryConfig | string) => {
      const send = (c: QueryConfig | string) => (originals[i] as (c: QueryConfig | string) => Promise<pg.QueryResult>).call(pool, c);
      if (typeof config === "string") return send(config);
      const entry: Sent = { config, startMs: performance.now() - t0, endMs: 0, rows: 0, pool, settings };
      sent.push(entry);
      const result = await send(config);
      entry.endMs = performance.now() - t0;
      entry.rows = result.rowCount ?? result.rows.length;
      return result;
    }) as typeof pool.query;
  });
  try {
    await run();
  } finally {
    pools.forEach((pool, i) => (pool.query = originals[i]!));
  }
  return { sent, totalMs: performance.now() - t0 };
}

/** A recorded statement sent again alone, on the pool it was sent on (so with its settings). */
async function sendAgain(s: Sent) {
  return s.pool.query({ text: s.config.text, values: s.config.values, ...(s.config.types ? { types: s.config.types } : {}) });
}

function statementLabel(text: string): string {
  const lines = text.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("--"));
  const head = lines.find((l) => !/^(WITH|SELECT)\b.{0,8}$/.test(l)) ?? lines[0] ?? "";
  return head.replace(/\s+/g, " ").slice(0, 90);
}

/** One dashboard's statements with their place in it, then each timed alone. */
async function timeStatements(db: Db, run: () => Promise<unknown>): Promise<{ statements: StatementTiming[]; jsAfterMs: number }> {
  const { sent, totalMs } = await recordStatements(db, run);
  const statements: StatementTiming[] = [];
  for (const s of sent) {
    const alone = await timeRuns(() => sendAgain(s));
    // "-c work_mem=64MB -c max_parallel_workers_per_gather=0" reads "[work_mem 64MB; max_parallel_workers_per_gather 0]".
    const settings = s.settings ? `[${s.settings.split("-c ").filter(Boolean).map((c) => c.trim().replace("=", " ")).join("; ")}] ` : "";
    statements.push({ label: `${settings}${statementLabel(s.config.text)}`, rows: s.rows, startMs: s.startMs, endMs: s.endMs, alone });
  }
  return { statements, jsAfterMs: totalMs - Math.max(...sent.map((s) => s.endMs)) };
}

/** Issue 18's goals: 200 learners × 500 reviews, and 5,000 learners. */
const GOALS_MS = { base: 100, large: 1_000 };

export async function cohortBench({ quick = false } = {}): Promise<CohortBenchResult> {
  const learners = quick ? 50 : 200;
  const largeLearners = quick ? 1_000 : 5_000;
  const reviewsPerLearner = 500;
  const tmp = mkdtempSync(path.join(os.tmpdir(), "recall-bench-cohort-"));
  const server = await startEmbeddedPostgres({ dataDir: path.join(tmp, "postgres"), port: await findFreePort(), database: "recall_bench", durable: false });
  const db = createPrisma(server.connectionString, 10);
  try {
    const started = performance.now();
    await applyMigrations({ connectionString: server.connectionString, migrationsDir: DEFAULT_MIGRATIONS_DIR });
    const content = await loadContent({ rootDir: process.env.RECALL_CONTENT_DIR || "content", compile: false });
    const errors = content.problems.filter((p) => p.severity === "error");
    if (errors.length) throw new Error(`the content has ${errors.length} error(s); run npm run content:check`);
    await syncContent({ prisma: db, content });
    const now = new Date();
    const built = await buildCohort(db, { learners, reviewsPerLearner, now });
    const buildSeconds = (performance.now() - started) / 1000;

    const actor = { id: built.instructorId, role: "INSTRUCTOR" as const };
    const measure = async (goalMs: number): Promise<CohortBenchSize> => {
      const members = (await db.cohortMember.findMany({ where: { cohortId: built.cohortId, role: "LEARNER" }, select: { userId: true } })).map((m) => m.userId);
      const dashboard = await timeRuns(() => getCohortDashboard({ db, actor, cohortId: built.cohortId, now }));
      const fullScan = await timeRuns(() => computeQuestionDaysFromLog({ db, userIds: members }));
      const baseline = await timeRuns(() => db.$queryRaw`SELECT count(*) FROM "ReviewLog" WHERE "userId" = ANY(${members}::uuid[])`);
      const { statements, jsAfterMs } = await timeStatements(db, () => getCohortDashboard({ db, actor, cohortId: built.cohortId, now }));
      const d = await getCohortDashboard({ db, actor, cohortId: built.cohortId, now });
      const [{ reviews, cards }] = await db.$queryRaw<{ reviews: number; cards: number }[]>`
        SELECT (SELECT count(*)::int FROM "ReviewLog" WHERE "userId" = ANY(${members}::uuid[])) AS reviews,
               (SELECT count(*)::int FROM "Card" WHERE "userId" = ANY(${members}::uuid[])) AS cards`;
      return {
        learners: members.length,
        reviews: reviews!,
        cards: cards!,
        dashboard,
        fullScan,
        baseline,
        ratio: dashboard.medianMs / baseline.medianMs,
        queries: statements.length,
        atRisk: d.learners.filter((l) => l.risks.length > 0).length,
        itemsJudged: d.items.filter((i) => i.discrimination !== null).length,
        goalMs,
        statements,
        jsAfterMs,
      };
    };
    const sizes = [await measure(GOALS_MS.base)];
    await copyLearners(db, built.cohortId, largeLearners / learners - 1);
    sizes.push(await measure(GOALS_MS.large));
    return { reviewsPerLearner, questions: built.questions, buildSeconds, sizes };
  } finally {
    await db.$disconnect();
    await server.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}
