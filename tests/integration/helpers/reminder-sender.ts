// A mail sender in a process of its own, for the test that kills one mid-batch (SIGKILL): it drains
// the queue at a fixed clock (argv: database URL, SMTP URL, ISO instant) until nothing is due.
import { createPrisma } from "@/lib/db/client";
import { sendEmailBatch } from "@/lib/email/queue";
import { smtpMailer } from "@/lib/email/transport";

const [databaseUrl, smtpUrl, nowIso] = process.argv.slice(2);
const db = createPrisma(databaseUrl, 2);
const mailer = smtpMailer({ smtpUrl, from: "Recall <no-reply@test.recall>" });
const now = new Date(nowIso);
for (;;) {
  const { claimed } = await sendEmailBatch({ db, mailer, workerId: `child-${process.pid}`, limit: 20, now: () => now });
  if (claimed === 0) break;
}
mailer.close?.();
await db.$disconnect();
