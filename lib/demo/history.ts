// A year of believable history for a demo learner, over the questions really in the database: a
// lesson read every few days (its questions answered while reading: the first review), then daily
// review sessions of whatever FSRS (ts-fsrs, default parameters, fuzz off, retention 0.9) has made
// due. Whether each review is recalled is drawn, with a seeded PRNG, from the FSRS memory model's
// own recall probability for the card at that moment; about one day in five is skipped, so reviews
// pile up and come back overdue, as in real life. Sessions happen at plausible local times in the
// learner's time zone.
//
// With a `profile` the learner is one of a cohort: they read the lessons in order from the first day
// (at their own pace, perhaps only a few of them, perhaps only some courses), may have stopped some
// days ago, and answer according to an ability: a logit shift applied, on a first attempt, against a
// per-question difficulty drawn from the question id (so the same questions are hard for everyone,
// as item analysis expects), and at half strength to the FSRS recall probability in reviews.
import { randomUUID } from "node:crypto";
import { insertCards, insertReviewLogs, type CardRow, type ReviewLogRow } from "@/lib/db/bulk-insert";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { QuestionPayload } from "@/lib/quiz/types";
import { toSrsCardSnapshot } from "@/lib/srs/card-fields";
import { addDaysToDayString, DAY_MS, type DayOptions, learningDay, startOfDayString } from "@/lib/srs/day";
import { mulberry32, pickWeighted } from "@/lib/srs/random";
import { isLeech, isRecalled, newCard, reviewCard, type SchedulerOptions, type SrsCard } from "@/lib/srs/scheduler";
import { between, drawRating, intBetween, questionDifficulty, SKIP_PROBABILITY, type Random } from "./learner-model";

/** How one learner of a cohort studies. Without it, the demo learner's year (the defaults below). */
export interface LearnerProfile {
  /**
   * Logit shift, about −2..2 (default 0). First attempt right with probability
   * logistic(logit(base) + ability − questionDifficulty(id)), base being the default rating model's
   * share of first answers not rated Again; recalled in a review with logistic(logit(R) + ability / 2),
   * R the FSRS retrievability.
   */
  ability?: number;
  /** Chance that a day without a lesson has no session at all (default 0.2). */
  skipProbability?: number;
  /** No activity at all in the last N days (default 0). */
  inactiveForDays?: number;
  /** Reads at most this many lessons (default: all of them, pace permitting). */
  lessons?: number;
  /** Only these courses' lessons (default: every course). */
  courseIds?: string[];
}

export interface SeedDemoHistoryOptions {
  db: Db;
  userId: string;
  now?: Date;
  seed?: number;
  /** Length of the history, ending now. */
  days?: number;
  profile?: LearnerProfile;
}

export interface SeedDemoHistoryResult {
  /** True when the learner already had a history (or no question exists): nothing was written. */
  skipped: boolean;
  reviews: number;
  cards: number;
  lessonsRead: number;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const POLICY: Omit<SchedulerOptions, "day"> = { desiredRetention: 0.9, enableFuzz: false };
/** Learning steps due within this long of the last answer are waited for in the same session. */
const SESSION_WAIT_MS = 15 * MINUTE_MS;

interface SeedQuestion {
  id: string;
  payload: QuestionPayload;
  answerHash: string;
}

interface SeedLesson {
  id: string;
  readingMinutes: number;
  questions: SeedQuestion[];
}

interface SimCard {
  id: string;
  question: SeedQuestion;
  card: SrsCard;
  leech: boolean;
}

/** What the learner plausibly typed or picked, right or wrong. */
function responseFor(payload: QuestionPayload, correct: boolean, random: Random): Prisma.InputJsonObject {
  switch (payload.kind) {
    case "MULTIPLE_CHOICE": {
      const right = payload.choices.filter((c) => c.correct).map((c) => c.id);
      const wrong = payload.choices.filter((c) => !c.correct).map((c) => c.id);
      if (correct || wrong.length === 0) return { kind: "MULTIPLE_CHOICE", choiceIds: right };
      return { kind: "MULTIPLE_CHOICE", choiceIds: [wrong[Math.floor(random() * wrong.length)]!] };
    }
    case "ESTIMATE": {
      const off = random() < 0.5 ? 30 : 1 / 30;
      const near = payload.tolerance.type === "relative" ? 1 + (random() - 0.5) * payload.tolerance.value : between(random, 0.5, 2);
      return { kind: "ESTIMATE", value: payload.answer * (correct ? near : off), unit: payload.unit };
    }
    case "FREE_RECALL": {
      const points = payload.keyPoints.map((k) => k.keywords[0] ?? k.text);
      return { kind: "FREE_RECALL", text: correct ? points.join("; ") : random() < 0.5 ? "" : "Not sure, something about the first point?" };
    }
  }
}

function asPayload(value: Prisma.JsonValue): QuestionPayload | null {
  const kind = (value as { kind?: unknown } | null)?.kind;
  return kind === "MULTIPLE_CHOICE" || kind === "FREE_RECALL" || kind === "ESTIMATE" ? (value as unknown as QuestionPayload) : null;
}

/** A session start in local time: mostly evenings, some mornings and lunch breaks. */
function sessionStart(day: string, tz: DayOptions, random: Random): number {
  const midnight = startOfDayString(day, { timezone: tz.timezone, dayStartHour: 0 }).getTime();
  const slot = pickWeighted(random, [0.3, 0.15, 0.55]);
  const hour = [between(random, 7, 9), between(random, 12, 14), between(random, 18, 22.5)][slot]!;
  return midnight + Math.floor(hour * HOUR_MS);
}

/** Lessons to read, course by course; the last lesson of each course is left for the learner. */
function lessonsToRead(courses: SeedLesson[][]): SeedLesson[] {
  return courses.flatMap((lessons) => (lessons.length >= 2 ? lessons.slice(0, -1) : lessons));
}

/**
 * Writes the history (cards in their final state, one review log per answer, lesson progress) unless
 * the learner already has review logs or cards. One transaction under a per-learner advisory lock,
 * so two start-ups racing write it once.
 */
export async function seedDemoHistory({ db, ...options }: SeedDemoHistoryOptions): Promise<SeedDemoHistoryResult> {
  return db.$transaction((tx) => seedDemoHistoryIn(tx, options), { timeout: 60_000, maxWait: 10_000 });
}

/**
 * The same, inside the caller's transaction (seedDemoCohort writes a whole cohort in one); the
 * per-learner advisory lock is taken there.
 */
export async function seedDemoHistoryIn(
  tx: Prisma.TransactionClient,
  { userId, now = new Date(), seed = 20_24, days = 365, profile }: Omit<SeedDemoHistoryOptions, "db">,
): Promise<SeedDemoHistoryResult> {
  const none: SeedDemoHistoryResult = { skipped: true, reviews: 0, cards: 0, lessonsRead: 0 };
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`seed-demo-history:${userId}`}))`;
  // One at a time: a transaction runs on a single connection.
  const logCount = await tx.reviewLog.count({ where: { userId } });
  const cardCount = await tx.card.count({ where: { userId } });
  const user = await tx.user.findUnique({ where: { id: userId }, select: { timezone: true, dayStartHour: true } });
  if (!user || logCount > 0 || cardCount > 0) return none;

  const rows = await tx.lesson.findMany({
    where: { retiredAt: null, course: { retiredAt: null }, ...(profile?.courseIds ? { courseId: { in: profile.courseIds } } : {}) },
    orderBy: [{ course: { position: "asc" } }, { courseId: "asc" }, { position: "asc" }],
    select: {
      id: true,
      courseId: true,
      readingMinutes: true,
      questions: { where: { retiredAt: null }, orderBy: { position: "asc" }, select: { id: true, payload: true, answerHash: true } },
    },
  });
  const byCourse = new Map<string, SeedLesson[]>();
  for (const row of rows) {
    const questions = row.questions.flatMap((q) => {
      const payload = asPayload(q.payload);
      return payload ? [{ id: q.id, payload, answerHash: q.answerHash }] : [];
    });
    if (questions.length === 0) continue;
    byCourse.set(row.courseId, [...(byCourse.get(row.courseId) ?? []), { id: row.id, readingMinutes: row.readingMinutes, questions }]);
  }
  // A cohort learner reads from the first lesson on; the demo learner leaves each course's last.
  const reading = profile
    ? [...byCourse.values()].flat().slice(0, Math.max(0, profile.lessons ?? Infinity))
    : lessonsToRead([...byCourse.values()]);
  if (reading.length === 0) return none;

  const tz: DayOptions = { timezone: user.timezone, dayStartHour: user.dayStartHour };
  const random = mulberry32(seed);
  const today = learningDay(now, tz);
  const firstDay = addDaysToDayString(today, -(days - 1));
  const ability = profile?.ability ?? 0;
  const skipProbability = profile?.skipProbability ?? SKIP_PROBABILITY;
  const inactiveForDays = Math.max(0, profile?.inactiveForDays ?? 0);
  /** Nothing happens after this instant. */
  const endMs = now.getTime() - inactiveForDays * DAY_MS;
  const activeDays = days - inactiveForDays;

  const readOn = new Map<number, SeedLesson>();
  if (profile) {
    // From the first days on, at the learner's own pace: some would finish well within their active
    // days, some would not (what falls after them is never read).
    const spacing = (activeDays * between(random, 0.5, 1.5)) / reading.length;
    for (let i = 0, day = intBetween(random, 0, 2); i < reading.length && day < activeDays; i++) {
      readOn.set(day, reading[i]!);
      day += Math.max(1, Math.round(spacing * between(random, 0.6, 1.4)));
    }
  } else {
    // About one lesson every few days; with little content, spread over most of the year instead.
    // Placed backwards from a few days ago, so the latest lesson is recent and its cards are young.
    const spreadDays = (0.9 * days) / reading.length;
    for (let i = reading.length - 1, day = days - 1 - intBetween(random, 2, 5); i >= 0 && day >= 0; i--) {
      readOn.set(day, reading[i]!);
      day -= Math.max(intBetween(random, 2, 5), Math.round(spreadDays * between(random, 0.7, 1.3)));
    }
  }
  const difficulties = new Map<string, number>();
  const difficultyOf = (questionId: string): number => {
    let d = difficulties.get(questionId);
    if (d === undefined) difficulties.set(questionId, (d = questionDifficulty(questionId)));
    return d;
  };

  const cards: SimCard[] = [];
  const logs: ReviewLogRow[] = [];
  const progress: Prisma.LessonProgressCreateManyInput[] = [];
  let serial = 0;

  const answer = (sim: SimCard, atMs: number, sessionId: string, source: "lesson" | "review"): number => {
    const before = sim.card;
    const at = new Date(atMs);
    const rating = drawRating(random, before, at, profile ? { ability, difficulty: difficultyOf(sim.question.id) } : undefined);
    const { card: after, log } = reviewCard({ card: before, rating, now: at, options: { ...POLICY, day: tz } });
    const correct = isRecalled(rating);
    const durationMs = intBetween(random, 5_000, 40_000);
    logs.push({
      userId,
      questionId: sim.question.id,
      cardId: sim.id,
      rating,
      response: responseFor(sim.question.payload, correct, random),
      correct,
      durationMs,
      reviewedAt: at,
      stateBefore: before.state,
      cardBefore: { ...toSrsCardSnapshot(before), existed: source === "review", leech: sim.leech },
      cardAfter: toSrsCardSnapshot(after),
      elapsedDays: log.elapsedDays,
      scheduledDays: after.scheduledDays,
      idempotencyKey: `demo-${seed}-${serial++}`,
      sessionId,
      source,
    });
    sim.card = after;
    sim.leech ||= isLeech(after);
    return durationMs + intBetween(random, 1_000, 8_000);
  };

  for (let d = 0; d < activeDays; d++) {
    const day = addDaysToDayString(firstDay, d);
    const lesson = readOn.get(d);
    if (!lesson && random() < skipProbability) continue;
    let clock = sessionStart(day, tz, random);
    if (clock > endMs) continue;

    if (lesson) {
      const startedAt = clock;
      const sessionId = `lesson:${lesson.id}`;
      const perQuestionMs = (lesson.readingMinutes * MINUTE_MS) / lesson.questions.length;
      for (const question of lesson.questions) {
        clock += Math.floor(perQuestionMs * between(random, 0.6, 1.4));
        if (clock > endMs) break;
        const sim: SimCard = { id: randomUUID(), question, card: newCard(new Date(clock)), leech: false };
        cards.push(sim);
        clock += answer(sim, clock, sessionId, "lesson");
      }
      progress.push({ userId, lessonId: lesson.id, startedAt: new Date(startedAt), completedAt: new Date(clock + intBetween(random, 1, 5) * MINUTE_MS) });
      clock += intBetween(random, 15, 90) * MINUTE_MS;
    }

    // The day's review session: everything due by its start, then learning steps as they come due.
    const sessionId = randomUUID();
    const queue = cards.filter((c) => !c.leech && c.card.due.getTime() <= clock).sort((a, b) => a.card.due.getTime() - b.card.due.getTime());
    while (queue.length > 0) {
      const sim = queue.shift()!;
      const dueMs = sim.card.due.getTime();
      if (dueMs > clock + SESSION_WAIT_MS) break;
      clock = Math.max(clock, dueMs);
      if (clock > endMs) break;
      clock += answer(sim, clock, sessionId, "review");
      const nextDue = sim.card.due.getTime();
      if (!sim.leech && nextDue <= clock + SESSION_WAIT_MS) {
        const at = queue.findIndex((c) => c.card.due.getTime() > nextDue);
        queue.splice(at === -1 ? queue.length : at, 0, sim);
      }
    }
  }

  const cardRows: CardRow[] = cards.map((c) => ({
    id: c.id,
    userId,
    questionId: c.question.id,
    due: c.card.due,
    stability: c.card.stability,
    difficulty: c.card.difficulty,
    elapsedDays: c.card.elapsedDays,
    scheduledDays: c.card.scheduledDays,
    learningSteps: c.card.learningSteps,
    reps: c.card.reps,
    lapses: c.card.lapses,
    state: c.card.state,
    lastReview: c.card.lastReview,
    answerHash: c.question.answerHash,
    leech: c.leech,
    suspended: c.leech,
    // The app bumps the version on every answer after the first (which creates the card).
    version: Math.max(0, c.card.reps - 1),
  }));
  await insertCards(tx, cardRows);
  await insertReviewLogs(tx, logs);
  await tx.lessonProgress.createMany({ data: progress, skipDuplicates: true });
  return { skipped: false, reviews: logs.length, cards: cardRows.length, lessonsRead: progress.length };
}
