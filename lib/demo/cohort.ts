// The demo instructor's cohort: generated learners, each with a history written by seedDemoHistory
// under a profile, in a mix an instructor would recognise — most study steadily, some lapse (weaker,
// often skipping days, a backlog building up), some stopped a while ago, a few barely started. Their
// abilities differ and question difficulty is a function of the question id, so the cohort dashboard's
// item analysis, at-risk flags, topic grid and trend all have something believable to show.
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { DAY_MS } from "@/lib/srs/day";
import { DEMO_PASSWORD } from "./accounts";
import { seedDemoHistoryIn, type LearnerProfile } from "./history";
import { between, intBetween, normal, type Random } from "./learner-model";
import { hashPassword } from "@/lib/auth/password";
import { generateJoinCode } from "@/lib/cohorts/codes";
import { mulberry32 } from "@/lib/srs/random";

export const DEMO_COHORT_NAME = "Demo cohort — Observability";
/** The course given a target date, about a month ahead. */
export const DEMO_COHORT_TARGET_COURSE = "observability";
export const DEMO_COHORT_TARGET_DAYS = 30;

export interface SeedDemoCohortOptions {
  db: Db;
  /** Runs the cohort (an INSTRUCTOR or ADMIN account). */
  instructorId: string;
  now?: Date;
  learners?: number;
  seed?: number;
}

export interface SeedDemoCohortResult {
  /** True when the instructor already has the demo cohort (or there is no course yet): nothing was written. */
  skipped: boolean;
  cohortId: string | null;
  learners: number;
  reviews: number;
  cards: number;
}

export type DemoLearnerKind = "steady" | "lapsing" | "inactive" | "starter";

const HOUR_MS = 3_600_000;

const FIRST_NAMES = [
  "Amara", "Bilal", "Camille", "Dmitri", "Esther", "Farah", "Gabriel", "Hana", "Ibrahim", "Julia", "Kenji", "Leila",
  "Mateo", "Nadia", "Oliver", "Priya", "Quentin", "Rosa", "Samuel", "Tomasz", "Uma", "Víctor", "Wen", "Ximena",
  "Yusuf", "Zoë", "Aoife", "Bruno", "Chiara", "Daniel", "Elif", "Finn", "Grace", "Hugo", "Ines", "Jonas",
  "Kwame", "Lucía", "Mei", "Noah", "Olga", "Pedro", "Rahul", "Sofia", "Tariq", "Valentina", "William", "Yara",
];
const LAST_NAMES = [
  "Okafor", "Haddad", "Moreau", "Volkov", "Cohen", "Rahman", "Silva", "Tanaka", "Nasser", "Schmidt", "Watanabe", "Mansour",
  "García", "Petrova", "Bennett", "Sharma", "Dubois", "Romero", "Adeyemi", "Kowalski", "Iyer", "Hernández", "Zhang", "López",
  "Demir", "Fischer", "Murphy", "Costa", "Ricci", "Lindqvist", "Yılmaz", "Andersen", "Osei", "Laurent", "Ferreira", "Novak",
  "Mensah", "Navarro", "Chen", "Brooks", "Ivanova", "Almeida", "Gupta", "Rossi", "Karimi", "Moretti", "Clarke", "Aziz",
];
const TIMEZONES = ["Europe/London", "Europe/Berlin", "Europe/Madrid", "America/New_York", "America/Chicago", "America/Los_Angeles", "America/Sao_Paulo", "Asia/Kolkata", "Asia/Singapore", "Asia/Tokyo", "Australia/Sydney", "Africa/Lagos"];

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function shuffle<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** About 55% steady, 20% lapsing, 15% inactive, 10% barely started, in a seeded random order. */
export function demoLearnerKinds(count: number, random: Random): DemoLearnerKind[] {
  const lapsing = Math.round(count * 0.2);
  const inactive = Math.round(count * 0.15);
  const starter = Math.round(count * 0.1);
  const steady = Math.max(0, count - lapsing - inactive - starter);
  const kinds: DemoLearnerKind[] = [
    ...Array<DemoLearnerKind>(steady).fill("steady"),
    ...Array<DemoLearnerKind>(lapsing).fill("lapsing"),
    ...Array<DemoLearnerKind>(inactive).fill("inactive"),
    ...Array<DemoLearnerKind>(starter).fill("starter"),
  ].slice(0, count);
  return shuffle(kinds, random);
}

/** A learner's profile for seedDemoHistory. Dropping out and lapsing go, on average, with lower ability. */
export function demoLearnerProfile(kind: DemoLearnerKind, random: Random): LearnerProfile {
  const ability = (mean: number, sd: number) => clamp(mean + sd * normal(random), -2, 2);
  switch (kind) {
    case "steady":
      return { ability: ability(0.5, 0.7), skipProbability: between(random, 0.08, 0.3) };
    case "lapsing":
      return { ability: ability(-1.1, 0.5), skipProbability: between(random, 0.5, 0.75) };
    case "inactive":
      return { ability: ability(-0.2, 0.7), skipProbability: between(random, 0.15, 0.4), inactiveForDays: intBetween(random, 8, 40) };
    case "starter":
      return { ability: ability(-0.4, 0.7), skipProbability: between(random, 0.3, 0.6), lessons: intBetween(random, 1, 2) };
  }
}

/** Distinct "First Last" names, seeded. */
function demoNames(count: number, random: Random): string[] {
  const names = new Set<string>();
  while (names.size < count) {
    const name = `${FIRST_NAMES[Math.floor(random() * FIRST_NAMES.length)]} ${LAST_NAMES[Math.floor(random() * LAST_NAMES.length)]}`;
    // Past every combination, number them (only for very large cohorts).
    names.add(names.size >= FIRST_NAMES.length * LAST_NAMES.length ? `${name} ${names.size + 1}` : name);
  }
  return [...names];
}

export function demoCohortLearnerEmail(index: number, count: number): string {
  return `cohort-learner-${String(index + 1).padStart(Math.max(2, String(count).length), "0")}@example.com`;
}

async function findDemoCohort(db: Db | Prisma.TransactionClient, instructorId: string): Promise<{ id: string } | null> {
  return db.cohort.findFirst({ where: { name: DEMO_COHORT_NAME, members: { some: { userId: instructorId, role: "INSTRUCTOR" } } }, select: { id: true } });
}

/**
 * Creates the demo cohort for the instructor, with `learners` generated learners (demo accounts, the
 * demo password) and their histories, unless the instructor already has a cohort of that name. All in
 * one transaction under an advisory lock: two start-ups racing create it once, and a failure leaves
 * nothing half-written. A generated learner whose email already exists is reused (their history too).
 */
export async function seedDemoCohort({ db, instructorId, now = new Date(), learners = 36, seed = 7 }: SeedDemoCohortOptions): Promise<SeedDemoCohortResult> {
  const none: SeedDemoCohortResult = { skipped: true, cohortId: null, learners: 0, reviews: 0, cards: 0 };
  // The common case, every start-up after the first: no lock, no password hashing.
  if (await findDemoCohort(db, instructorId)) return none;
  // argon2 is slow on purpose: hashed once, shared by every generated learner.
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`seed-demo-cohort:${instructorId}`}))`;
      if (await findDemoCohort(tx, instructorId)) return none;
      // Not before the content is loaded: the next start-up will do it.
      const courses = await tx.course.findMany({ where: { retiredAt: null }, orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true } });
      const questions = await tx.question.count({ where: { retiredAt: null, lesson: { retiredAt: null, course: { retiredAt: null } } } });
      if (courses.length === 0 || questions === 0) return none;

      const random = mulberry32(seed);
      const kinds = demoLearnerKinds(learners, random);
      const names = demoNames(learners, random);
      const people = kinds.map((kind, i) => {
        const daysAgo = intBetween(random, 60, 100);
        return {
          kind,
          email: demoCohortLearnerEmail(i, learners),
          name: names[i]!,
          timezone: TIMEZONES[Math.floor(random() * TIMEZONES.length)]!,
          daysAgo,
          joinedAt: new Date(now.getTime() - daysAgo * DAY_MS - Math.floor(between(random, 0, 12) * HOUR_MS)),
          profile: demoLearnerProfile(kind, random),
        };
      });

      const existing = await tx.user.findMany({ where: { email: { in: people.map((p) => p.email) } }, select: { id: true, email: true } });
      const ids = new Map(existing.map((u) => [u.email, u.id]));
      const fresh = people.filter((p) => !ids.has(p.email)).map((p) => ({ ...p, id: randomUUID() }));
      for (const p of fresh) ids.set(p.email, p.id);
      await tx.user.createMany({
        data: fresh.map((p) => ({ id: p.id, email: p.email, name: p.name, passwordHash, role: "LEARNER", isDemo: true, timezone: p.timezone, createdAt: p.joinedAt, emailVerifiedAt: p.joinedAt })),
      });

      const target = new Date(now.getTime() + DEMO_COHORT_TARGET_DAYS * DAY_MS).toISOString().slice(0, 10);
      const cohort = await tx.cohort.create({
        data: {
          name: DEMO_COHORT_NAME,
          joinCode: generateJoinCode(),
          createdAt: new Date(Math.min(...people.map((p) => p.joinedAt.getTime()), now.getTime()) - DAY_MS),
          courses: {
            create: courses.map((c) => ({ courseId: c.id, targetDate: c.id === DEMO_COHORT_TARGET_COURSE ? new Date(`${target}T00:00:00Z`) : null })),
          },
          members: { create: { userId: instructorId, role: "INSTRUCTOR" } },
        },
        select: { id: true },
      });
      await tx.cohortMember.createMany({
        data: people.map((p) => ({ cohortId: cohort.id, userId: ids.get(p.email)!, role: "LEARNER" as const, joinedAt: p.joinedAt })),
        skipDuplicates: true,
      });

      let reviews = 0;
      let cards = 0;
      for (const [i, p] of people.entries()) {
        const history = await seedDemoHistoryIn(tx, { userId: ids.get(p.email)!, now, seed: seed * 1000 + i, days: p.daysAgo, profile: p.profile });
        reviews += history.reviews;
        cards += history.cards;
      }
      return { skipped: false, cohortId: cohort.id, learners: people.length, reviews, cards };
    },
    { timeout: 180_000, maxWait: 10_000 },
  );
}
