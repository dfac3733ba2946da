import { spawn } from "node:child_process";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import { EMAIL_LEASE_MS, sendEmailBatch } from "@/lib/email/queue";
import { smtpMailer, type Mailer } from "@/lib/email/transport";
import { scheduleDigests, scheduleReviewReminders } from "@/lib/reminders/schedule-reminders";
import { parseClockTime } from "@/lib/reminders/slots";
import { describeUnsubscribe, unsubscribe } from "@/lib/reminders/unsubscribe";
import { getReminderSettings, updateReminderSettings } from "@/lib/reminders/reminder-settings";
import { AppError } from "@/lib/errors";
import { generateJoinCode } from "@/lib/cohorts/codes";
import { createCard, createQuestion, createUser, testDatabaseUrl, testDb, uniqueId } from "./helpers/db";
import { startSmtpServer, type TestSmtpServer } from "./helpers/smtp";

// Instants far from the wall clock (and from other files' fixed dates): the mail-queue tests' senders,
// which run at the real time, never take these jobs, so their bodies stay readable here.
const SITE = "https://recall.example";
const HOUR = 3_600_000;

let question: { id: string };
beforeAll(async () => {
  question = await createQuestion();
});

/** An opted-in learner with `dueCards` cards due long before `dueBy` (and reviews of `answerMs` each, if given). */
async function learner({ timezone, time, dayStartHour = 4, dueCards = 1, dueBy, answerMs, verified = true }: { timezone: string; time: string; dayStartHour?: number; dueCards?: number; dueBy: Date; answerMs?: number[]; verified?: boolean }) {
  const user = await createUser({ timezone, dayStartHour, reminderEnabled: true, reminderMinute: parseClockTime(time)!, ...(verified ? {} : { emailVerifiedAt: null }) });
  for (let i = 0; i < dueCards; i++) {
    const q = i === 0 ? question : await createQuestion({ lessonId: (await testDb().question.findUniqueOrThrow({ where: { id: question.id } })).lessonId, position: i });
    const card = await createCard({ userId: user.id, questionId: q.id, due: new Date(dueBy.getTime() - 30 * 86_400_000), state: "REVIEW" });
    if (i === 0 && answerMs) {
      await testDb().reviewLog.createMany({
        data: answerMs.map((ms, k) => ({
          userId: user.id,
          questionId: q.id,
          cardId: card.id,
          rating: 3,
          response: {},
          correct: true,
          durationMs: ms,
          reviewedAt: new Date(dueBy.getTime() - (k + 1) * 86_400_000),
          stateBefore: "REVIEW" as const,
          cardBefore: {},
          cardAfter: {},
          elapsedDays: 1,
          scheduledDays: 1,
          idempotencyKey: uniqueId("k-"),
          sessionId: "s",
          source: "review",
        })),
      });
    }
  }
  return user;
}

async function sendsOf(userId: string) {
  return testDb().reminderSend.findMany({ where: { userId }, orderBy: { dueAt: "asc" } });
}

async function mailsTo(email: string) {
  return testDb().emailJob.findMany({ where: { to: email }, orderBy: { id: "asc" } });
}

const tick = (now: Date) => scheduleReviewReminders({ db: testDb(), siteUrl: SITE, now });

describe("review reminders", () => {
  it("queues each of 30 reminders exactly once when three schedulers, each with its own pool, tick at the same moment (twice)", async () => {
    const now = new Date("2033-02-10T18:00:30Z");
    const users = [];
    for (let i = 0; i < 30; i++) users.push(await learner({ timezone: "UTC", time: "18:00", dueBy: now }));
    const schedulers = Array.from({ length: 3 }, () => createPrisma(testDatabaseUrl(), 2));
    try {
      for (let round = 0; round < 2; round++) {
        await Promise.all(schedulers.map((db) => scheduleReviewReminders({ db, siteUrl: SITE, now })));
      }
    } finally {
      await Promise.all(schedulers.map((c) => c.$disconnect()));
    }
    const ids = users.map((u) => u.id);
    const sends = await testDb().reminderSend.findMany({ where: { userId: { in: ids } } });
    expect(sends).toHaveLength(30);
    const jobs = await testDb().emailJob.findMany({ where: { to: { in: users.map((u) => u.email) } } });
    expect(jobs.map((j) => j.to).sort()).toEqual(users.map((u) => u.email).sort());
    expect(new Set(jobs.map((j) => j.messageId))).toEqual(new Set(sends.map((s) => s.messageId)));
  });

  it("says how many cards are due and the minutes at the learner's own median answer time, with RFC 8058 one-click headers", async () => {
    const now = new Date("2033-03-01T12:30:00Z"); // 18:00 in Asia/Kolkata
    const user = await learner({ timezone: "Asia/Kolkata", time: "18:00", dueCards: 23, dueBy: now, answerMs: [9_000, 15_600, 40_000] });
    await tick(now);
    const [job] = await mailsTo(user.email);
    expect(job.subject).toBe("23 cards due, about 6 minutes");
    expect(job.text).toContain(`${SITE}/review`);
    const headers = job.headers as Record<string, string>;
    expect(headers["List-Unsubscribe"]).toMatch(new RegExp(`^<${SITE}/api/unsubscribe\\?token=[\\w-]{43}>$`));
    expect(headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
  });

  it("mails nothing on a day with no cards due (nor due later that day), and records the day as decided", async () => {
    const now = new Date("2033-03-02T18:00:00Z");
    const nothing = await learner({ timezone: "UTC", time: "18:00", dueCards: 0, dueBy: now });
    const nextWeek = await learner({ timezone: "UTC", time: "18:00", dueCards: 0, dueBy: now });
    await createCard({ userId: nextWeek.id, questionId: question.id, due: new Date(now.getTime() + 7 * 86_400_000), state: "REVIEW" });
    // A learning step due at 23:00, before the next day starts at 04:00, counts: it is today's.
    const laterToday = await learner({ timezone: "UTC", time: "18:00", dueCards: 0, dueBy: now });
    await createCard({ userId: laterToday.id, questionId: question.id, due: new Date(now.getTime() + 5 * HOUR), state: "LEARNING" });
    await tick(now);
    await tick(new Date(now.getTime() + HOUR));
    for (const u of [nothing, nextWeek]) {
      expect(await mailsTo(u.email)).toHaveLength(0);
      expect((await sendsOf(u.id)).map((s) => [s.period, s.items, s.messageId])).toEqual([["2033-03-02", 0, null]]);
    }
    expect((await mailsTo(laterToday.email)).map((j) => j.subject)).toEqual(["1 card due, about 1 minute"]);
  });

  it("sends nothing to an account whose address is not confirmed, or that is disabled", async () => {
    const now = new Date("2033-03-03T18:00:00Z");
    const unverified = await learner({ timezone: "UTC", time: "18:00", dueBy: now, verified: false });
    const disabled = await learner({ timezone: "UTC", time: "18:00", dueBy: now });
    await testDb().user.update({ where: { id: disabled.id }, data: { disabledAt: now } });
    await tick(now);
    expect(await sendsOf(unverified.id)).toHaveLength(0);
    expect(await sendsOf(disabled.id)).toHaveLength(0);
  });

  it("ticking every 20 minutes for 4 days records one reminder per learning day at each learner's local time: Kolkata, Chatham, near midnight, before the day start, across Europe's and America's DST changes", async () => {
    // 2033: the EU moves its clocks on 27 March at 01:00 UTC, the US on 13 March; Chatham is +13:45 until April.
    // A slot's dueAt is the learner's local time, whichever tick (up to two hours late) decided it.
    const windows = [
      {
        from: "2033-03-25T00:00:00Z",
        cases: [
          { timezone: "Asia/Kolkata", time: "18:00", dayStartHour: 4, expect: ["2033-03-25T12:30:00Z", "2033-03-26T12:30:00Z", "2033-03-27T12:30:00Z", "2033-03-28T12:30:00Z"] },
          { timezone: "Pacific/Chatham", time: "07:15", dayStartHour: 4, expect: ["2033-03-25T17:30:00Z", "2033-03-26T17:30:00Z", "2033-03-27T17:30:00Z", "2033-03-28T17:30:00Z"] },
          // 02:30 does not exist in Berlin on 27 March: that day's reminder is due when the clocks jump.
          { timezone: "Europe/Berlin", time: "02:30", dayStartHour: 0, expect: ["2033-03-25T01:30:00Z", "2033-03-26T01:30:00Z", "2033-03-27T01:00:00Z", "2033-03-28T00:30:00Z"] },
          // Before a 05:00 day start, 04:50 ends the previous learning day; it stays 04:50 local across the change.
          { timezone: "Europe/London", time: "04:50", dayStartHour: 5, expect: ["2033-03-25T04:50:00Z", "2033-03-26T04:50:00Z", "2033-03-27T03:50:00Z", "2033-03-28T03:50:00Z"] },
        ],
      },
      {
        from: "2033-03-11T06:00:00Z",
        // Five minutes before local midnight: the next UTC date, one hour earlier in UTC once New York is on EDT.
        cases: [{ timezone: "America/New_York", time: "23:55", dayStartHour: 4, expect: ["2033-03-12T04:55:00Z", "2033-03-13T04:55:00Z", "2033-03-14T03:55:00Z", "2033-03-15T03:55:00Z"] }],
      },
    ];
    for (const w of windows) {
      const users = [];
      for (const c of w.cases) users.push(await learner({ timezone: c.timezone, time: c.time, dayStartHour: c.dayStartHour, dueBy: new Date(w.from) }));
      const end = Math.max(...w.cases.map((c) => Date.parse(c.expect[3]))) + HOUR;
      for (let t = Date.parse(w.from); t <= end; t += 20 * 60_000) await tick(new Date(t));
      for (const [i, c] of w.cases.entries()) {
        const sends = await sendsOf(users[i].id);
        const dueAt = sends.filter((s) => s.dueAt.getTime() >= Date.parse(w.from)).slice(0, 4).map((s) => s.dueAt.toISOString().replace(".000", ""));
        expect({ zone: c.timezone, dueAt }).toEqual({ zone: c.timezone, dueAt: c.expect });
        expect(new Set(sends.map((s) => s.period)).size).toBe(sends.length);
        expect(await mailsTo(users[i].email)).toHaveLength(sends.length);
      }
    }
  }, 180_000);

  it("delivers every reminder when the sender is killed (SIGKILL) mid-batch and a second one finishes: one Message-ID per reminder, none lost", async () => {
    const smtp: TestSmtpServer = await startSmtpServer({ acceptDelayMs: 40 });
    let rescuer: Mailer | undefined;
    try {
      const now = new Date("2033-06-01T09:00:00Z");
      // Earlier tests' mails, due before this one's: sent away first, so the killed sender starts on these 40.
      const discard: Mailer = { description: "discards", send: async () => {} };
      while ((await sendEmailBatch({ db: testDb(), mailer: discard, workerId: "sweeper", limit: 200, now: () => now })).claimed > 0);
      const users = [];
      for (let i = 0; i < 40; i++) users.push(await learner({ timezone: "UTC", time: "09:00", dueBy: now }));
      await tick(now);
      const expected = (await testDb().reminderSend.findMany({ where: { userId: { in: users.map((u) => u.id) } } })).map((s) => s.messageId!);
      expect(expected).toHaveLength(40);

      const sendAt = new Date(now.getTime() + 60_000);
      // `--import tsx`, not the tsx command: that one runs the script in a grandchild, which SIGKILL would miss.
      const child = spawn(process.execPath, ["--import", "tsx", "tests/integration/helpers/reminder-sender.ts", testDatabaseUrl(), smtp.url, sendAt.toISOString()], { stdio: "inherit" });
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
      const mine = () => smtp.received.filter((m) => expected.includes(m.messageId)).length;
      await expect.poll(mine, { timeout: 20_000, interval: 5 }).toBeGreaterThanOrEqual(10);
      child.kill("SIGKILL");
      expect(await exited).toBe("SIGKILL");
      const beforeRescue = mine();
      expect(beforeRescue).toBeLessThan(40);

      // The killed sender's leases run out; a second sender takes the rest.
      rescuer = smtpMailer({ smtpUrl: smtp.url, from: "Recall <no-reply@test.recall>" });
      const later = new Date(sendAt.getTime() + EMAIL_LEASE_MS + 1000);
      while ((await sendEmailBatch({ db: testDb(), mailer: rescuer!, workerId: "rescuer", limit: 20, now: () => later })).claimed > 0);

      const received = smtp.received.filter((m) => expected.includes(m.messageId));
      expect(new Set(received.map((m) => m.messageId))).toEqual(new Set(expected));
      // Each user got one reminder (one Message-ID); a mail the SMTP server accepted just as the sender
      // died may arrive twice with that same Message-ID, which receivers drop (decision 016).
      for (const u of users) expect(new Set(received.filter((m) => m.to.includes(u.email)).map((m) => m.messageId)).size).toBe(1);
      expect(received.length - expected.length).toBeLessThanOrEqual(1);
      const jobs = await testDb().emailJob.findMany({ where: { messageId: { in: expected } } });
      expect(jobs.every((j) => j.status === "SENT" && j.headers === null && j.text === "")).toBe(true);
    } finally {
      rescuer?.close?.();
      await smtp.close();
    }
  }, 60_000);
});

describe("one-click unsubscribe", () => {
  it("turns reminders off with the token alone, and a GET-style look changes nothing", async () => {
    const now = new Date("2033-07-01T18:00:00Z");
    const user = await learner({ timezone: "UTC", time: "18:00", dueBy: now });
    await tick(now);
    const [job] = await mailsTo(user.email);
    const token = /token=([\w-]+)>/.exec((job.headers as Record<string, string>)["List-Unsubscribe"])![1];
    expect(await describeUnsubscribe({ db: testDb(), token })).toMatchObject({ kind: "REVIEW" });
    expect((await getReminderSettings({ db: testDb(), actor: user })).reminderEnabled).toBe(true);
    // Mail clients may POST twice; both succeed.
    await Promise.all([unsubscribe({ db: testDb(), token }), unsubscribe({ db: testDb(), token })]);
    expect((await getReminderSettings({ db: testDb(), actor: user })).reminderEnabled).toBe(false);
    await tick(new Date(now.getTime() + 86_400_000));
    expect(await mailsTo(user.email)).toHaveLength(1);
  });

  it("refuses a made-up token with a clear message and changes nothing", async () => {
    const error = (await unsubscribe({ db: testDb(), token: "x".repeat(43) }).catch((e) => e)) as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.message).toMatch(/not valid/);
  });
});

describe("reminder settings", () => {
  it("refuses to turn reminders on before the address is confirmed, and keeps them off", async () => {
    const user = await createUser({ emailVerifiedAt: null });
    const error = (await updateReminderSettings({ db: testDb(), actor: user, input: { reminderEnabled: "on", reminderTime: "07:30" } }).catch((e) => e)) as AppError;
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toMatch(/Confirm your email/);
    expect((await getReminderSettings({ db: testDb(), actor: user })).reminderEnabled).toBe(false);
  });

  it("saves on/off and a local HH:MM, and rejects a malformed time with a field error", async () => {
    const user = await createUser();
    expect(await updateReminderSettings({ db: testDb(), actor: user, input: { reminderEnabled: "on", reminderTime: "07:30" } })).toMatchObject({ reminderEnabled: true, reminderTime: "07:30" });
    const error = (await updateReminderSettings({ db: testDb(), actor: user, input: { reminderEnabled: "on", reminderTime: "7.30pm" } }).catch((e) => e)) as AppError;
    expect(error.fieldErrors?.reminderTime).toMatch(/HH:MM/);
    expect((await getReminderSettings({ db: testDb(), actor: user })).reminderTime).toBe("07:30");
  });

  it("offers the weekly digest to instructors only", async () => {
    const learnerUser = await createUser();
    const error = (await updateReminderSettings({ db: testDb(), actor: learnerUser, input: { reminderTime: "18:00", digestEnabled: "on" } }).catch((e) => e)) as AppError;
    expect(error.code).toBe("FORBIDDEN");
  });
});

describe("weekly digest", () => {
  it("mails an instructor their cohorts' at-risk learners once per ISO week, however many schedulers tick", async () => {
    const instructor = await createUser({ role: "INSTRUCTOR", timezone: "Asia/Kolkata", digestEnabled: true });
    const cohort = await testDb().cohort.create({ data: { name: `Digest ${uniqueId()}`, joinCode: generateJoinCode() } });
    const course = (await testDb().question.findUniqueOrThrow({ where: { id: question.id }, select: { lesson: { select: { courseId: true } } } })).lesson.courseId;
    await testDb().cohortCourse.create({ data: { cohortId: cohort.id, courseId: course } });
    const idle = await createUser({ name: "Idle Ada" });
    await testDb().cohortMember.createMany({ data: [{ cohortId: cohort.id, userId: instructor.id, role: "INSTRUCTOR" }, { cohortId: cohort.id, userId: idle.id, role: "LEARNER" }] });

    const monday = new Date("2033-08-01T02:30:00Z"); // Monday 08:00 in Kolkata
    await Promise.all([0, 1, 2].map(() => scheduleDigests({ db: testDb(), siteUrl: SITE, now: monday })));
    await scheduleDigests({ db: testDb(), siteUrl: SITE, now: new Date(monday.getTime() + 3 * 86_400_000) });
    const jobs = await mailsTo(instructor.email);
    expect(jobs).toHaveLength(1);
    expect(jobs[0].subject).toMatch(/weekly digest: \d+ learners? at risk/);
    expect(jobs[0].text).toContain("Idle Ada");
    expect((await sendsOf(instructor.id)).map((s) => s.period)).toEqual(["2033-W31"]);
    // The next ISO week gets its own.
    await scheduleDigests({ db: testDb(), siteUrl: SITE, now: new Date(monday.getTime() + 7 * 86_400_000) });
    expect(await mailsTo(instructor.email)).toHaveLength(2);
  });
});

afterEach(async () => {
  // Each test's learners stop asking, so later tests (and other files) tick over their own only.
  await testDb().user.updateMany({ where: { OR: [{ reminderEnabled: true }, { digestEnabled: true }] }, data: { reminderEnabled: false, digestEnabled: false } });
});
