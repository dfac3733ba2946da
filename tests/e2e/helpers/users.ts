// Users of one test file, as epic-stack's playwright-utils make them: created in the app's database
// with the role the test needs, signed in through the real form, and removed (with everything they
// own: account deletion cascades) when the file is done. Tests no longer share the demo accounts, so
// none can depend on what another did to them.
import { randomUUID } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, inject } from "vitest";
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

/** A new account with `role`, removed after the file's tests. */
export async function createTestUser({ role = "LEARNER", name }: { role?: Role; name?: string } = {}): Promise<TestUser> {
  const db = database();
  const email = uniqueEmail(role.toLowerCase());
  const password = `e2e ${randomUUID()}`;
  const user = await db.user.create({
    data: { email, name: name ?? `Test ${role.toLowerCase()}`, role, passwordHash: await hashPassword(password) },
    select: { id: true },
  });
  created.push(user.id);
  return { id: user.id, email, password, role };
}

/** A page signed in as a new user with `role`. */
export async function signedInAs(browser: Browser, role: Role = "LEARNER"): Promise<{ page: Page; user: TestUser }> {
  const user = await createTestUser({ role });
  const page = await newPage(browser);
  await signIn(page, user.email, user.password);
  return { page, user };
}
