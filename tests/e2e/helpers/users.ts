// Users of one test file, as epic-stack's playwright-utils make them: created in the app's database
// with the role the test needs, signed in through the real form, and removed (with everything they
// own: account deletion cascades) when the file is done. Tests no longer share the demo accounts, so
// none can depend on what another did to them.
import { randomUUID } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, expect, inject } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { createPrisma, type Db } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { newPage, signIn, uniqueEmail } from "./browser";

export interface TestUser {
  id: string;
  email: string;
  password: string;
  role: Role;
}

let prisma: Db | undefined;
const created: string[] = [];
let cleanupRegistered = false;

function database(): Db {
  prisma ??= createPrisma(inject("databaseURL"), 2);
  if (!cleanupRegistered) {
    cleanupRegistered = true;
    afterAll(async () => {
      await prisma?.user.deleteMany({ where: { id: { in: created.splice(0) } } });
      await prisma?.$disconnect();
      prisma = undefined;
      cleanupRegistered = false;
    });
  }
  return prisma;
}

/** A new account with `role` and a confirmed address, removed after the file's tests. */
export async function createTestUser({ role = "LEARNER", name }: { role?: Role; name?: string } = {}): Promise<TestUser> {
  const db = database();
  const email = uniqueEmail(role.toLowerCase());
  const password = `e2e ${randomUUID()}`;
  const user = await db.user.create({
    data: { email, name: name ?? `Test ${role.toLowerCase()}`, role, passwordHash: await hashPassword(password), emailVerifiedAt: new Date() },
    select: { id: true },
  });
  created.push(user.id);
  return { id: user.id, email, password, role };
}

/** A page (of the size asked for) signed in as a new user with `role`. */
export async function signedInAs(browser: Browser, role: Role = "LEARNER", size?: Parameters<typeof newPage>[1]): Promise<{ page: Page; user: TestUser }> {
  const user = await createTestUser({ role });
  const page = await newPage(browser, size);
  await signIn(page, user.email, user.password);
  return { page, user };
}

/**
 * Gives the signed-in learner of `page` a card of each free-recall question, answered Good in its
 * lesson through the same API the offline queue uses (as many cards as a test needs, in a second).
 */
export async function answerGood(page: Page, freeRecallIds: string[]): Promise<void> {
  for (const questionId of freeRecallIds) {
    const response = await page.request.post("/api/reviews", {
      data: { questionId, response: { kind: "FREE_RECALL", text: "" }, rating: 3, durationMs: 3000, idempotencyKey: randomUUID(), sessionId: "e2e-setup", source: "lesson", expectedVersion: null },
    });
    expect(response.status()).toBe(201);
  }
}

/** A new instructor who also teaches the cohort named `cohortName`: its reports, without signing in as its seeded owner. */
export async function createCoInstructor(cohortName: string): Promise<TestUser> {
  const user = await createTestUser({ role: "INSTRUCTOR" });
  const cohort = await database().cohort.findFirstOrThrow({ where: { name: cohortName }, select: { id: true } });
  await database().cohortMember.create({ data: { cohortId: cohort.id, userId: user.id, role: "INSTRUCTOR" } });
  return user;
}
