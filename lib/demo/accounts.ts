import type { Db } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { hashPassword } from "@/lib/auth/password";

export const DEMO_PASSWORD = "recall-demo";

export const DEMO_ACCOUNTS: { email: string; name: string; role: Role }[] = [
  { email: "learner@example.com", name: "Demo Learner", role: "LEARNER" },
  { email: "author@example.com", name: "Demo Author", role: "AUTHOR" },
  { email: "instructor@example.com", name: "Demo Instructor", role: "INSTRUCTOR" },
  { email: "admin@example.com", name: "Demo Admin", role: "ADMIN" },
];

/** Creates the demo accounts once; an existing account (and its history) is left as it is. */
export async function seedDemoAccounts(db: Db): Promise<{ created: number }> {
  let created = 0;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const account of DEMO_ACCOUNTS) {
    const existing = await db.user.findUnique({ where: { email: account.email }, select: { id: true } });
    if (existing) continue;
    await db.user.create({ data: { ...account, passwordHash, isDemo: true, timezone: "Europe/London", emailVerifiedAt: new Date() } });
    created++;
  }
  return { created };
}
