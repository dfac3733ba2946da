// The reminder scheduler: one tick finds the review reminders and digests due now and queues their
// mail. Every server process ticks; each reminder is decided once because its ReminderSend row (unique
// per user, kind and period) is inserted with ON CONFLICT DO NOTHING in the same transaction as its
// EmailJob: the process whose insert wins queues the mail, the others skip it, and a tick that dies
// before committing leaves nothing behind for the next one to trip on.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { getCohortDashboard } from "@/lib/cohorts/dashboard";
import { NO_FILTERS } from "@/lib/cohorts/report-filters";
import type { MailHeaders } from "@/lib/email/transport";
import { endOfLearningDay, resolveDayOptions } from "@/lib/srs/day";
import { digestSlot, estimateMinutes, formatClockTime, reviewReminderSlot, type Slot } from "./slots";
import { startTicker } from "@/lib/email/ticker";

/** How often each server process ticks by default. Reminders are set to the minute; this is the lag. */
export const REMINDER_TICK_MS = 15_000;
/** The answer times a learner's estimate is taken from: the last 90 days of their reviews. */
const ANSWER_TIME_WINDOW_MS = 90 * 86_400_000;
/** Reminders decided per transaction: large enough for throughput, small enough to keep locks short. */
const CHUNK = 200;

export function hashUnsubscribeToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** RFC 8058 one-click: a POST to the header's URL unsubscribes; its GET only shows a confirm page. */
function unsubscribeHeaders(siteUrl: string, token: string): MailHeaders {
  return { "List-Unsubscribe": `<${siteUrl}/api/unsubscribe?token=${token}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}

interface Candidate {
  id: string;
  email: string;
  name: string;
  timezone: string;
  dayStartHour: number;
  reminderMinute: number;
  slot: Slot;
}

/** Drops candidates whose period already has its row (a cheap pre-filter; the unique key is the guarantee). */
async function withoutDecided(db: Db, kind: "REVIEW" | "DIGEST", candidates: Candidate[]): Promise<Candidate[]> {
  if (candidates.length === 0) return [];
  const rows = await db.reminderSend.findMany({
    where: { kind, userId: { in: candidates.map((c) => c.id) }, period: { in: [...new Set(candidates.map((c) => c.slot.period))] } },
    select: { userId: true, period: true },
  });
  const decided = new Set(rows.map((r) => `${r.userId}|${r.period}`));
  return candidates.filter((c) => !decided.has(`${c.id}|${c.slot.period}`));
}

export interface TickResult {
  /** Reminders this tick decided (its insert won): with a mail or, with nothing due, without. */
  decided: number;
  /** Mails it queued. */
  queued: number;
}

/**
 * Decides the review reminders due at `now` for opted-in, verified, enabled accounts: a learner with
 * cards due by the end of that learning day gets "23 cards due, about 6 minutes"; one with none gets
 * no mail, and the day is recorded as decided all the same.
 */
export async function scheduleReviewReminders({ db, siteUrl, now = new Date() }: { db: Db; siteUrl: string; now?: Date }): Promise<TickResult> {
  const users = await db.user.findMany({
    where: { reminderEnabled: true, emailVerifiedAt: { not: null }, disabledAt: null },
    select: { id: true, email: true, name: true, timezone: true, dayStartHour: true, reminderMinute: true },
  });
  const due: Candidate[] = [];
  for (const u of users) {
    const slot = reviewReminderSlot(now, u);
    if (slot) due.push({ ...u, slot });
  }
  // One order for every process, so two transactions inserting overlapping rows wait, never deadlock.
  const pending = (await withoutDecided(db, "REVIEW", due)).sort((a, b) => (a.id < b.id ? -1 : 1));
  const site = siteUrl.replace(/\/$/, "");
  const result: TickResult = { decided: 0, queued: 0 };
  for (let i = 0; i < pending.length; i += CHUNK) {
    const r = await decideReviewChunk(db, pending.slice(i, i + CHUNK), site, now);
    result.decided += r.decided;
    result.queued += r.queued;
  }
  return result;
}

async function decideReviewChunk(db: Db, chunk: Candidate[], site: string, now: Date): Promise<TickResult> {
  const ids = chunk.map((c) => c.id);
  // Due by the end of the learning day: review cards are due at its start, learning steps during it.
  const dayEnds = chunk.map((c) => endOfLearningDay(now, resolveDayOptions(c)).toISOString());
  const [dueRows, medianRows] = await Promise.all([
    db.$queryRaw<{ userId: string; due: number }[]>`
      SELECT u.id::text AS "userId", count(*)::int AS due
      FROM unnest(${ids}::uuid[], ${dayEnds}::timestamptz[]) AS u(id, "dayEnd")
      JOIN "Card" c ON c."userId" = u.id AND NOT c.suspended AND c.due < (u."dayEnd" AT TIME ZONE 'UTC')
      JOIN "Question" q ON q.id = c."questionId" AND q."retiredAt" IS NULL
      GROUP BY u.id`,
    db.$queryRaw<{ userId: string; medianMs: number }[]>`
      SELECT "userId"::text AS "userId", percentile_cont(0.5) WITHIN GROUP (ORDER BY "durationMs") AS "medianMs"
      FROM "ReviewLog"
      WHERE "userId" = ANY(${ids}::uuid[]) AND "reviewedAt" > ${new Date(now.getTime() - ANSWER_TIME_WINDOW_MS)}
      GROUP BY "userId"`,
  ]);
  const dueBy = new Map(dueRows.map((r) => [r.userId, r.due]));
  const medianBy = new Map(medianRows.map((r) => [r.userId, Number(r.medianMs)]));

  const rows = chunk.map((c) => {
    const cards = dueBy.get(c.id) ?? 0;
    if (cards === 0) return { candidate: c, cards, mail: null };
    const token = randomBytes(32).toString("base64url");
    const minutes = estimateMinutes(cards, medianBy.get(c.id) ?? null);
    const subject = `${plural(cards, "card")} due, about ${plural(minutes, "minute")}`;
    const text =
      `Hello ${c.name},\n\n${plural(cards, "card is", "cards are")} due today in Recall: about ${plural(minutes, "minute")} at your usual pace.\n\n` +
      `Review them: ${site}/review\n\n` +
      `You get this mail at ${formatClockTime(c.reminderMinute)} (${c.timezone}) on days with cards due. Change the time in ${site}/settings\n` +
      `Stop these reminders: ${site}/unsubscribe?token=${token}\n`;
    return { candidate: c, cards, mail: { token, subject, text, messageId: `${randomUUID()}@recall` } };
  });

  return db.$transaction(async (tx) => {
    const won = await tx.$queryRaw<{ userId: string }[]>`
      INSERT INTO "ReminderSend" ("userId", kind, period, "dueAt", items, "messageId", "unsubscribeTokenHash")
      SELECT u.id, 'REVIEW'::"ReminderKind", u.period, (u."dueAt" AT TIME ZONE 'UTC'), u.items, u."messageId", u."tokenHash"
      FROM unnest(
        ${rows.map((r) => r.candidate.id)}::uuid[],
        ${rows.map((r) => r.candidate.slot.period)}::text[],
        ${rows.map((r) => r.candidate.slot.dueAt.toISOString())}::timestamptz[],
        ${rows.map((r) => r.cards)}::int[],
        ${rows.map((r) => r.mail?.messageId ?? null)}::text[],
        ${rows.map((r) => (r.mail ? hashUnsubscribeToken(r.mail.token) : null))}::text[]
      ) AS u(id, period, "dueAt", items, "messageId", "tokenHash")
      ON CONFLICT ("userId", kind, period) DO NOTHING
      RETURNING "userId"::text AS "userId"`;
    const winners = new Set(won.map((w) => w.userId));
    const mails = rows.filter((r) => r.mail && winners.has(r.candidate.id));
    if (mails.length > 0) {
      await tx.emailJob.createMany({
        data: mails.map(({ candidate, mail }) => ({
          to: candidate.email,
          subject: mail!.subject,
          text: mail!.text,
          headers: unsubscribeHeaders(site, mail!.token),
          messageId: mail!.messageId,
          runAt: now,
        })),
      });
    }
    return { decided: winners.size, queued: mails.length };
  });
}

/**
 * Decides the weekly digests due at `now` for instructors who opted in: each lists the at-risk learners
 * of the cohorts they run (the cohort report's own at-risk rules), once per ISO week in their time zone.
 * A week with nobody at risk sends no mail.
 */
export async function scheduleDigests({ db, siteUrl, now = new Date() }: { db: Db; siteUrl: string; now?: Date }): Promise<TickResult> {
  const instructors = await db.user.findMany({
    where: { digestEnabled: true, role: { in: ["INSTRUCTOR", "ADMIN"] }, emailVerifiedAt: { not: null }, disabledAt: null },
    select: { id: true, email: true, name: true, role: true, timezone: true, dayStartHour: true, reminderMinute: true },
  });
  const due: (Candidate & { role: (typeof instructors)[number]["role"] })[] = [];
  for (const u of instructors) {
    const slot = digestSlot(now, u.timezone);
    if (slot) due.push({ ...u, slot });
  }
  const pending = await withoutDecided(db, "DIGEST", due);
  const site = siteUrl.replace(/\/$/, "");
  const result: TickResult = { decided: 0, queued: 0 };
  for (const c of pending) {
    const instructor = due.find((d) => d.id === c.id)!;
    const cohorts = await db.cohortMember.findMany({ where: { userId: c.id, role: "INSTRUCTOR" }, select: { cohortId: true, cohort: { select: { name: true } } }, orderBy: { joinedAt: "asc" } });
    const sections: string[] = [];
    let atRisk = 0;
    for (const { cohortId, cohort } of cohorts) {
      const report = await getCohortDashboard({
        db,
        actor: { id: c.id, role: instructor.role },
        cohortId,
        now,
        day: resolveDayOptions(c),
        filters: { ...NO_FILTERS, atRiskOnly: true },
      });
      if (report.learners.length === 0) continue;
      atRisk += report.learners.length;
      const lines = report.learners.map((l) => `  - ${l.name} (${l.email}): ${l.risks.map((r) => r.message).join("; ")}`);
      sections.push(`${cohort.name} — ${plural(report.learners.length, "learner")} at risk (${site}/instructor/cohorts/${cohortId}):\n${lines.join("\n")}`);
    }
    const token = atRisk > 0 ? randomBytes(32).toString("base64url") : null;
    const messageId = token ? `${randomUUID()}@recall` : null;
    const decided = await db.$transaction(async (tx) => {
      const won = await tx.$executeRaw`
        INSERT INTO "ReminderSend" ("userId", kind, period, "dueAt", items, "messageId", "unsubscribeTokenHash")
        VALUES (${c.id}::uuid, 'DIGEST'::"ReminderKind", ${c.slot.period}, ${c.slot.dueAt}, ${atRisk}, ${messageId}, ${token ? hashUnsubscribeToken(token) : null})
        ON CONFLICT ("userId", kind, period) DO NOTHING`;
      if (won === 1 && token && messageId) {
        await tx.emailJob.create({
          data: {
            to: c.email,
            subject: `Recall weekly digest: ${plural(atRisk, "learner")} at risk`,
            text:
              `Hello ${c.name},\n\nThis week (${c.slot.period}) ${plural(atRisk, "learner", "learners")} in your cohorts ${atRisk === 1 ? "is" : "are"} at risk:\n\n${sections.join("\n\n")}\n\n` +
              `Stop this digest: ${site}/unsubscribe?token=${token} (or in ${site}/settings)\n`,
            headers: unsubscribeHeaders(site, token),
            messageId,
            runAt: now,
          },
        });
      }
      return won === 1;
    });
    if (decided) {
      result.decided++;
      if (token) result.queued++;
    }
  }
  return result;
}

/**
 * Ticks the scheduler until stopped (one per server process, beside the mail sender). An error (the
 * database restarting) is logged and the next tick tries again; nothing is lost, since a reminder not
 * decided stays due for REMINDER_LATE_LIMIT_MS.
 */
export function startReminderScheduler({ db, siteUrl, intervalMs = REMINDER_TICK_MS, log = console }: { db: Db; siteUrl: string; intervalMs?: number; log?: Pick<Console, "error"> }) {
  return startTicker({
    name: "Reminders",
    intervalMs,
    log,
    pass: async () => {
      const now = new Date();
      await scheduleReviewReminders({ db, siteUrl, now });
      await scheduleDigests({ db, siteUrl, now });
    },
  });
}
