import { describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { RESET_PER_EMAIL } from "@/lib/auth/rate-limit";
import type { AppError } from "@/lib/errors";
import { INVALID_RESET_LINK, resetPassword } from "@/lib/learners/reset-password";
import { RESET_TOKEN_TTL_MS, hashResetToken, requestPasswordReset } from "@/lib/learners/request-password-reset";
import { createUser, testDb, uniqueId } from "./helpers/db";
import { code } from "./helpers/outcome";

// Far ahead of the wall clock, so the queue tests' senders (which run at the real time) never take
// these mails, and their bodies (holding the link) stay readable here.
const T0 = new Date("2031-05-04T10:00:00Z");
const SITE = "https://recall.example";
const NEW_PASSWORD = "a long new passphrase";

/** The tokens of the reset links mailed to `email`, oldest first. */
async function mailedTokens(email: string): Promise<string[]> {
  const jobs = await testDb().emailJob.findMany({ where: { to: email }, orderBy: { id: "asc" } });
  return jobs.map((j) => /reset-password\?token=([\w-]+)/.exec(j.text)?.[1] ?? "");
}

function request(email: string, now = T0, address = uniqueId("ip-")) {
  return requestPasswordReset({ db: testDb(), input: { email }, address, siteUrl: SITE, now });
}

function reset(token: string, now = T0, password = NEW_PASSWORD) {
  return resetPassword({ db: testDb(), input: { token, password, confirmPassword: password }, now });
}

describe("password reset", () => {
  it("answers an unknown email exactly as a known one, and mails a link only to the account", async () => {
    const user = await createUser();
    const unknown = `${uniqueId("nobody-")}@test.recall`;
    expect([await code(request(user.email)), await code(request(unknown))]).toEqual(["OK", "OK"]);
    expect((await mailedTokens(user.email)).length).toBe(1);
    expect(await testDb().emailJob.count({ where: { to: unknown } })).toBe(0);
    const [token] = await mailedTokens(user.email);
    const job = await testDb().emailJob.findFirstOrThrow({ where: { to: user.email } });
    expect(job.text).toContain(`${SITE}/reset-password?token=${token}`);
  });

  it("stores only the SHA-256 of the token, never the token itself", async () => {
    const user = await createUser();
    await request(user.email);
    const [token] = await mailedTokens(user.email);
    const rows = await testDb().passwordResetToken.findMany({ where: { userId: user.id } });
    expect(rows.map((r) => r.tokenHash)).toEqual([hashResetToken(token)]);
    expect(rows[0].tokenHash).not.toContain(token);
  });

  it("sets the new password and ends every session (tokenVersion bumped)", async () => {
    const user = await createUser();
    await request(user.email);
    const [token] = await mailedTokens(user.email);
    expect(await reset(token)).toEqual({ email: user.email });
    const after = await testDb().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(after.passwordHash, NEW_PASSWORD)).toBe(true);
    expect(after.tokenVersion).toBe(user.tokenVersion + 1);
  });

  it("uses a link once: of five submissions fired together, exactly one changes the password", async () => {
    const user = await createUser();
    await request(user.email);
    const [token] = await mailedTokens(user.email);
    const results = await Promise.all([1, 2, 3, 4, 5].map((i) => code(reset(token, T0, `${NEW_PASSWORD} ${i}`))));
    expect(results.filter((r) => r === "OK")).toHaveLength(1);
    expect(results.filter((r) => r === "INVALID_INPUT")).toHaveLength(4);
    expect((await testDb().user.findUniqueOrThrow({ where: { id: user.id } })).tokenVersion).toBe(user.tokenVersion + 1);
  });

  it("refuses a link 30 minutes after it was sent, and accepts it a second before", async () => {
    const user = await createUser();
    await request(user.email);
    await request(user.email);
    const [first, second] = await mailedTokens(user.email);
    await expect(reset(first, new Date(T0.getTime() + RESET_TOKEN_TTL_MS))).rejects.toThrow(INVALID_RESET_LINK);
    expect(await code(reset(second, new Date(T0.getTime() + RESET_TOKEN_TTL_MS - 1000)))).toBe("OK");
  });

  it("spends every other open link of the account when one is used", async () => {
    const user = await createUser();
    await request(user.email);
    await request(user.email);
    const [first, second] = await mailedTokens(user.email);
    expect(await code(reset(second))).toBe("OK");
    expect(await code(reset(first))).toBe("INVALID_INPUT");
  });

  it("refuses a made-up token and a bad new password with clear messages, changing nothing", async () => {
    const user = await createUser();
    await request(user.email);
    const [token] = await mailedTokens(user.email);
    await expect(reset("not-a-token")).rejects.toThrow(INVALID_RESET_LINK);
    const short = await resetPassword({ db: testDb(), input: { token, password: "short", confirmPassword: "short" }, now: T0 }).catch((e: AppError) => e);
    expect((short as AppError).fieldErrors?.password).toMatch(/at least 10/);
    const differ = await resetPassword({ db: testDb(), input: { token, password: NEW_PASSWORD, confirmPassword: "something else" }, now: T0 }).catch((e: AppError) => e);
    expect((differ as AppError).fieldErrors?.confirmPassword).toBe("The two passwords differ.");
    // The link still works: nothing was spent by the refused attempts.
    expect(await code(reset(token))).toBe("OK");
  });

  it("mails at most the hourly limit when many requests for one email arrive together, known or not", async () => {
    for (const email of [(await createUser()).email, `${uniqueId("nobody-")}@test.recall`]) {
      const results = await Promise.all(Array.from({ length: 8 }, () => code(request(email, T0, "one-address"))));
      expect(results.filter((r) => r === "OK")).toHaveLength(RESET_PER_EMAIL.max);
      expect(results.filter((r) => r === "RATE_LIMITED")).toHaveLength(8 - RESET_PER_EMAIL.max);
    }
  });
});
