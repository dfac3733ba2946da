import type { Db } from "@/lib/db/client";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoAccounts } from "./accounts";
import { seedDemoCohort } from "./cohort";
import { seedDemoHistory } from "./history";

export interface SeedReport {
  accounts: number;
  notes: string[];
}

/**
 * The demo world of the embedded default: the four accounts, and — once the content is loaded — the
 * demo learner's year of history and the demo instructor's cohort. Idempotent: existing data is kept.
 */
export async function seedDemo({ db, now = new Date() }: { db: Db; now?: Date }): Promise<SeedReport> {
  const { created } = await seedDemoAccounts(db);
  const notes: string[] = [];
  const learner = await db.user.findUnique({ where: { email: "learner@example.com" }, select: { id: true } });
  if (learner) {
    const history = await seedDemoHistory({ db, userId: learner.id, now });
    if (history.reviews) notes.push(`learner@example.com has a year of history (${history.reviews} reviews of ${history.cards} cards).`);
  }
  const instructor = await db.user.findUnique({ where: { email: "instructor@example.com" }, select: { id: true } });
  if (instructor) {
    const cohort = await seedDemoCohort({ db, instructorId: instructor.id, now });
    if (!cohort.skipped) notes.push(`instructor@example.com runs a demo cohort of ${cohort.learners} learners (${cohort.reviews} reviews).`);
  }
  return { accounts: created, notes };
}

export function demoAccountsText(): string {
  return [`Demo accounts (password "${DEMO_PASSWORD}"):`, ...DEMO_ACCOUNTS.map((a) => `    ${a.email.padEnd(24)} ${a.role}`)].join("\n");
}
