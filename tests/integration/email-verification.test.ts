import { describe, expect, it } from "vitest";
import { VERIFY_RESENDS_PER_ACCOUNT } from "@/lib/auth/rate-limit";
import { EMAIL_NOT_CONFIRMED, joinCohort } from "@/lib/cohorts/membership";
import { AppError } from "@/lib/errors";
import { generateJoinCode } from "@/lib/cohorts/codes";
import { VERIFY_TOKEN_TTL_MS, sendEmailVerification } from "@/lib/learners/send-email-verification";
import { INVALID_VERIFY_LINK, isEmailVerified, verifyEmail } from "@/lib/learners/verify-email";
import { createUser, testDb } from "./helpers/db";

// Far from the wall clock: the mail-queue tests' senders never take these jobs, so the links stay readable.
const T0 = new Date("2032-02-02T10:00:00Z");
const SITE = "https://recall.example";

async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (e) {
    return e instanceof AppError ? e.code : `THROWN: ${(e as Error).message}`;
  }
}

async function mailedTokens(email: string): Promise<string[]> {
  const jobs = await testDb().emailJob.findMany({ where: { to: email }, orderBy: { id: "asc" } });
  return jobs.map((j) => /verify-email\?token=([\w-]+)/.exec(j.text)?.[1] ?? "");
}

describe("email verification", () => {
  it("mails a link whose token is stored only as a hash, and following it confirms the address once", async () => {
    const user = await createUser({ emailVerifiedAt: null });
    expect(await sendEmailVerification({ db: testDb(), actor: user, siteUrl: SITE, now: T0 })).toEqual({ sent: true });
    const [token] = await mailedTokens(user.email);
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(await testDb().emailVerificationToken.count({ where: { tokenHash: token } })).toBe(0);

    expect(await isEmailVerified({ db: testDb(), actor: user })).toBe(false);
    await verifyEmail({ db: testDb(), token, now: new Date(T0.getTime() + 60_000) });
    expect((await testDb().user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).toEqual(new Date(T0.getTime() + 60_000));
    const again = (await verifyEmail({ db: testDb(), token, now: T0 }).catch((e) => e)) as AppError;
    expect(again.message).toBe(INVALID_VERIFY_LINK);
  });

  it("confirms once when the link is opened twice at the same moment", async () => {
    const user = await createUser({ emailVerifiedAt: null });
    await sendEmailVerification({ db: testDb(), actor: user, siteUrl: SITE, now: T0 });
    const [token] = await mailedTokens(user.email);
    const results = await Promise.all([0, 1, 2].map(() => outcome(verifyEmail({ db: testDb(), token, now: T0 }))));
    expect(results.sort()).toEqual(["INVALID_INPUT", "INVALID_INPUT", "OK"]);
  });

  it("refuses a link after 24 hours, and a made-up one, with the same clear message", async () => {
    const user = await createUser({ emailVerifiedAt: null });
    await sendEmailVerification({ db: testDb(), actor: user, siteUrl: SITE, now: T0 });
    const [token] = await mailedTokens(user.email);
    for (const [t, at] of [[token, new Date(T0.getTime() + VERIFY_TOKEN_TTL_MS)], ["made-up", T0], [42, T0]] as const) {
      const e = (await verifyEmail({ db: testDb(), token: t, now: at }).catch((x) => x)) as AppError;
      expect(e.message).toBe(INVALID_VERIFY_LINK);
    }
    expect(await isEmailVerified({ db: testDb(), actor: user })).toBe(false);
  });

  it("sends the link again at most 3 times an hour, even when 6 requests arrive together", async () => {
    const user = await createUser({ emailVerifiedAt: null });
    const results = await Promise.all(Array.from({ length: 6 }, () => outcome(sendEmailVerification({ db: testDb(), actor: user, siteUrl: SITE, resend: true, now: T0 }))));
    expect(results.filter((r) => r === "OK")).toHaveLength(VERIFY_RESENDS_PER_ACCOUNT.max);
    expect(results.filter((r) => r === "RATE_LIMITED")).toHaveLength(6 - VERIFY_RESENDS_PER_ACCOUNT.max);
    expect(await mailedTokens(user.email)).toHaveLength(VERIFY_RESENDS_PER_ACCOUNT.max);
    // Any of the links works, and spends the others.
    const tokens = await mailedTokens(user.email);
    await verifyEmail({ db: testDb(), token: tokens[1], now: T0 });
    expect(await outcome(verifyEmail({ db: testDb(), token: tokens[2], now: T0 }))).toBe("INVALID_INPUT");
  });

  it("mails nothing to an address already confirmed", async () => {
    const user = await createUser();
    expect(await sendEmailVerification({ db: testDb(), actor: user, siteUrl: SITE, resend: true, now: T0 })).toEqual({ sent: false });
    expect(await mailedTokens(user.email)).toHaveLength(0);
  });

  it("keeps an unconfirmed learner out of a cohort with a message saying why, and lets them in once confirmed", async () => {
    const user = await createUser({ emailVerifiedAt: null });
    const cohort = await testDb().cohort.create({ data: { name: "Verify cohort", joinCode: generateJoinCode() } });
    const refused = (await joinCohort({ db: testDb(), actor: user, code: cohort.joinCode }).catch((e) => e)) as AppError;
    expect(refused.code).toBe("FORBIDDEN");
    expect(refused.message).toBe(EMAIL_NOT_CONFIRMED);
    expect(await testDb().cohortMember.count({ where: { userId: user.id } })).toBe(0);

    await sendEmailVerification({ db: testDb(), actor: user, siteUrl: SITE, now: T0 });
    await verifyEmail({ db: testDb(), token: (await mailedTokens(user.email))[0], now: T0 });
    await joinCohort({ db: testDb(), actor: user, code: cohort.joinCode });
    expect(await testDb().cohortMember.count({ where: { userId: user.id } })).toBe(1);
  });
});
