// The limits on guessing, fired the way an attacker would: many requests at once (Promise.all), on
// the real database. "Evaluated" is the number of argon2 verifications that actually ran, counted by
// wrapping the real verifyPassword (the hashing and the database are not mocked).
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { CLIENT_ADDRESS_HEADER } from "@/lib/auth/client-address";
import { authOptions, GENERIC_SIGNIN_ERROR } from "@/lib/auth/options";
import { PASSWORD_FAILURES_PER_ACCOUNT, SIGNUPS_PER_ADDRESS, reserveAttempt } from "@/lib/auth/rate-limit";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { createCohort } from "@/lib/cohorts/manage";
import { joinCohort } from "@/lib/cohorts/membership";
import { changePassword } from "@/lib/learners/change-password";
import { createUser as signUp } from "@/lib/learners/create-user";
import { deleteAccount } from "@/lib/learners/delete-account";
import { hashResetToken } from "@/lib/learners/request-password-reset";
import { resetPassword } from "@/lib/learners/reset-password";
import { AppError } from "@/lib/errors";
import { createCourse, createUser, disconnectTestDb, testDb, uniqueId } from "./helpers/db";

const counter = vi.hoisted(() => ({ verifications: 0 }));
vi.mock("@/lib/auth/password", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/auth/password")>();
  return {
    ...real,
    verifyPassword: async (hash: string, password: string) => {
      counter.verifications++;
      return real.verifyPassword(hash, password);
    },
  };
});

beforeEach(() => {
  counter.verifications = 0;
});
afterAll(disconnectTestDb);

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;
const authorize = (authOptions.providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;

const RIGHT = "the right password";
const codeOf = (e: unknown) => (e instanceof AppError ? e.code : `thrown: ${String(e)}`);
const settle = <T,>(p: Promise<T>) => p.then(() => "OK", codeOf);
const address = () => `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

describe("sign-in", () => {
  it("signs in with the right password through next-auth's authorize and gives one generic message otherwise", async () => {
    const email = `ada-${uniqueId()}@test.recall`;
    await createUser({ email, password: RIGHT });
    const attempt = (password: string) =>
      authorize({ email, password }, { headers: { [CLIENT_ADDRESS_HEADER]: address() } }).then((u) => `OK ${(u as { email: string }).email}`, (e: Error) => e.message);
    expect(await attempt(RIGHT)).toBe(`OK ${email}`);
    expect(await attempt("wrong password")).toBe(GENERIC_SIGNIN_ERROR);
  });

  it("evaluates 5 of 150 simultaneous guesses at one account (149 wrong, then the right one) and refuses the rest, the right one included", async () => {
    const email = `grace-${uniqueId()}@test.recall`;
    await createUser({ email, password: RIGHT });
    const now = new Date();
    const from = address();
    const passwords = [...Array.from({ length: 149 }, (_, i) => `wrong guess ${i}`), RIGHT];
    const results = await Promise.all(passwords.map((password) => settle(verifyCredentials({ db: testDb(), input: { email, password }, address: from, now }))));
    const evaluated = results.filter((r) => r !== "RATE_LIMITED").length;
    console.log(`sign-in, one account: ${evaluated} of ${passwords.length} evaluated, ${counter.verifications} argon2 verifications`);
    expect(counter.verifications).toBe(PASSWORD_FAILURES_PER_ACCOUNT.free);
    expect(evaluated).toBe(PASSWORD_FAILURES_PER_ACCOUNT.free);
    expect(results.at(-1)).toBe("RATE_LIMITED");
  }, 60_000);

  it("evaluates 50 of 80 simultaneous guesses from one address at 80 accounts", async () => {
    const from = address();
    const now = new Date();
    const inputs = Array.from({ length: 80 }, (_, i) => ({ email: `nobody-${i}-${uniqueId()}@test.recall`, password: "some guess here" }));
    const results = await Promise.all(inputs.map((input) => settle(verifyCredentials({ db: testDb(), input, address: from, now }))));
    const evaluated = results.filter((r) => r !== "RATE_LIMITED").length;
    console.log(`sign-in, one address: ${evaluated} of ${inputs.length} evaluated`);
    expect(evaluated).toBe(50);
  }, 60_000);

  it("slows a targeted account down exponentially, at most 15 minutes between tries, and lets the owner in once the wait is over", async () => {
    const email = `target-${uniqueId()}@test.recall`;
    await createUser({ email, password: RIGHT });
    const t0 = Date.parse("2026-12-03T10:00:00Z");
    const at = (ms: number) => new Date(t0 + ms);
    const guess = (ms: number, password = "stranger's guess", from = address()) => settle(verifyCredentials({ db: testDb(), input: { email, password }, address: from, now: at(ms) }));
    for (let i = 0; i < 5; i++) expect(await guess(i)).toBe("INVALID_INPUT");
    // Then each wait doubles from 2 s: refused just before it ends, evaluated when it has.
    let last = 4;
    const waits: number[] = [];
    for (let n = 0; n < 12; n++) {
      const waitMs = Math.min(2_000 * 2 ** n, 15 * 60_000);
      expect(await guess(last + waitMs - 1)).toBe("RATE_LIMITED");
      expect(await guess(last + waitMs)).toBe("INVALID_INPUT");
      waits.push(waitMs);
      last += waitMs;
    }
    expect(waits.slice(0, 4)).toEqual([2_000, 4_000, 8_000, 16_000]);
    expect(Math.max(...waits)).toBe(15 * 60_000);
    // Refused guesses did not extend the wait; the owner gets in 15 minutes after the last counted one.
    expect(await guess(last + 15 * 60_000, RIGHT)).toBe("OK");
    // ...and that success ended the back-off.
    expect(await guess(last + 15 * 60_000 + 1)).toBe("INVALID_INPUT");
  }, 60_000);

  it("lets the owner in through a password reset at once, refusing a weak new password without spending the link", async () => {
    const email = `reset-${uniqueId()}@test.recall`;
    const user = await createUser({ email, password: RIGHT });
    const now = new Date();
    for (let i = 0; i < 6; i++) await settle(verifyCredentials({ db: testDb(), input: { email, password: `stranger ${i}` }, address: address(), now }));
    const token = `token-${uniqueId()}`;
    await testDb().passwordResetToken.create({ data: { userId: user.id, tokenHash: hashResetToken(token), expiresAt: new Date(now.getTime() + 60_000) } });
    const weak = (await resetPassword({ db: testDb(), input: { token, password: "aaaaaaaaaa", confirmPassword: "aaaaaaaaaa" }, now }).catch((e) => e)) as AppError;
    expect(weak.fieldErrors?.password).toMatch(/Repeated characters/);
    await resetPassword({ db: testDb(), input: { token, password: "quiet harbour lantern", confirmPassword: "quiet harbour lantern" }, now });
    expect(await settle(verifyCredentials({ db: testDb(), input: { email, password: "quiet harbour lantern" }, address: address(), now }))).toBe("OK");
  });

  it("says when to try again", async () => {
    const email = `wait-${uniqueId()}@test.recall`;
    await createUser({ email, password: RIGHT });
    const now = new Date();
    for (let i = 0; i < 5; i++) await settle(verifyCredentials({ db: testDb(), input: { email, password: `x${i}` }, address: address(), now }));
    const refused = await verifyCredentials({ db: testDb(), input: { email, password: RIGHT }, address: address(), now }).catch((e: Error) => e.message);
    expect(refused).toBe("Too many failed sign-ins for this account. Try again in 2 seconds.");
  });
});

describe("the same reservation for every limit", () => {
  it("creates 10 of 40 accounts signed up at once from one address", async () => {
    const from = address();
    const tag = uniqueId();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => settle(signUp({ db: testDb(), address: from, input: { name: "Mass Signup", email: `mass-${i}-${tag}@test.recall`, password: "quiet harbour lantern" } }))),
    );
    const created = await testDb().user.count({ where: { email: { endsWith: `-${tag}@test.recall` } } });
    console.log(`sign-up, one address: ${created} of 40 created`);
    expect(created).toBe(SIGNUPS_PER_ADDRESS.max);
    expect(results.filter((r) => r === "RATE_LIMITED")).toHaveLength(30);
  }, 120_000);

  it("evaluates 10 of 14 wrong join codes sent at once by one learner", async () => {
    const learner = await createUser();
    const guesses = Array.from({ length: 14 }, (_, i) => `ZZZZ-ZZ${String.fromCharCode(65 + i)}${String.fromCharCode(66 + i)}`);
    const results = await Promise.all(guesses.map((code) => settle(joinCohort({ db: testDb(), actor: learner, code, address: address() }))));
    const evaluated = results.filter((r) => r !== "RATE_LIMITED").length;
    console.log(`join codes, one learner: ${evaluated} of 14 evaluated`);
    expect(evaluated).toBe(10);
  });

  it("gives a right join code's reservation back: 10 right codes at once leave the learner's wrong-code budget untouched", async () => {
    const instructor = await createUser({ role: "INSTRUCTOR" });
    const course = await createCourse();
    const cohort = await createCohort({ db: testDb(), actor: instructor, input: { name: "Reserved", courseIds: [course.id] } });
    const { joinCode } = await testDb().cohort.findUniqueOrThrow({ where: { id: cohort.id }, select: { joinCode: true } });
    const learner = await createUser();
    const from = address();
    expect(await Promise.all(Array.from({ length: 10 }, () => settle(joinCohort({ db: testDb(), actor: learner, code: joinCode, address: from }))))).toEqual(Array(10).fill("OK"));
    expect(await testDb().rateLimitHit.count({ where: { key: { in: [`join:user:${learner.id}`, `join:address:${from}`] } } })).toBe(0);
  });

  it("evaluates 5 of 50 wrong current passwords sent at once from a signed-in session, for a password change and for account deletion", async () => {
    const user = await createUser({ email: `settings-${uniqueId()}@test.recall`, password: RIGHT });
    const now = new Date();
    const input = (i: number) => ({ currentPassword: `not it ${i}`, newPassword: "quiet harbour lantern", confirmPassword: "quiet harbour lantern" });
    const changes = await Promise.all(Array.from({ length: 50 }, (_, i) => settle(changePassword({ db: testDb(), actor: user, input: input(i), now }))));
    const evaluated = changes.filter((r) => r !== "RATE_LIMITED").length;
    console.log(`current password, one account: ${evaluated} of 50 evaluated, ${counter.verifications} argon2 verifications`);
    expect(counter.verifications).toBe(5);
    // The account's back-off is one, whatever asks: deleting with the right password waits too.
    expect(await settle(deleteAccount({ db: testDb(), actor: user, password: RIGHT }))).toBe("RATE_LIMITED");
    expect(await testDb().user.count({ where: { id: user.id } })).toBe(1);
  }, 60_000);

  it("reserves all keys of an attempt or none, and locks them in one order (no deadlock when two requests name them in opposite orders)", async () => {
    const a = `test:a:${uniqueId()}`;
    const b = `test:b:${uniqueId()}`;
    const limit = { kind: "window", max: 3, windowMs: 60_000 } as const;
    const now = new Date();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => reserveAttempt(testDb(), i % 2 ? [{ key: a, limit }, { key: b, limit }] : [{ key: b, limit }, { key: a, limit }], now)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(await testDb().rateLimitHit.count({ where: { key: a } })).toBe(3);
    expect(await testDb().rateLimitHit.count({ where: { key: b } })).toBe(3);
  });
});

describe("password policy", () => {
  it.each([
    ["aaaaaaaaaa", "Repeated characters"],
    ["password123", "common or leaked"],
    ["qwertyuiop", "common or leaked"],
  ])("refuses %s at sign-up with a field error (%s)", async (password, message) => {
    const err = (await signUp({ db: testDb(), input: { name: "Ada Lovelace", email: `ada-${uniqueId()}@test.recall`, password } }).catch((e) => e)) as AppError;
    expect(err.code).toBe("INVALID_INPUT");
    expect(err.fieldErrors?.password).toContain(message);
  });

  it("refuses a password equal to the email, or holding its local part or the name", async () => {
    const tag = uniqueId();
    const email = `lovelace${tag}@test.recall`;
    for (const password of [email, `my lovelace${tag} key 42`, "ada lovelace rocks 1842", "Lovelace harbour lantern"]) {
      const err = (await signUp({ db: testDb(), input: { name: "Ada Lovelace", email, password } }).catch((e) => e)) as AppError;
      expect(err.fieldErrors?.password, password).toBe("Leave your name and email out of your password.");
    }
    expect(await testDb().user.count({ where: { email } })).toBe(0);
  });

  it("refuses a weak new password on the settings page and keeps the old one", async () => {
    const user = await createUser({ email: `keep-${uniqueId()}@test.recall`, password: RIGHT });
    const err = (await changePassword({ db: testDb(), actor: user, input: { currentPassword: RIGHT, newPassword: "aaaaaaaaaa", confirmPassword: "aaaaaaaaaa" } }).catch((e) => e)) as AppError;
    expect(err.fieldErrors?.newPassword).toMatch(/Repeated characters/);
    expect(await settle(verifyCredentials({ db: testDb(), input: { email: user.email, password: RIGHT }, address: address() }))).toBe("OK");
  });
});
