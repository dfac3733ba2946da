// The demo cohort: generated learners with varied, believable histories, seeded once, and the cohort
// dashboard they make — at-risk learners, item analysis whose discrimination says something. On a
// scratch database holding only a catalogue the size of the real one, since the cohort takes every
// course there is.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "@/lib/db/schema-engine";
import { DEFAULT_MIGRATIONS_DIR } from "@/lib/db/migrations";
import { createPrisma, type Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { verifyPassword } from "@/lib/auth/password";
import { cohortQuestions, getCohortDashboard, type CohortDashboard } from "@/lib/cohorts/dashboard";
import { analyseItems } from "@/lib/analytics/item-analysis";
import { NO_FILTERS, type ReportFilters } from "@/lib/cohorts/report-filters";
import { DEMO_PASSWORD } from "@/lib/demo/accounts";
import { DEMO_COHORT_NAME, DEMO_COHORT_TARGET_COURSE, seedDemoCohort, type SeedDemoCohortResult } from "@/lib/demo/cohort";
import { seedDemoHistory } from "@/lib/demo/history";
import { questionDifficulty } from "@/lib/demo/learner-model";
import { DAY_MS } from "@/lib/srs/day";
import { createScratchDatabase } from "./helpers/db";

const NOW = new Date("2026-09-01T15:00:00Z");
const LEARNERS = 36;

const MC = (i: number): Prisma.InputJsonValue => ({
  kind: "MULTIPLE_CHOICE",
  multiple: false,
  choices: ["a", "b", "c", "d"].map((id, k) => ({ id, text: `Choice ${id}`, correct: k === i % 4, explanation: "Because." })),
});
const ESTIMATE: Prisma.InputJsonValue = { kind: "ESTIMATE", answer: 250, unit: "ms", tolerance: { type: "relative", value: 0.25 }, solution: "Work it out." };
const FREE_RECALL: Prisma.InputJsonValue = { kind: "FREE_RECALL", answer: "Sample the whole trace.", keyPoints: [{ text: "Whole trace", keywords: ["trace"] }] };

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let db: Db;

/** Like the real content: an 8-lesson and a 4-lesson course, 104 questions of all three kinds, a topic per lesson. */
async function makeCatalogue() {
  const courses = [
    { id: DEMO_COHORT_TARGET_COURSE, lessons: 8 },
    { id: "resilience", lessons: 4 },
  ];
  let n = 0;
  for (const [c, course] of courses.entries()) {
    await db.course.create({ data: { id: course.id, title: `Course ${course.id}`, description: "A course", contentHash: "x", position: c } });
    for (let l = 0; l < course.lessons; l++) {
      const slug = `lesson-${l}`;
      const lessonId = `${course.id}/${slug}`;
      const topicId = `${course.id}-topic-${l}`;
      await db.topic.create({ data: { id: topicId, title: `Topic ${l} of ${course.id}`, description: "A topic" } });
      await db.lesson.create({
        data: {
          id: lessonId,
          courseId: course.id,
          slug,
          title: `Lesson ${l}`,
          level: "junior",
          summary: "A lesson",
          position: l,
          readingMinutes: 8,
          meta: {},
          code: "",
          plainText: "",
          contentHash: "x",
          sourcePath: `content/${course.id}/${slug}.mdx`,
          topics: { create: { topicId } },
        },
      });
      const count = l % 3 === 0 ? 9 : 8 + (l % 2);
      for (let q = 0; q < count && n < 104; q++, n++) {
        const kind = n % 7 < 3 ? "MULTIPLE_CHOICE" : n % 7 < 5 ? "ESTIMATE" : "FREE_RECALL";
        const payload = kind === "MULTIPLE_CHOICE" ? MC(n) : kind === "ESTIMATE" ? ESTIMATE : FREE_RECALL;
        await db.question.create({ data: { id: `${lessonId}.q${q}`, lessonId, kind, prompt: `Question ${n}?`, payload, answerHash: "x", contentHash: "x", position: q } });
      }
    }
  }
}

let instructorId: string;
let first: SeedDemoCohortResult;
let seedMs: number;

beforeAll(async () => {
  scratch = await createScratchDatabase("cohort");
  await applyMigrations({ connectionString: scratch.url, migrationsDir: DEFAULT_MIGRATIONS_DIR });
  db = createPrisma(scratch.url, 4);
  await makeCatalogue();
  const instructor = await db.user.create({ data: { email: "instructor@example.com", name: "Demo Instructor", passwordHash: "x", role: "INSTRUCTOR" } });
  instructorId = instructor.id;
  const started = performance.now();
  first = await seedDemoCohort({ db, instructorId, now: NOW, learners: LEARNERS, seed: 7 });
  seedMs = performance.now() - started;
  console.info(`seedDemoCohort: ${first.learners} learners, ${first.reviews} reviews, ${first.cards} cards in ${Math.round(seedMs)} ms`);
});

afterAll(async () => {
  await db?.$disconnect();
  await scratch?.drop();
});

describe("seedDemoCohort", () => {
  it("creates the cohort once: a second call writes nothing", async () => {
    expect(first).toMatchObject({ skipped: false, learners: LEARNERS });
    expect(first.reviews).toBeGreaterThan(LEARNERS * 100);
    const counts = async () => ({
      cohorts: await db.cohort.count(),
      users: await db.user.count(),
      members: await db.cohortMember.count(),
      logs: await db.reviewLog.count(),
      cards: await db.card.count(),
    });
    const before = await counts();
    expect(before).toMatchObject({ cohorts: 1, users: LEARNERS + 1, members: LEARNERS + 1, logs: first.reviews, cards: first.cards });
    expect(await seedDemoCohort({ db, instructorId, now: NOW, learners: LEARNERS, seed: 7 })).toEqual({ skipped: true, cohortId: null, learners: 0, reviews: 0, cards: 0 });
    expect(await counts()).toEqual(before);
  });

  it("takes a few seconds, not minutes", () => {
    expect(seedMs).toBeLessThan(30_000);
  });

  it("makes the cohort: every course, the observability target a month ahead, the instructor, the learners", async () => {
    const cohort = await db.cohort.findUniqueOrThrow({
      where: { id: first.cohortId! },
      include: { courses: true, members: { include: { user: true } } },
    });
    expect(cohort.name).toBe(DEMO_COHORT_NAME);
    expect(cohort.courses.map((c) => c.courseId).sort()).toEqual([DEMO_COHORT_TARGET_COURSE, "resilience"]);
    const target = cohort.courses.find((c) => c.courseId === DEMO_COHORT_TARGET_COURSE)!.targetDate!;
    expect(Math.abs(target.getTime() - NOW.getTime() - 30 * DAY_MS)).toBeLessThan(2 * DAY_MS);
    expect(cohort.courses.find((c) => c.courseId === "resilience")!.targetDate).toBeNull();

    const instructors = cohort.members.filter((m) => m.role === "INSTRUCTOR");
    expect(instructors.map((m) => m.userId)).toEqual([instructorId]);
    const learners = cohort.members.filter((m) => m.role === "LEARNER");
    expect(learners.map((m) => m.user.email).sort()).toEqual(Array.from({ length: LEARNERS }, (_, i) => `cohort-learner-${String(i + 1).padStart(2, "0")}@example.com`));
    expect(new Set(learners.map((m) => m.user.name)).size).toBe(LEARNERS);
    expect(learners.every((m) => m.user.role === "LEARNER" && m.user.isDemo)).toBe(true);
    expect(new Set(learners.map((m) => m.user.timezone)).size).toBeGreaterThan(3);
    for (const m of learners) {
      const daysAgo = (NOW.getTime() - m.joinedAt.getTime()) / DAY_MS;
      expect(daysAgo).toBeGreaterThanOrEqual(60);
      expect(daysAgo).toBeLessThan(101);
    }
    // One hash for all of them, and it is the demo password's.
    expect(new Set(learners.map((m) => m.user.passwordHash)).size).toBe(1);
    expect(await verifyPassword(learners[0]!.user.passwordHash, DEMO_PASSWORD)).toBe(true);
  });

  it("gives the learners varied histories, none before they joined", async () => {
    const members = await db.cohortMember.findMany({ where: { cohortId: first.cohortId!, role: "LEARNER" }, select: { userId: true, joinedAt: true } });
    const activity = await db.reviewLog.groupBy({ by: ["userId"], _max: { reviewedAt: true }, _min: { reviewedAt: true }, _count: { _all: true } });
    const read = await db.lessonProgress.groupBy({ by: ["userId"], _count: { _all: true } });
    const byUser = new Map(activity.map((a) => [a.userId, a]));
    const readBy = new Map(read.map((r) => [r.userId, r._count._all]));
    expect(byUser.size).toBe(LEARNERS);
    for (const m of members) expect(byUser.get(m.userId)!._min.reviewedAt!.getTime()).toBeGreaterThan(m.joinedAt.getTime());

    const idleDays = members.map((m) => (NOW.getTime() - byUser.get(m.userId)!._max.reviewedAt!.getTime()) / DAY_MS);
    expect(idleDays.filter((d) => d >= 7).length).toBeGreaterThanOrEqual(4);
    expect(idleDays.filter((d) => d < 7).length).toBeGreaterThanOrEqual(LEARNERS / 2);
    const lessons = members.map((m) => readBy.get(m.userId) ?? 0);
    expect(Math.min(...lessons)).toBeLessThanOrEqual(2);
    expect(Math.max(...lessons)).toBe(12);
    const reviews = members.map((m) => byUser.get(m.userId)!._count._all);
    expect(Math.max(...reviews)).toBeGreaterThan(5 * Math.min(...reviews));
  });
});

describe("the demo cohort's dashboard", () => {
  let d: CohortDashboard;

  beforeAll(async () => {
    d = await getCohortDashboard({ db, actor: { id: instructorId, role: "INSTRUCTOR" }, cohortId: first.cohortId!, now: NOW });
  });

  it("lists every learner, some at risk for different reasons, most not", () => {
    expect(d.learners).toHaveLength(LEARNERS);
    const atRisk = d.learners.filter((l) => l.risks.length > 0);
    expect(atRisk.length).toBeGreaterThanOrEqual(5);
    expect(atRisk.length).toBeLessThan(LEARNERS / 2);
    const codes = new Set(atRisk.flatMap((l) => l.risks.map((r) => r.code)));
    expect(codes.has("inactive")).toBe(true);
    expect(codes.size).toBeGreaterThanOrEqual(3);
    expect(d.learners.filter((l) => l.reviews7 > 0).length).toBeGreaterThanOrEqual(LEARNERS / 2);
  });

  it("item analysis: discrimination for every question with enough attempts, mostly positive, and facility follows question difficulty", () => {
    const judged = d.items.filter((i) => i.attempts >= 5);
    expect(judged.length).toBeGreaterThan(d.items.length * 0.8);
    for (const item of judged) expect(item.discrimination).not.toBeNull();
    const discriminations = judged.map((i) => i.discrimination!);
    expect(discriminations.filter((x) => x > 0).length).toBeGreaterThan(judged.length * 0.75);
    expect(discriminations.reduce((s, x) => s + x, 0) / discriminations.length).toBeGreaterThan(0.15);
    // The same questions are hard for everyone: facility falls as the question's difficulty rises.
    const xs = judged.map((i) => questionDifficulty(i.questionId));
    const ys = judged.map((i) => i.facility!);
    expect(correlation(xs, ys)).toBeLessThan(-0.5);
    expect(Math.min(...ys)).toBeLessThan(0.5);
    expect(Math.max(...ys)).toBeGreaterThan(0.9);
  });

  it("has a trend and a topic grid", () => {
    expect(d.trend.days.filter((x) => x.reviews > 0).length).toBeGreaterThan(40);
    expect(d.trend.weeks.every((w) => w.rate === null || (w.rate > 0.5 && w.rate < 1))).toBe(true);
    expect(d.topics.length).toBe(12);
    expect(Object.keys(d.retrievability).length).toBe(LEARNERS);
  });
});

describe("seedDemoHistory profiles", () => {
  const history = async (profile: Parameters<typeof seedDemoHistory>[0]["profile"], days = 80) => {
    const user = await db.user.create({ data: { email: `profile-${Math.random().toString(36).slice(2)}@test.recall`, name: "P", passwordHash: "x", timezone: "Asia/Tokyo" } });
    const result = await seedDemoHistory({ db, userId: user.id, now: NOW, seed: 3, days, profile });
    const logs = await db.reviewLog.findMany({ where: { userId: user.id }, select: { reviewedAt: true, questionId: true } });
    const read = await db.lessonProgress.findMany({ where: { userId: user.id }, select: { lessonId: true } });
    return { result, logs, read };
  };

  it("stops inactiveForDays before now", async () => {
    const { result, logs } = await history({ inactiveForDays: 12 });
    expect(result.reviews).toBeGreaterThan(0);
    expect(Math.max(...logs.map((l) => l.reviewedAt.getTime()))).toBeLessThanOrEqual(NOW.getTime() - 12 * DAY_MS);
  });

  it("reads at most `lessons` lessons, from the first, and only the courses given", async () => {
    const two = await history({ lessons: 2 });
    expect(two.read.map((r) => r.lessonId).sort()).toEqual([`${DEMO_COHORT_TARGET_COURSE}/lesson-0`, `${DEMO_COHORT_TARGET_COURSE}/lesson-1`]);
    expect(new Set(two.logs.map((l) => l.questionId.split(".")[0]))).toEqual(new Set(two.read.map((r) => r.lessonId)));
    const one = await history({ courseIds: ["resilience"] });
    expect(one.read.length).toBeGreaterThan(0);
    expect(one.read.every((r) => r.lessonId.startsWith("resilience/"))).toBe(true);
    expect(one.logs.every((l) => l.questionId.startsWith("resilience/"))).toBe(true);
  });

  it("a stronger learner gets more first attempts right", async () => {
    const firstRight = async (ability: number) => {
      const user = await db.user.create({ data: { email: `ability-${ability}-${Math.random().toString(36).slice(2)}@test.recall`, name: "A", passwordHash: "x" } });
      await seedDemoHistory({ db, userId: user.id, now: NOW, seed: 11, days: 200, profile: { ability, skipProbability: 0.1 } });
      const logs = await db.reviewLog.findMany({ where: { userId: user.id, source: "lesson" }, select: { correct: true } });
      return logs.filter((l) => l.correct).length / logs.length;
    };
    expect(await firstRight(1.5)).toBeGreaterThan((await firstRight(-1.5)) + 0.25);
  });
});

/**
 * What the dashboard computed before CardSummary, straight from the log: each card's first answer
 * (one probe per card, in the date range) fed to analyseItems in JavaScript, and each card's due after
 * its last answer before a week ago.
 */
async function perCardFromLog({ cohortId, filters }: { cohortId: string; filters: ReportFilters }) {
  const members = (await db.cohortMember.findMany({ where: { cohortId, role: "LEARNER" }, select: { userId: true, joinedAt: true } })).map((m) => m);
  const ids = members.map((m) => m.userId);
  const courseIds = (await db.cohortCourse.findMany({ where: { cohortId }, select: { courseId: true } })).map((c) => c.courseId);
  const questions = await cohortQuestions({ db, courseIds });
  const qids = questions.map((q) => q.id);
  const from = filters.from ? new Date(`${filters.from}T00:00:00Z`) : new Date(0);
  const until = filters.to ? new Date(Date.parse(`${filters.to}T00:00:00Z`) + DAY_MS) : new Date(8.64e15);
  const first = await db.$queryRaw<{ userId: string; questionId: string; correct: boolean; choiceIds: string[] | null }[]>`
    SELECT c."userId"::text AS "userId", c."questionId", r.correct,
           CASE WHEN jsonb_typeof(r.response->'choiceIds') = 'array' THEN ARRAY(SELECT jsonb_array_elements_text(r.response->'choiceIds')) END AS "choiceIds"
    FROM "Card" c
    CROSS JOIN LATERAL (
      SELECT r.correct, r.response, r."reviewedAt" FROM "ReviewLog" r
      WHERE r."userId" = c."userId" AND r."cardId" = c.id AND r."reviewedAt" <= ${NOW}
      ORDER BY r."reviewedAt", r.id LIMIT 1
    ) r
    WHERE c."userId" = ANY(${ids}::uuid[]) AND c."questionId" = ANY(${qids}::text[]) AND r."reviewedAt" >= ${from} AND r."reviewedAt" < ${until}`;
  const weekAgo = new Date(NOW.getTime() - 7 * DAY_MS);
  const dueRows = await db.$queryRaw<{ userId: string; dueWeekAgo: number }[]>`
    SELECT c."userId"::text AS "userId", count(*) FILTER (WHERE x.due::timestamptz <= ${weekAgo.toISOString()}::timestamptz)::int AS "dueWeekAgo"
    FROM "Card" c
    CROSS JOIN LATERAL (
      SELECT r."cardAfter"->>'due' AS due FROM "ReviewLog" r
      WHERE r."userId" = c."userId" AND r."cardId" = c.id AND r."reviewedAt" < ${weekAgo}
      ORDER BY r."reviewedAt" DESC LIMIT 1
    ) x
    WHERE c."userId" = ANY(${ids}::uuid[]) AND c."questionId" = ANY(${qids}::text[])
    GROUP BY 1`;
  const dueBy = new Map(dueRows.map((r) => [r.userId, r.dueWeekAgo]));
  const items = analyseItems(
    questions.map((q) => {
      const mc = q.payload.kind === "MULTIPLE_CHOICE" ? q.payload : null;
      return {
        questionId: q.id,
        kind: q.kind,
        firstAttempts: first.filter((f) => f.questionId === q.id).map((f) => ({ userId: f.userId, correct: f.correct, ...(f.choiceIds ? { choiceIds: f.choiceIds } : {}) })),
        ...(mc ? { correctChoiceIds: mc.choices.filter((c) => c.correct).map((c) => c.id), choices: mc.choices.map((c) => ({ id: c.id, label: c.text })) } : {}),
        laterReviews: 0,
        laterLapses: 0,
        meanDifficulty: null,
      };
    }),
  );
  return { items, dueWeekAgo: new Map(members.map((m) => [m.userId, dueBy.get(m.userId) ?? (m.joinedAt < weekAgo ? 0 : null)])) };
}

describe("the cohort dashboard on the seeded cohort, against the per-card computation from the log it replaced", () => {
  for (const [name, filters] of [
    ["every answer", NO_FILTERS],
    ["a date range", { ...NO_FILTERS, from: "2026-07-01", to: "2026-08-15" }],
  ] as const) {
    it(`gives the same first attempts, facility, discrimination, point-biserial, picks per choice and flags (${name}), and the same backlog a week ago`, async () => {
      const dash = await getCohortDashboard({ db, actor: { id: instructorId, role: "INSTRUCTOR" }, cohortId: first.cohortId!, now: NOW, filters });
      const old = await perCardFromLog({ cohortId: first.cohortId!, filters });
      const judged = old.items.filter((i) => i.discrimination !== null);
      expect(judged.length).toBeGreaterThan(50);
      expect(judged.some((i) => i.pointBiserial !== null && Math.abs(i.pointBiserial) > 0.1)).toBe(true);
      expect(dash.items.map((i) => i.questionId)).toEqual(old.items.map((i) => i.questionId));
      for (const [k, item] of dash.items.entries()) {
        const want = old.items[k]!;
        expect([item.questionId, item.attempts, item.facility, item.choices, item.flags]).toEqual([want.questionId, want.attempts, want.facility, want.choices, want.flags]);
        for (const figure of ["discrimination", "pointBiserial"] as const) {
          if (want[figure] === null) expect(item[figure]).toBeNull();
          else expect(item[figure]).toBeCloseTo(want[figure]!, 12);
        }
      }
      expect(new Map(dash.learners.map((l) => [l.userId, l.dueWeekAgo]))).toEqual(old.dueWeekAgo);
      expect(dash.learners.filter((l) => (l.dueWeekAgo ?? 0) > 0).length).toBeGreaterThan(5);
    });
  }
});

function correlation(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}
