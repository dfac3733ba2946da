// Single sign-on linking rules on the real database: a provider's claims go through the real
// provider's profile() (lib/auth/sso-providers.ts), then signInWithProvider, then next-auth's jwt
// callback, as a sign-in does; only the provider's HTTP round trip is left to the e2e (tests/e2e/sso.test.ts).
import type { Account, User } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { afterAll, describe, expect, it } from "vitest";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { listSignInMethods } from "@/lib/auth/list-sign-in-methods";
import { authOptions } from "@/lib/auth/options";
import { signInWithProvider, type ProviderIdentity } from "@/lib/auth/sign-in-with-provider";
import { LAST_SIGN_IN_METHOD, unlinkProvider } from "@/lib/auth/unlink-provider";
import { identityFrom, ssoProviders } from "@/lib/auth/sso-providers";
import { parseEnv } from "@/lib/env";
import { changePassword } from "@/lib/learners/change-password";
import { deleteAccount } from "@/lib/learners/delete-account";
import { signOutEverywhere } from "@/lib/learners/sign-out-everywhere";
import { AppError } from "@/lib/errors";
import { createUser, disconnectTestDb, testDb, uniqueId } from "./helpers/db";

afterAll(disconnectTestDb);

const oidc = ssoProviders(
  parseEnv({ OIDC_ISSUER: "https://id.example.test", OIDC_CLIENT_ID: "recall", OIDC_CLIENT_SECRET: "s".repeat(32), OIDC_NAME: "Example ID" }),
).find((p) => p.id === "oidc")!;

/** The identity next-auth would hand to the signIn callback for these OIDC claims. */
async function identityOf(claims: Record<string, unknown>): Promise<{ identity: ProviderIdentity; user: User; account: Account }> {
  const user = await oidc.profile(claims, {});
  const account = { provider: "oidc", type: "oauth", providerAccountId: String(claims.sub) } as Account;
  return { identity: identityFrom(user, account), user, account };
}

const email = (who: string) => `${who}-${uniqueId()}@test.recall`;
const countUsers = (address: string) => testDb().user.count({ where: { email: address } });
const accountsOf = (userId: string) => testDb().account.findMany({ where: { userId }, select: { provider: true, providerAccountId: true } });

type Jwt = (params: { token: JWT; user?: User; account?: Account | null }) => Promise<JWT>;
const jwt = authOptions.callbacks!.jwt as unknown as Jwt;

describe("first sign-in with a provider", () => {
  it("creates a LEARNER with the vouched email marked verified, no password and the identity linked, whatever role or groups the provider claims", async () => {
    const address = email("new");
    const sub = uniqueId("sub-");
    const { identity, user, account } = await identityOf({ sub, email: address.toUpperCase(), email_verified: true, name: "Ada", role: "ADMIN", roles: ["ADMIN"], groups: ["admins"] });
    const now = new Date("2026-12-03T10:00:00Z");
    const result = await signInWithProvider({ db: testDb(), identity, now });
    expect(result).toMatchObject({ ok: true, outcome: "created" });
    const created = await testDb().user.findUniqueOrThrow({ where: { email: address } });
    expect(created).toMatchObject({ role: "LEARNER", name: "Ada", passwordHash: null, emailVerifiedAt: now });
    expect(await accountsOf(created.id)).toEqual([{ provider: "oidc", providerAccountId: sub }]);

    // The session token is Recall's user, with Recall's role.
    const token = await jwt({ token: { name: "Provider's name", email: "provider@example.test" } as JWT, user, account });
    expect(token).toMatchObject({ uid: created.id, role: "LEARNER", tv: 0, name: "Ada", email: address });
  });

  it("signs the same identity in as the same user the next time, even if its email changed", async () => {
    const sub = uniqueId("sub-");
    const first = await signInWithProvider({ db: testDb(), identity: (await identityOf({ sub, email: email("first"), email_verified: true })).identity });
    const again = await signInWithProvider({ db: testDb(), identity: (await identityOf({ sub, email: email("renamed"), email_verified: false })).identity });
    expect(first.ok && again.ok).toBe(true);
    expect(again).toEqual({ ok: true, userId: first.ok ? first.userId : "", outcome: "signed-in" });
  });

  it("creates nothing for an email the provider does not vouch for, with email_verified false, \"false\" or missing", async () => {
    for (const verified of [false, "false", undefined]) {
      const address = email("unvouched");
      const { identity } = await identityOf({ sub: uniqueId("sub-"), email: address, ...(verified === undefined ? {} : { email_verified: verified }) });
      expect(await signInWithProvider({ db: testDb(), identity })).toEqual({ ok: false, reason: "email-unverified" });
      expect(await countUsers(address)).toBe(0);
    }
  });

  it("accepts email_verified sent as the string \"true\"", async () => {
    const address = email("string-true");
    const { identity } = await identityOf({ sub: uniqueId("sub-"), email: address, email_verified: "true" });
    expect(await signInWithProvider({ db: testDb(), identity })).toMatchObject({ ok: true, outcome: "created" });
  });

  it("refuses an identity without an email", async () => {
    const { identity } = await identityOf({ sub: uniqueId("sub-"), email_verified: true });
    expect(await signInWithProvider({ db: testDb(), identity })).toEqual({ ok: false, reason: "no-email" });
  });

  it("makes one user and one link when 6 first sign-ins of one new identity arrive together (5 tries)", async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const address = email("racer");
      const { identity } = await identityOf({ sub: uniqueId("sub-"), email: address, email_verified: true });
      const results = await Promise.all(Array.from({ length: 6 }, () => signInWithProvider({ db: testDb(), identity })));
      const ids = new Set(results.map((r) => (r.ok ? r.userId : r.reason)));
      expect(ids.size).toBe(1);
      expect(results.filter((r) => r.ok && r.outcome === "created")).toHaveLength(1);
      expect(results.filter((r) => r.ok && r.outcome === "signed-in")).toHaveLength(5);
      expect(await countUsers(address)).toBe(1);
      expect(await testDb().account.count({ where: { providerAccountId: identity.providerAccountId } })).toBe(1);
    }
  });

  it("makes one user with two links when two providers' first sign-ins with one new email arrive together", async () => {
    const address = email("two-providers");
    const base = { email: address, emailVerified: true, name: null };
    const [a, b] = await Promise.all([
      signInWithProvider({ db: testDb(), identity: { ...base, provider: "oidc", providerAccountId: uniqueId("sub-") } }),
      signInWithProvider({ db: testDb(), identity: { ...base, provider: "google", providerAccountId: uniqueId("sub-") } }),
    ]);
    expect(a.ok && b.ok && a.userId === b.userId).toBe(true);
    expect(await countUsers(address)).toBe(1);
    expect((await accountsOf(a.ok ? a.userId : "")).map((x) => x.provider).sort()).toEqual(["google", "oidc"]);
  });
});

describe("an existing account with the same email", () => {
  it("is linked, not duplicated, when the provider vouches: it keeps its role, its password and its sessions", async () => {
    const address = email("author");
    const existing = await createUser({ email: address, role: "AUTHOR", password: "an author's password", emailVerifiedAt: new Date("2026-01-01T00:00:00Z") });
    const { identity, user, account } = await identityOf({ sub: uniqueId("sub-"), email: address, email_verified: true, role: "LEARNER", groups: ["admins"] });
    expect(await signInWithProvider({ db: testDb(), identity })).toEqual({ ok: true, userId: existing.id, outcome: "linked" });
    expect(await countUsers(address)).toBe(1);
    const after = await testDb().user.findUniqueOrThrow({ where: { id: existing.id } });
    expect(after).toMatchObject({ role: "AUTHOR", passwordHash: existing.passwordHash, tokenVersion: existing.tokenVersion });
    expect(await jwt({ token: {} as JWT, user, account })).toMatchObject({ uid: existing.id, role: "AUTHOR" });
    expect(await verifyCredentials({ db: testDb(), input: { email: address, password: "an author's password" }, address: "192.0.2.1" })).toMatchObject({ id: existing.id });
  });

  it("is not linked when the provider does not vouch for the email: refused, nothing stored", async () => {
    const address = email("taken");
    const existing = await createUser({ email: address, emailVerifiedAt: new Date() });
    const { identity } = await identityOf({ sub: uniqueId("sub-"), email: address, email_verified: false });
    expect(await signInWithProvider({ db: testDb(), identity })).toEqual({ ok: false, reason: "email-taken" });
    expect(await accountsOf(existing.id)).toEqual([]);
    expect(await countUsers(address)).toBe(1);
  });

  it("whose own email was never verified loses the password its maker chose and every session when a vouched identity links to it", async () => {
    const address = email("prehijack");
    const existing = await createUser({ email: address, password: "someone else's password", emailVerifiedAt: null });
    const now = new Date("2026-12-03T11:00:00Z");
    const { identity } = await identityOf({ sub: uniqueId("sub-"), email: address, email_verified: true });
    expect(await signInWithProvider({ db: testDb(), identity, now })).toEqual({ ok: true, userId: existing.id, outcome: "linked" });
    const after = await testDb().user.findUniqueOrThrow({ where: { id: existing.id } });
    expect(after).toMatchObject({ passwordHash: null, emailVerifiedAt: now, tokenVersion: existing.tokenVersion + 1 });
    await expect(verifyCredentials({ db: testDb(), input: { email: address, password: "someone else's password" }, address: "192.0.2.2" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});

describe("disabled accounts", () => {
  it("cannot sign in by a linked identity", async () => {
    const { identity } = await identityOf({ sub: uniqueId("sub-"), email: email("disabled-linked"), email_verified: true });
    const first = await signInWithProvider({ db: testDb(), identity });
    if (!first.ok) throw new Error("first sign-in refused");
    await testDb().user.update({ where: { id: first.userId }, data: { disabledAt: new Date(), tokenVersion: { increment: 1 } } });
    expect(await signInWithProvider({ db: testDb(), identity })).toEqual({ ok: false, reason: "disabled" });
  });

  it("are not linked by a vouched email", async () => {
    const address = email("disabled-email");
    const existing = await createUser({ email: address, disabledAt: new Date(), emailVerifiedAt: new Date() });
    const { identity } = await identityOf({ sub: uniqueId("sub-"), email: address, email_verified: true });
    expect(await signInWithProvider({ db: testDb(), identity })).toEqual({ ok: false, reason: "disabled" });
    expect(await accountsOf(existing.id)).toEqual([]);
  });
});

describe("sessions of SSO users", () => {
  it("end with \"sign out everywhere\" like any other: the next check of the token refuses it", async () => {
    const { identity, user, account } = await identityOf({ sub: uniqueId("sub-"), email: email("everywhere"), email_verified: true });
    await signInWithProvider({ db: testDb(), identity });
    const token = await jwt({ token: {} as JWT, user, account });
    await expect(jwt({ token })).resolves.toMatchObject({ uid: token.uid });
    await signOutEverywhere({ db: testDb(), actor: { id: token.uid as string, role: "LEARNER" } });
    await expect(jwt({ token })).rejects.toThrow("session revoked");
  });
});

describe("linking from Settings", () => {
  it("links a new identity to the signed-in user whatever its email, and lists it", async () => {
    const me = await createUser({ email: email("me"), password: "my own password" });
    const { identity } = await identityOf({ sub: uniqueId("sub-"), email: email("elsewhere"), email_verified: false });
    const now = new Date("2026-12-03T12:00:00Z");
    expect(await signInWithProvider({ db: testDb(), identity, signedIn: { userId: me.id, tokenVersion: me.tokenVersion }, now })).toEqual({ ok: true, userId: me.id, outcome: "linked" });
    const methods = await listSignInMethods({ db: testDb(), actor: me, providers: [{ id: "oidc", name: "Example ID" }, { id: "github", name: "GitHub" }] });
    expect(methods).toEqual({ hasPassword: true, linked: [{ provider: "oidc", name: "Example ID", linkedAt: now }], linkable: [{ id: "github", name: "GitHub" }] });
  });

  it("refuses an identity linked to someone else, and a session that has ended", async () => {
    const { identity } = await identityOf({ sub: uniqueId("sub-"), email: email("owner"), email_verified: true });
    const owner = await signInWithProvider({ db: testDb(), identity });
    const other = await createUser({ email: email("other") });
    expect(owner.ok).toBe(true);
    expect(await signInWithProvider({ db: testDb(), identity, signedIn: { userId: other.id, tokenVersion: other.tokenVersion } })).toEqual({ ok: false, reason: "linked-elsewhere" });
    const fresh = (await identityOf({ sub: uniqueId("sub-"), email: email("fresh"), email_verified: true })).identity;
    expect(await signInWithProvider({ db: testDb(), identity: fresh, signedIn: { userId: other.id, tokenVersion: other.tokenVersion - 1 } })).toEqual({ ok: false, reason: "session-ended" });
    expect(await accountsOf(other.id)).toEqual([]);
  });
});

describe("accounts without a password", () => {
  it("are told to set one by a reset link when changing it, and confirm deletion by typing their email", async () => {
    const address = email("nopass");
    const result = await signInWithProvider({ db: testDb(), identity: (await identityOf({ sub: uniqueId("sub-"), email: address, email_verified: true })).identity });
    if (!result.ok) throw new Error("sign-in refused");
    const change = changePassword({ db: testDb(), actor: { id: result.userId, role: "LEARNER" }, input: { currentPassword: "anything at all", newPassword: "a brand new password", confirmPassword: "a brand new password" } });
    await expect(change).rejects.toMatchObject({ code: "INVALID_INPUT", fieldErrors: { currentPassword: expect.stringContaining("reset link") } });

    await expect(deleteAccount({ db: testDb(), actor: { id: result.userId, role: "LEARNER" }, password: "", email: "someone@else.test" })).rejects.toBeInstanceOf(AppError);
    expect(await countUsers(address)).toBe(1);
    await deleteAccount({ db: testDb(), actor: { id: result.userId, role: "LEARNER" }, password: "", email: ` ${address.toUpperCase()} ` });
    expect(await countUsers(address)).toBe(0);
    expect(await testDb().account.count({ where: { userId: result.userId } })).toBe(0);
  });
});

describe("unlinking a provider", () => {
  it("leaves a way in when the two identities of an account without a password are unlinked at once: one goes, the other is refused (10 tries)", async () => {
    for (let attempt = 0; attempt < 10; attempt++) {
      const base = { email: email("two-ways"), emailVerified: true, name: null };
      const first = await signInWithProvider({ db: testDb(), identity: { ...base, provider: "oidc", providerAccountId: uniqueId("sub-") } });
      if (!first.ok) throw new Error("sign-in refused");
      await signInWithProvider({ db: testDb(), identity: { ...base, provider: "google", providerAccountId: uniqueId("sub-") } });
      const outcomes = await Promise.all(
        ["oidc", "google"].map((provider) => unlinkProvider({ db: testDb(), actor: { id: first.userId, role: "LEARNER" }, provider }).then(() => "OK", (e: AppError) => `${e.code} ${e.message}`)),
      );
      expect(outcomes.sort()).toEqual([`CONFLICT ${LAST_SIGN_IN_METHOD}`, "OK"]);
      expect(await testDb().account.count({ where: { userId: first.userId } })).toBe(1);
    }
  });

  it("removes the only identity of an account that has a password, and refuses a provider that is not linked", async () => {
    const me = await createUser({ email: email("with-password"), password: "my own password" });
    const { identity } = await identityOf({ sub: uniqueId("sub-"), email: email("elsewhere"), email_verified: true });
    await signInWithProvider({ db: testDb(), identity, signedIn: { userId: me.id, tokenVersion: me.tokenVersion } });
    await expect(unlinkProvider({ db: testDb(), actor: me, provider: "github" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await unlinkProvider({ db: testDb(), actor: me, provider: "oidc" });
    expect(await accountsOf(me.id)).toEqual([]);
  });
});
