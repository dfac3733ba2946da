// The session check of the answer fast path (scripts/server.ts, before Next.js): the next-auth cookie
// is decoded without the database (lib/auth/session-token.ts), and the account is checked by
// submitReview's first statement. Through the endpoint (answerOverHttp, as the server calls it): a
// session next-auth issued records the answer while the account's tokenVersion is unchanged, and is
// refused — nothing recorded — once it moved on, once the account is disabled or deleted, and when
// the cookie is forged, expired or signed with another secret.
import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { describe, expect, it, vi } from "vitest";
import { sessionActorFromCookies, sessionTokenFromCookies } from "@/lib/auth/session-token";
import { answerOverHttp } from "@/lib/reviews/answer-endpoint";
import { createQuestion, createUser, multipleChoicePayload, testDb } from "./helpers/db";

const SECRET = "a-test-secret-that-is-long-enough-0123456789";

async function cookieFor(user: { id: string; tokenVersion: number }, opts: { secret?: string; maxAge?: number; name?: string } = {}) {
  const token = await encode({ token: { uid: user.id, tv: user.tokenVersion, role: "LEARNER" }, secret: opts.secret ?? SECRET, maxAge: opts.maxAge });
  return `theme=dark; ${opts.name ?? "next-auth.session-token"}=${token}; other=1`;
}

const read = (cookieHeader: string | undefined) => sessionActorFromCookies({ cookieHeader, secret: SECRET });

/** POST /api/reviews as scripts/server.ts answers it, with this Cookie header. */
async function post(cookieHeader: string, questionId: string) {
  const body = { questionId, response: { kind: "MULTIPLE_CHOICE", choiceIds: ["a"] }, rating: 3, durationMs: 1200, idempotencyKey: randomUUID(), sessionId: "s", source: "review", expectedVersion: null };
  return answerOverHttp({
    db: testDb(),
    origin: "http://localhost:3000",
    host: "localhost:3000",
    contentLength: null,
    readBody: async () => JSON.stringify(body),
    resolveActor: () => sessionActorFromCookies({ cookieHeader, secret: SECRET }),
  });
}

const mcQuestion = () => createQuestion({ payload: multipleChoicePayload(["4", true, "Two and two."], ["5", false, "One too many."]) });

const logsOf = (userId: string) => testDb().reviewLog.count({ where: { userId } });

describe("sessionActorFromCookies", () => {
  it("decodes next-auth's session cookie (plain or __Secure-) into the account id, role and session version only", async () => {
    const user = await createUser();
    expect(await read(await cookieFor(user))).toEqual({ id: user.id, role: "LEARNER", tokenVersion: user.tokenVersion });
    expect(await read(await cookieFor(user, { name: "__Secure-next-auth.session-token" }))).toEqual({ id: user.id, role: "LEARNER", tokenVersion: user.tokenVersion });
  });

  it("joins a token split into chunks (.0, .1) in order", async () => {
    const user = await createUser();
    const token = (await cookieFor(user)).match(/next-auth\.session-token=([^;]+)/)![1]!;
    const half = Math.floor(token.length / 2);
    const header = `next-auth.session-token.1=${token.slice(half)}; next-auth.session-token.0=${token.slice(0, half)}`;
    expect(sessionTokenFromCookies(header)).toBe(token);
    expect((await read(header))?.id).toBe(user.id);
  });

  it("a token decoded while valid (and so remembered) is refused once its expiry has passed", async () => {
    const user = await createUser();
    const cookie = await cookieFor(user, { maxAge: 60 });
    expect((await read(cookie))?.id).toBe(user.id);
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + 61_000);
      expect(await read(cookie)).toBeNull();
    } finally {
      vi.useRealTimers();
    }
    expect((await read(cookie))?.id).toBe(user.id);
  });

  it("is null for no cookie, a forged token, a malformed cookie, another secret's token and an expired token", async () => {
    const user = await createUser();
    expect(await read(undefined)).toBeNull();
    expect(await read("next-auth.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0.forged.forged.forged.forged")).toBeNull();
    expect(await read("next-auth.session-token=%E0%A4%A")).toBeNull();
    expect(await read(await cookieFor(user, { secret: "another-secret-that-is-long-enough-98765" }))).toBeNull();
    expect(await read(await cookieFor(user, { maxAge: -10 }))).toBeNull();
  });
});

describe("POST /api/reviews on the fast path: the account checked by the answer's first statement", () => {
  it("records the answer of a live session (201)", async () => {
    const [user, question] = await Promise.all([createUser(), mcQuestion()]);
    const response = await post(await cookieFor(user), question.id);
    expect(response.status).toBe(201);
    expect(await logsOf(user.id)).toBe(1);
  });

  it("refuses a session once the account's tokenVersion moved on (sign out everywhere, password change): 401, nothing recorded", async () => {
    const [user, question] = await Promise.all([createUser(), mcQuestion()]);
    const cookie = await cookieFor(user);
    await testDb().user.update({ where: { id: user.id }, data: { tokenVersion: { increment: 1 } } });
    const response = await post(cookie, question.id);
    expect(response).toMatchObject({ status: 401, json: { code: "UNAUTHENTICATED" } });
    expect(await logsOf(user.id)).toBe(0);
    expect(await testDb().card.count({ where: { userId: user.id } })).toBe(0);
  });

  it("refuses a disabled account's session even with a current version: 403, nothing recorded", async () => {
    const [user, question] = await Promise.all([createUser(), mcQuestion()]);
    const cookie = await cookieFor(user);
    await testDb().user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect(await post(cookie, question.id)).toMatchObject({ status: 403, json: { code: "FORBIDDEN" } });
    expect(await logsOf(user.id)).toBe(0);
  });

  it("refuses a deleted account's session (403) and a forged, expired or foreign cookie (401)", async () => {
    const [gone, user, question] = await Promise.all([createUser(), createUser(), mcQuestion()]);
    const goneCookie = await cookieFor(gone);
    await testDb().user.delete({ where: { id: gone.id } });
    expect((await post(goneCookie, question.id)).status).toBe(403);
    expect((await post("next-auth.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0.forged.forged.forged.forged", question.id)).status).toBe(401);
    expect((await post(await cookieFor(user, { maxAge: -10 }), question.id)).status).toBe(401);
    expect((await post(await cookieFor(user, { secret: "another-secret-that-is-long-enough-98765" }), question.id)).status).toBe(401);
    expect(await logsOf(user.id)).toBe(0);
    expect(await testDb().reviewLog.count({ where: { questionId: question.id } })).toBe(0);
  });
});
