// The session check of the answer fast path (lib/auth/session-token.ts, used by scripts/server.ts before
// Next.js): a cookie next-auth issued is accepted while the account's tokenVersion is unchanged, and
// refused once it moved on, once the account is disabled, when forged, expired or signed with another secret.
import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { sessionTokenFromCookies, sessionUserFromCookies } from "@/lib/auth/session-token";
import { createUser, testDb } from "./helpers/db";

const SECRET = "a-test-secret-that-is-long-enough-0123456789";

async function cookieFor(user: { id: string; tokenVersion: number }, opts: { secret?: string; maxAge?: number; name?: string } = {}) {
  const token = await encode({ token: { uid: user.id, tv: user.tokenVersion, role: "LEARNER" }, secret: opts.secret ?? SECRET, maxAge: opts.maxAge });
  return `theme=dark; ${opts.name ?? "next-auth.session-token"}=${token}; other=1`;
}

const read = (cookieHeader: string | undefined) => sessionUserFromCookies({ db: testDb(), cookieHeader, secret: SECRET });

describe("sessionUserFromCookies", () => {
  it("accepts next-auth's session cookie (plain or __Secure-) and returns the user without internals", async () => {
    const user = await createUser();
    expect((await read(await cookieFor(user)))?.id).toBe(user.id);
    const secure = await read(await cookieFor(user, { name: "__Secure-next-auth.session-token" }));
    expect(secure).toMatchObject({ id: user.id, email: user.email, role: "LEARNER" });
    expect(secure).not.toHaveProperty("disabledAt");
    expect(secure).not.toHaveProperty("passwordHash");
  });

  it("joins a token split into chunks (.0, .1) in order", async () => {
    const user = await createUser();
    const token = (await cookieFor(user)).match(/next-auth\.session-token=([^;]+)/)![1]!;
    const half = Math.floor(token.length / 2);
    const header = `next-auth.session-token.1=${token.slice(half)}; next-auth.session-token.0=${token.slice(0, half)}`;
    expect(sessionTokenFromCookies(header)).toBe(token);
    expect((await read(header))?.id).toBe(user.id);
  });

  it("refuses a session once the account's tokenVersion moved on (sign out everywhere, password change)", async () => {
    const user = await createUser();
    const cookie = await cookieFor(user);
    await testDb().user.update({ where: { id: user.id }, data: { tokenVersion: { increment: 1 } } });
    expect(await read(cookie)).toBeNull();
  });

  it("refuses a disabled account's session even with a current version", async () => {
    const user = await createUser();
    const cookie = await cookieFor(user);
    await testDb().user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect(await read(cookie)).toBeNull();
  });

  it("refuses no cookie, a forged token, another secret's token, an expired token and a deleted account", async () => {
    const user = await createUser();
    expect(await read(undefined)).toBeNull();
    expect(await read("next-auth.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0.forged.forged.forged.forged")).toBeNull();
    expect(await read("next-auth.session-token=%E0%A4%A")).toBeNull();
    expect(await read(await cookieFor(user, { secret: "another-secret-that-is-long-enough-98765" }))).toBeNull();
    expect(await read(await cookieFor(user, { maxAge: -10 }))).toBeNull();
    const gone = await createUser();
    const cookie = await cookieFor(gone);
    await testDb().user.delete({ where: { id: gone.id } });
    expect(await read(cookie)).toBeNull();
  });
});
