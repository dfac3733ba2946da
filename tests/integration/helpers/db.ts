// Integration-test helpers: the Prisma client on the suite's database, a fresh database when a test
// needs an empty one, and factories. Each test makes its own data (unique ids and emails), so tests
// never need to clean up after each other; `resetDatabase()` exists for the rare test that must
// see an empty table.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createPrisma, type Db } from "@/lib/db/client";
import type { CardState, Level, QuestionKind, Role } from "@/lib/db/generated/enums";
import type { Prisma } from "@/lib/db/generated/client";

let client: Db | undefined;

/** The suite's database URL (migrated once by global-setup). */
export function testDatabaseUrl(): string {
  return inject("databaseUrl");
}

/** A Prisma client on the test database, one per test file (worker). */
export function testDb(): Db {
  client ??= createPrisma(testDatabaseUrl(), 4);
  return client;
}

export async function disconnectTestDb(): Promise<void> {
  await client?.$disconnect();
  client = undefined;
}

/** A short unique suffix for ids, slugs and emails. */
export function uniqueId(prefix = ""): string {
  return `${prefix}${randomUUID().replace(/-/g, "").slice(0, 12)}`;
}

/** Empties every table but `_prisma_migrations` (identities restart). Use sparingly: files share the database. */
export async function resetDatabase(): Promise<void> {
  const db = testDb();
  const tables = await db.$queryRaw<{ tablename: string }[]>`
    SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`;
  if (tables.length === 0) return;
  const list = tables.map((t) => `"public"."${t.tablename.replace(/"/g, '""')}"`).join(", ");
  await db.$executeRawUnsafe(`TRUNCATE ${list} RESTART IDENTITY CASCADE`);
}

/** Runs SQL on the server's `postgres` database (CREATE/DROP DATABASE…). */
export async function adminQuery(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: inject("adminDatabaseUrl") });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** A new empty database on the test server; `drop()` removes it (even with open connections). */
export async function createScratchDatabase(prefix = "scratch"): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${uniqueId()}`.toLowerCase().replace(/[^a-z0-9_]/g, "_");
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = new URL(inject("adminDatabaseUrl"));
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

// ── factories ────────────────────────────────────────────────────────────────────────────────

/**
 * Not a real hash: users from this factory cannot sign in unless `password` is given. Their address
 * counts as confirmed unless the test passes `emailVerifiedAt: null` (as after a sign-up).
 */
const NO_PASSWORD = "factory:no-password";

export async function createUser(
  options: { role?: Role; email?: string; name?: string; password?: string } & Partial<Omit<Prisma.UserCreateInput, "passwordHash">> = {},
) {
  const { role = "LEARNER", email, name, password, ...rest } = options;
  const id = uniqueId();
  const passwordHash = password ? await (await import("@/lib/auth/password")).hashPassword(password) : NO_PASSWORD;
  return testDb().user.create({
    data: { email: email ?? `user-${id}@test.recall`, name: name ?? `Test ${role.toLowerCase()} ${id.slice(0, 4)}`, passwordHash, role, emailVerifiedAt: new Date(), ...rest },
  });
}

export async function createCourse(options: Partial<Prisma.CourseCreateInput> = {}) {
  const id = options.id ?? uniqueId("course-");
  return testDb().course.create({ data: { id, title: `Course ${id}`, description: "A test course", contentHash: "test", ...options } });
}

export async function createTopic(options: Partial<Prisma.TopicCreateInput> = {}) {
  const id = options.id ?? uniqueId("topic-");
  return testDb().topic.create({ data: { id, title: `Topic ${id}`, description: "A test topic", ...options } });
}

export async function createLesson(options: { courseId?: string; level?: Level; position?: number; slug?: string; id?: string } = {}) {
  const courseId = options.courseId ?? (await createCourse()).id;
  const slug = options.slug ?? uniqueId("lesson-");
  return testDb().lesson.create({
    data: {
      id: options.id ?? `${courseId}/${slug}`,
      courseId,
      slug,
      title: `Lesson ${slug}`,
      level: options.level ?? "junior",
      summary: "A test lesson",
      position: options.position ?? 0,
      readingMinutes: 5,
      meta: {},
      code: "",
      plainText: "",
      contentHash: "test",
      sourcePath: `content/test/${slug}.mdx`,
    },
  });
}

export async function createQuestion(
  options: { lessonId?: string; kind?: QuestionKind; position?: number; id?: string; payload?: Prisma.InputJsonValue } = {},
) {
  const lessonId = options.lessonId ?? (await createLesson()).id;
  const kind = options.kind ?? "MULTIPLE_CHOICE";
  return testDb().question.create({
    data: {
      id: options.id ?? uniqueId("q-"),
      lessonId,
      kind,
      prompt: "What is 2 + 2?",
      payload: options.payload ?? { choices: [{ id: "a", text: "4", correct: true }, { id: "b", text: "5", correct: false }] },
      answerHash: "test",
      contentHash: "test",
      position: options.position ?? 0,
    },
  });
}

/** A new card due `due` (default now) for the user on the question, in state NEW unless told. */
export async function createCard(options: { userId: string; questionId: string; due?: Date; state?: CardState }) {
  return testDb().card.create({
    data: {
      userId: options.userId,
      questionId: options.questionId,
      due: options.due ?? new Date(),
      stability: 0,
      difficulty: 0,
      scheduledDays: 0,
      reps: 0,
      lapses: 0,
      state: options.state ?? "NEW",
      answerHash: "test",
    },
  });
}

/** A single-answer multiple-choice payload; the choices get the ids a, b, c… in the order given. */
export function multipleChoicePayload(...choices: [text: string, correct: boolean, explanation: string][]) {
  return {
    kind: "MULTIPLE_CHOICE" as const,
    multiple: false,
    choices: choices.map(([text, correct, explanation], i) => ({ id: String.fromCharCode(97 + i), text, correct, explanation })),
  };
}
