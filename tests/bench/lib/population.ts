// A population at scale, for `npm run seed:scale` and the server benchmarks: learners, their cards,
// a review log per answer and their lesson progress, over the real questions in the database.
//
// Histories come from the FSRS memory model as the demo learner's do (lib/demo/learner-model.ts):
// each review is scheduled by our scheduler (ts-fsrs, FSRS-6 defaults, retention 0.9, fuzz on) and
// recalled with the model's own probability of recall at that moment; first answers and "Hard / Good
// / Easy when recalled" follow fsrs-rs's rating defaults; a day is skipped one time in five, so
// reviews come late. Simulating every card of millions would take longer than inserting them, so a
// pool of card histories is simulated once per run (HISTORY_POOL of them, each up to K reviews and at
// most a year long) and every card draws one and places it in time on its own:
//
// - each learner was last active some time ago (half within a day, a quarter within a week, the rest
//   up to ten months: they stopped), and had cleared their queue then, so every card's history ends
//   before that last session and the card was not due yet at it;
// - within that, the card's phase in its last interval is uniform, and no history starts more than a
//   year before now.
//
// Cards due now are then those whose interval ran out since the learner's last session, as in life.
//
// Physical layout as a live database has it: cards go in round by round (every learner's first card,
// then every learner's second…), so a learner's cards and logs are spread over the whole table, not
// packed into a few pages, which would flatter the due-queue query. Rows go in with COPY … FROM STDIN
// over two connections (about twice the rate of batched INSERT … SELECT FROM unnest(…), whose array
// literals PostgreSQL parses slowly), one chunk being generated while the previous one is written.
// With `dropIndexes` the Card and ReviewLog indexes and foreign keys are dropped for the load and
// rebuilt after it (sorted builds: several times faster, for a database nobody else is using).
import { randomUUID } from "node:crypto";
import pg from "pg";
import type { QuestionPayload } from "@/lib/quiz/types";
import { poolConfigFromUrl } from "@/lib/db/schema-engine";
import { mulberry32 } from "@/lib/srs/random";
import { DAY_MS, DEFAULT_DAY_OPTIONS } from "@/lib/srs/day";
import { isLeech, newCard, reviewCard, type CardState, type Rating, type SchedulerOptions, type SrsCard } from "@/lib/srs/scheduler";
import { daysLate, drawRating, type Random } from "@/lib/demo/learner-model";

export interface PopulationOptions {
  connectionString: string;
  learners: number;
  cardsPerLearner: number;
  /** Most reviews a card's history holds (fewer when a year is over first, or the card became a leech). */
  reviewsPerCard: number;
  seed?: number;
  now?: Date;
  /** Emails are `<prefix>-<run tag>-<n>@example.invalid`. */
  emailPrefix?: string;
  /** Default: a value no password verifies against (the accounts cannot sign in). */
  passwordHash?: string;
  /**
   * Review logs for the first N learners only (default: all). 0: cards only, their state still from
   * the simulated reviews (the due-queue benchmark needs millions of cards, not their logs).
   */
  logsForLearners?: number;
  /** Drop Card's and ReviewLog's indexes and foreign keys during the load, rebuild them after. */
  dropIndexes?: boolean;
  /** Every learner last active exactly this many days ago (default: drawn per learner). */
  awayDays?: number;
  onProgress?: (progress: { phase: string; done: number; of: number; rows: number; seconds: number }) => void;
}

export interface TableCount {
  table: "User" | "Card" | "ReviewLog" | "LessonProgress";
  rows: number;
}

export interface PopulationReport {
  runTag: string;
  learners: { id: string; email: string }[];
  tables: TableCount[];
  rows: number;
  /** Generating and writing the rows (index rebuild excluded). */
  seconds: number;
  rowsPerSecond: number;
  /** Rebuilding what `dropIndexes` dropped. */
  rebuildSeconds: number;
  /** Mean reviews per card in the histories (the log rows per card when logs are written). */
  meanReviewsPerCard: number;
  /** Cards due at `now` (not suspended). */
  dueNow: number;
  questions: number;
}

/** Not an argon2 string: verifyPassword fails on it, so no password signs these accounts in. */
export const NOT_LOGINABLE = "!scale-seed-not-loginable";
export const HISTORY_POOL = 20_000;

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const YEAR_MS = 365 * DAY_MS;
/** The bench's learners keep a new account's days (UTC, from 04:00). */
const POLICY: SchedulerOptions = { desiredRetention: 0.9, enableFuzz: true, day: DEFAULT_DAY_OPTIONS };
const SIM_EPOCH = Date.UTC(2024, 0, 1);
const CARDS_PER_CHUNK = 5_000;
const USERS_PER_CHUNK = 5_000;

interface Step {
  /** Since the history's first review. */
  atMs: number;
  rating: Rating;
  stateBefore: CardState;
  /** Whole days since the previous review (0 for the first). */
  elapsedDays: number;
  scheduledDays: number;
  /** Since the first review: the card's due date after this review. */
  dueAfterMs: number;
  /** JSON of the card before / after with the two instants left out: see logJson. */
  beforeMiddle: string;
  afterMiddle: string;
}

interface History {
  steps: Step[];
  lastMs: number;
  dueMs: number;
  final: SrsCard;
  leech: boolean;
}

function snapshotMiddle(card: SrsCard): string {
  // toSrsCardSnapshot()'s keys, in its order, between "due" and "lastReview".
  return `","stability":${card.stability},"difficulty":${card.difficulty},"elapsedDays":${card.elapsedDays},"scheduledDays":${card.scheduledDays},"learningSteps":${card.learningSteps},"reps":${card.reps},"lapses":${card.lapses},"state":"${card.state}","lastReview":`;
}

/** One card's history from its first answer, under our scheduler, recalled as the memory model says. */
function simulateHistory(random: Random, maxReviews: number): History {
  const steps: Step[] = [];
  let card = newCard(new Date(SIM_EPOCH));
  let at = SIM_EPOCH;
  let leech = false;
  for (;;) {
    const now = new Date(at);
    const rating = drawRating(random, card, now);
    const { card: after, log } = reviewCard({ card, rating, now, options: POLICY });
    steps.push({
      atMs: at - SIM_EPOCH,
      rating,
      stateBefore: card.state,
      elapsedDays: log.elapsedDays,
      scheduledDays: after.scheduledDays,
      dueAfterMs: after.due.getTime() - SIM_EPOCH,
      beforeMiddle: snapshotMiddle(card),
      afterMiddle: snapshotMiddle(after),
    });
    card = after;
    if (isLeech(after)) {
      leech = true;
      break;
    }
    if (steps.length >= maxReviews) break;
    const dueMs = after.due.getTime();
    let next: number;
    if (dueMs - at < 6 * HOUR_MS) {
      next = dueMs + Math.floor(random() * 3 * MINUTE_MS); // a learning step, answered in the same session
    } else {
      next = dueMs + daysLate(random) * DAY_MS + Math.floor(random() * 12 * HOUR_MS);
    }
    if (next - SIM_EPOCH > YEAR_MS) break;
    at = next;
  }
  const last = steps[steps.length - 1]!;
  return { steps, lastMs: last.atMs, dueMs: last.dueAfterMs, final: card, leech };
}

/** Days since the learner's last session. */
function daysAway(random: Random): number {
  const x = random();
  if (x < 0.5) return random();
  if (x < 0.75) return 1 + random() * 6;
  if (x < 0.9) return 7 + random() * 53;
  return 60 + random() * 240;
}

interface LiveQuestion {
  id: string;
  lessonId: string;
  answerHash: string;
  rightJson: string;
  wrongJson: string;
}

/** What a learner plausibly sent, right or wrong (as the demo history does). */
export function responseFor(payload: QuestionPayload, correct: boolean): Record<string, unknown> {
  switch (payload.kind) {
    case "MULTIPLE_CHOICE": {
      const right = payload.choices.filter((c) => c.correct).map((c) => c.id);
      const wrong = payload.choices.filter((c) => !c.correct).map((c) => c.id);
      return { kind: "MULTIPLE_CHOICE", choiceIds: correct || wrong.length === 0 ? right : [wrong[0]!] };
    }
    case "ESTIMATE":
      return { kind: "ESTIMATE", value: correct ? payload.answer : payload.answer * 1000, unit: payload.unit };
    case "FREE_RECALL":
      return { kind: "FREE_RECALL", text: correct ? payload.keyPoints.map((k) => k.keywords[0] ?? k.text).join("; ") : "" };
  }
}

/** pg options for a Recall database URL (its ?schema= becomes the search_path). */
export function poolConfig(connectionString: string, max: number): pg.PoolConfig {
  const { config, schema } = poolConfigFromUrl(connectionString);
  return { ...config, max, ...(schema ? { options: `-c search_path=${schema}` } : {}) };
}

export async function liveQuestions(client: pg.Pool | pg.Client): Promise<(LiveQuestion & { payload: QuestionPayload; kind: string })[]> {
  const { rows } = await client.query<{ id: string; lessonId: string; answerHash: string; payload: QuestionPayload; kind: string }>(
    `SELECT q."id", q."lessonId", q."answerHash", q."payload", q."kind"::text AS kind
       FROM "Question" q JOIN "Lesson" l ON l."id" = q."lessonId" JOIN "Course" c ON c."id" = l."courseId"
      WHERE q."retiredAt" IS NULL AND l."retiredAt" IS NULL AND c."retiredAt" IS NULL
      ORDER BY q."id"`,
  );
  return rows.map((q) => ({ ...q, rightJson: JSON.stringify(responseFor(q.payload, true)), wrongJson: JSON.stringify(responseFor(q.payload, false)) }));
}

const naive = (ms: number) => new Date(ms).toISOString().slice(0, 23);

/** A value in COPY's text format: backslash, tab, newline and carriage return escaped. */
export function copyText(value: string): string {
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r")) : value;
}

/**
 * `COPY … FROM STDIN` over a pg client: pg has no copy support of its own (pg-copy-streams adds it);
 * this is the part of the protocol a bulk load needs, as a submittable query.
 */
export class CopyFrom {
  callback?: (error: Error | null, result?: { rowCount: number }) => void;
  private rowCount = 0;
  private done = false;
  constructor(
    readonly text: string,
    private readonly payload: string,
  ) {}
  submit(connection: { query(text: string): void }) {
    connection.query(this.text);
  }
  handleCopyInResponse(connection: { sendCopyFromChunk(chunk: Buffer): void; endCopyFrom(): void }) {
    const buffer = Buffer.from(this.payload);
    for (let at = 0; at < buffer.length; at += 1 << 20) connection.sendCopyFromChunk(buffer.subarray(at, at + (1 << 20)));
    connection.endCopyFrom();
  }
  handleCommandComplete(message: { text: string }) {
    this.rowCount = Number(/\d+$/.exec(message.text)?.[0] ?? 0);
  }
  handleReadyForQuery() {
    this.finish(null);
  }
  handleError(error: Error) {
    this.finish(error);
  }
  handleRowDescription() {}
  handleDataRow() {}
  handleEmptyQuery() {}
  handlePortalSuspended() {}
  handleCopyData() {}
  private finish(error: Error | null) {
    if (this.done) return;
    this.done = true;
    this.callback?.(error, { rowCount: this.rowCount });
  }
}

/** Loads rows (each a line of tab-separated COPY text) into table(columns). */
export function copyRows(client: pg.Client, table: string, columns: readonly string[], rows: readonly string[]): Promise<number> {
  if (rows.length === 0) return Promise.resolve(0);
  const copy = new CopyFrom(`COPY "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) FROM STDIN`, rows.join("\n") + "\n");
  return new Promise((resolve, reject) => {
    copy.callback = (error, result) => (error ? reject(error) : resolve(result?.rowCount ?? 0));
    client.query(copy as unknown as pg.QueryConfig);
  });
}

const USER_COLUMNS = ["id", "email", "name", "passwordHash", "createdAt", "updatedAt"];
const CARD_COLUMNS = ["id", "userId", "questionId", "due", "stability", "difficulty", "elapsedDays", "scheduledDays", "learningSteps", "reps", "lapses", "state", "lastReview", "answerHash", "leech", "suspended", "version", "createdAt"];
const LOG_COLUMNS = ["userId", "questionId", "cardId", "rating", "response", "correct", "durationMs", "reviewedAt", "stateBefore", "cardBefore", "cardAfter", "elapsedDays", "scheduledDays", "idempotencyKey", "sessionId", "source"];
const PROGRESS_COLUMNS = ["userId", "lessonId", "startedAt", "completedAt"];

interface Rebuild {
  statements: string[];
  seconds: number;
}

/**
 * Drops the indexes and constraints of `tables` (foreign keys first), returning the statements that
 * recreate them: primary keys and unique constraints, then indexes, then foreign keys. A primary key
 * that another table references is kept.
 */
async function dropIndexesOf(client: pg.Client, tables: readonly string[]): Promise<string[]> {
  const keys: string[] = [];
  const indexes: string[] = [];
  const foreign: string[] = [];
  const drops: string[] = [];
  for (const table of tables) {
    const relation = `"${table}"`;
    const { rows: constraints } = await client.query<{ name: string; type: string; def: string; referenced: boolean }>(
      `SELECT c.conname AS name, c.contype AS type, pg_get_constraintdef(c.oid) AS def,
              EXISTS (SELECT 1 FROM pg_constraint r WHERE r.confrelid = c.conrelid AND r.contype = 'f' AND r.conrelid <> c.conrelid) AS referenced
         FROM pg_constraint c WHERE c.conrelid = $1::regclass AND c.contype IN ('p', 'u', 'f')`,
      [relation],
    );
    const { rows: plain } = await client.query<{ name: string; def: string }>(
      `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
        WHERE x.indrelid = $1::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`,
      [relation],
    );
    for (const c of constraints) {
      const add = `ALTER TABLE ${relation} ADD CONSTRAINT "${c.name}" ${c.def}`;
      if (c.type === "f") {
        foreign.push(add);
        drops.unshift(`ALTER TABLE ${relation} DROP CONSTRAINT "${c.name}"`);
      } else if (!c.referenced) {
        keys.push(add);
        drops.push(`ALTER TABLE ${relation} DROP CONSTRAINT "${c.name}"`);
      }
    }
    for (const i of plain) {
      indexes.push(i.def);
      drops.push(`DROP INDEX "${i.name}"`);
    }
  }
  await client.query("BEGIN");
  for (const statement of drops) await client.query(statement);
  await client.query("COMMIT");
  return [...keys, ...indexes, ...foreign];
}

async function rebuild(client: pg.Client, statements: readonly string[]): Promise<Rebuild> {
  const started = performance.now();
  await client.query("SET maintenance_work_mem = '512MB'");
  for (const statement of statements) await client.query(statement);
  await client.query("RESET maintenance_work_mem");
  return { statements: [...statements], seconds: (performance.now() - started) / 1000 };
}

/** A seed for one learner's one card, independent of every other (cards are made round by round). */
function cardSeed(seed: number, learner: number, card: number): number {
  return (Math.imul(learner + 1, 0x9e3779b1) ^ Math.imul(card + 1, 0x85ebca77) ^ Math.imul(seed, 0xc2b2ae3d)) >>> 0;
}

/**
 * Generates and inserts the population. Fails before writing anything if the database holds fewer
 * live questions than `cardsPerLearner` (a learner has one card per question).
 */
export async function seedPopulation(options: PopulationOptions): Promise<PopulationReport> {
  const { learners, cardsPerLearner, reviewsPerCard } = options;
  for (const [name, value] of [["learners", learners], ["cards-per-learner", cardsPerLearner], ["reviews-per-card", reviewsPerCard]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`--${name} must be a whole number ≥ 1, got ${value}.`);
  }
  const logsFor = Math.min(learners, options.logsForLearners ?? learners);
  const nowMs = (options.now ?? new Date()).getTime();
  const seed = options.seed ?? 1;
  const runTag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36).padStart(2, "0")}`;
  const prefix = options.emailPrefix ?? "scale";
  const passwordHash = copyText(options.passwordHash ?? NOT_LOGINABLE);
  const progress = (phase: string, done: number, of: number) =>
    options.onProgress?.({ phase, done, of, rows: counts.User + counts.Card + counts.ReviewLog + counts.LessonProgress, seconds: (performance.now() - started) / 1000 });

  // Two connections write: users, cards and progress on one, review logs on the other. They settle
  // for losing the last batches on a crash rather than waiting for each commit to reach the disk.
  const config = poolConfig(options.connectionString, 1);
  const connect = async () => {
    const client = new pg.Client({ ...config, options: `${config.options ?? ""} -c synchronous_commit=off`.trim() });
    await client.connect();
    return client;
  };
  const main = await connect();
  const side = await connect();
  const started = performance.now();
  const counts: Record<TableCount["table"], number> = { User: 0, Card: 0, ReviewLog: 0, LessonProgress: 0 };
  let recreate: string[] = [];
  let rebuilt: Rebuild = { statements: [], seconds: 0 };
  try {
    const questions = await liveQuestions(main).catch((e: { code?: string }) => {
      if (e.code === "42P01") throw new Error("The database has no Recall schema yet: run `npm start` (or `npm run db:migrate && npm run content:sync`) first.");
      throw e;
    });
    if (questions.length === 0) throw new Error("The database has no questions: load the content first (`npm run content:sync`, also done by `npm start`).");
    if (cardsPerLearner > questions.length) {
      throw new RangeError(`--cards-per-learner ${cardsPerLearner} is more than the ${questions.length} live questions (a learner has one card per question).`);
    }
    for (const q of questions) {
      q.rightJson = copyText(q.rightJson);
      q.wrongJson = copyText(q.wrongJson);
    }
    const lessonIds = [...new Set(questions.map((q) => q.lessonId))];
    const lessonOf = Uint16Array.from(questions, (q) => lessonIds.indexOf(q.lessonId));

    const random = mulberry32(seed);
    const poolSize = Math.min(HISTORY_POOL, learners * cardsPerLearner);
    const histories = Array.from({ length: poolSize }, () => simulateHistory(random, reviewsPerCard));

    // Learners: when they were last active and which questions they have (in the order they met them).
    const report: PopulationReport["learners"] = [];
    const lastSession = new Float64Array(learners);
    const order = new Uint16Array(learners * cardsPerLearner);
    const yearStart = nowMs - YEAR_MS;
    const indexes = Uint16Array.from(questions, (_, i) => i);
    for (let first = 0; first < learners; first += USERS_PER_CHUNK) {
      const users: string[] = [];
      for (let n = first; n < Math.min(learners, first + USERS_PER_CHUNK); n++) {
        const r = mulberry32(cardSeed(seed, n, -1));
        const id = randomUUID();
        const email = `${prefix}-${runTag}-${n + 1}@example.invalid`;
        report.push({ id, email });
        lastSession[n] = nowMs - (options.awayDays ?? daysAway(r)) * DAY_MS;
        for (let i = indexes.length - 1; i > 0; i--) {
          const j = Math.floor(r() * (i + 1));
          [indexes[i], indexes[j]] = [indexes[j]!, indexes[i]!];
        }
        order.set(indexes.subarray(0, cardsPerLearner), n * cardsPerLearner);
        // Accounts a little older than the year of history.
        users.push(`${id}\t${email}\tScale learner ${n + 1}\t${passwordHash}\t${naive(yearStart - r() * 30 * DAY_MS)}\t${naive(lastSession[n]!)}`);
      }
      counts.User += await copyRows(main, "User", USER_COLUMNS, users);
    }
    progress("users", learners, learners);

    if (options.dropIndexes) recreate = await dropIndexesOf(main, logsFor > 0 ? ["Card", "ReviewLog"] : ["Card"]);

    const lessonStart = new Float64Array(learners * lessonIds.length).fill(Infinity);
    let reviewsSimulated = 0;
    let dueNow = 0;
    let inflight: Promise<unknown> = Promise.resolve();
    const learnersPerChunk = Math.min(learners, CARDS_PER_CHUNK);
    // Round c holds every learner's c-th card, chunk by chunk of learners.
    for (let c = 0; c < cardsPerLearner; c++) {
      for (let first = 0; first < learners; first += learnersPerChunk) {
        const cards: string[] = [];
        const logs: string[] = [];
        const last = Math.min(learners, first + learnersPerChunk);
        for (let n = first; n < last; n++) {
          // Let the connections answer PostgreSQL (each COPY waits for its turn) while the chunk is made.
          if ((n - first) % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
          const r = mulberry32(cardSeed(seed, n, c));
          const userId = report[n]!.id;
          const questionIndex = order[n * cardsPerLearner + c]!;
          const question = questions[questionIndex]!;
          const away = lastSession[n]!;
          let history = histories[Math.floor(r() * poolSize)]!;
          for (let tries = 0; tries < 8 && away - history.lastMs < yearStart; tries++) history = histories[Math.floor(r() * poolSize)]!;
          const upper = away - history.lastMs;
          const lower = Math.max(away - history.dueMs, yearStart);
          const start = Math.floor(lower < upper ? lower + r() * (upper - lower) : upper);
          const cardId = randomUUID();
          const { final, leech } = history;
          const due = start + history.dueMs;
          cards.push(
            `${cardId}\t${userId}\t${question.id}\t${naive(due)}\t${final.stability}\t${final.difficulty}\t${final.elapsedDays}\t${final.scheduledDays}\t` +
              `${final.learningSteps}\t${final.reps}\t${final.lapses}\t${final.state}\t${naive(start + history.lastMs)}\t${question.answerHash}\t` +
              `${leech ? "t" : "f"}\t${leech ? "t" : "f"}\t${Math.max(0, final.reps - 1)}\t${naive(start)}`,
          );
          reviewsSimulated += history.steps.length;
          if (!leech && due <= nowMs) dueNow++;
          const slot = n * lessonIds.length + lessonOf[questionIndex]!;
          lessonStart[slot] = Math.min(lessonStart[slot]!, start);
          if (n >= logsFor) continue;
          let previousAt = "";
          let previousDue = "";
          for (let k = 0; k < history.steps.length; k++) {
            const step = history.steps[k]!;
            const at = new Date(start + step.atMs).toISOString();
            const dueAfter = new Date(start + step.dueAfterMs).toISOString();
            const correct = step.rating > 1;
            const before = `{"due":"${k === 0 ? at : previousDue}${step.beforeMiddle}${k === 0 ? "null" : `"${previousAt}"`},"existed":${k > 0},"leech":false}`;
            const after = `{"due":"${dueAfter}${step.afterMiddle}"${at}"}`;
            // Keys shaped as the app's (a UUID per answer and per session), so that sizes per row hold.
            const session = k === 0 ? `lesson:${question.lessonId}\tlesson` : `${userId.slice(0, 24)}${Math.floor((start + step.atMs) / DAY_MS).toString(16).padStart(12, "0")}\treview`;
            logs.push(
              `${userId}\t${question.id}\t${cardId}\t${step.rating}\t${correct ? question.rightJson : question.wrongJson}\t${correct ? "t" : "f"}\t` +
                `${5_000 + Math.floor(r() * 35_000)}\t${at.slice(0, 23)}\t${step.stateBefore}\t${before}\t${after}\t${step.elapsedDays}\t${step.scheduledDays}\t` +
                `${randomUUID()}\t${session}`,
            );
            previousAt = at;
            previousDue = dueAfter;
          }
        }

        // Written while the next chunk is made; at most one chunk waits. Without logs, the cards
        // are shared between the two connections.
        await inflight;
        const split = logs.length > 0 ? cards.length : Math.ceil(cards.length / 2);
        counts.Card += cards.length;
        counts.ReviewLog += logs.length;
        const done = c * learners + last;
        inflight = Promise.all([
          copyRows(main, "Card", CARD_COLUMNS, cards.slice(0, split)),
          copyRows(side, "Card", CARD_COLUMNS, cards.slice(split)).then(() => copyRows(side, "ReviewLog", LOG_COLUMNS, logs)),
        ]).then(() => progress("cards", done, learners * cardsPerLearner));
        // Awaited with the next chunk; until then a failure must not count as unhandled.
        inflight.catch(() => undefined);
      }
    }
    await inflight;

    for (let first = 0; first < learners; first += USERS_PER_CHUNK) {
      const rows: string[] = [];
      for (let n = first; n < Math.min(learners, first + USERS_PER_CHUNK); n++) {
        for (let l = 0; l < lessonIds.length; l++) {
          const startedAt = lessonStart[n * lessonIds.length + l]!;
          if (startedAt !== Infinity) rows.push(`${report[n]!.id}\t${lessonIds[l]}\t${naive(startedAt)}\t${naive(startedAt + 20 * MINUTE_MS)}`);
        }
      }
      counts.LessonProgress += await copyRows(main, "LessonProgress", PROGRESS_COLUMNS, rows);
    }
    const seconds = (performance.now() - started) / 1000;
    if (recreate.length) {
      progress("rebuilding indexes", 0, recreate.length);
      rebuilt = await rebuild(main, recreate);
      recreate = [];
    }
    const rows = counts.User + counts.Card + counts.ReviewLog + counts.LessonProgress;
    return {
      runTag,
      learners: report,
      tables: (Object.keys(counts) as TableCount["table"][]).map((table) => ({ table, rows: counts[table] })),
      rows,
      seconds,
      rowsPerSecond: rows / seconds,
      rebuildSeconds: rebuilt.seconds,
      meanReviewsPerCard: reviewsSimulated / counts.Card,
      dueNow,
      questions: questions.length,
    };
  } finally {
    // A failed load still gets its indexes back (they fail loudly if the rows broke a constraint).
    if (recreate.length) await rebuild(main, recreate).catch((e: Error) => console.error(`✖ Rebuilding the dropped indexes failed: ${e.message}\n  ${recreate.join(";\n  ")}`));
    await Promise.all([main.end(), side.end()]).catch(() => undefined);
  }
}

export interface TableSize {
  table: string;
  rows: number;
  totalBytes: number;
  bytesPerRow: number;
}

/** After a bulk load: statistics for the planner (autovacuum would get there later) and each table's size. */
export async function analyzeAndMeasure(connectionString: string, tables: readonly string[] = ["User", "Card", "ReviewLog", "LessonProgress"]): Promise<TableSize[]> {
  const client = new pg.Client(poolConfig(connectionString, 1));
  await client.connect();
  try {
    const sizes: TableSize[] = [];
    for (const table of tables) {
      await client.query(`VACUUM (ANALYZE) "${table}"`);
      const { rows } = await client.query<{ rows: string; bytes: string }>(
        `SELECT (SELECT count(*) FROM "${table}") AS rows, pg_total_relation_size('"${table}"') AS bytes`,
      );
      const count = Number(rows[0]!.rows);
      const bytes = Number(rows[0]!.bytes);
      sizes.push({ table, rows: count, totalBytes: bytes, bytesPerRow: count ? bytes / count : 0 });
    }
    return sizes;
  } finally {
    await client.end();
  }
}
