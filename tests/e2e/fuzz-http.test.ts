// POST /api/reviews over HTTP, against the production build, with malformed and oversized requests:
// not JSON, wrong types in every field, 1 MB bodies (announced and chunked), deep nesting, NUL and
// lone-surrogate escapes, prototype-pollution keys, no session, another origin. Every one must get a
// 4xx with a JSON `error` a person can read — never a 5xx, never internals — and record nothing.
// (The server actions behind the pages are fuzzed one by one in tests/integration/fuzz-actions.test.ts.)
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { HttpLearner, serverActionId } from "../load/http";
import { baseURL } from "./helpers/browser";

const QUESTION = "three-pillars.logs-to-trace"; // free recall: any grade is allowed
let learner: HttpLearner;
let email: string;

beforeAll(async () => {
  learner = new HttpLearner(baseURL(), `198.19.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`);
  email = `fuzz-http-${Date.now().toString(36)}@example.com`;
  expect(await learner.signUp(serverActionId("signUpAction", "app/signup/actions.ts", { testBuild: true }), { name: "Fuzz", email, password: "tidal copper meadow" })).toEqual({ ok: true });
  expect(await learner.signIn(email, "tidal copper meadow")).toBe(true);
});

const valid = () => ({
  questionId: QUESTION,
  response: { kind: "FREE_RECALL", text: "x" },
  rating: 3,
  durationMs: 1000,
  idempotencyKey: randomUUID(),
  sessionId: "fuzz-http",
  source: "review",
  expectedVersion: null as number | null,
});

const MB = "a".repeat(1024 * 1024);
const JUNK: [string, unknown][] = [
  ["null", null],
  ["true", true],
  ["zero", 0],
  ["negative", -1],
  ["huge number", 1e308],
  ["fraction", 0.5],
  ["empty string", ""],
  ["16 KB string", "a".repeat(16_000)],
  ["NUL", "a\u0000b"],
  ["lone surrogate", "x\ud800y"],
  ["control chars", "\u0001\u001b[31m"],
  ["SQL", "'; DROP TABLE \"User\"; --"],
  ["number as string", "3"],
  ["empty array", []],
  ["array of junk", [null, -1, "x", {}]],
  ["empty object", {}],
  ["__proto__ object", JSON.parse('{"__proto__": {"polluted": "yes"}}')],
];

interface Case {
  label: string;
  body: unknown;
  headers?: Record<string, string>;
  as?: HttpLearner;
}

function problem(status: number, body: unknown): string | null {
  if (status >= 500) return `answered ${status}`;
  if (status < 400) return `accepted (${status})`;
  const error = (body as { error?: unknown } | null)?.error;
  if (typeof error !== "string" || !error.trim()) return `${status} without an error message: ${JSON.stringify(body)?.slice(0, 120)}`;
  if (/\n\s+at |prisma|invalid input syntax|SQLSTATE|TypeError/i.test(error)) return `${status} leaks internals: ${error.slice(0, 120)}`;
  return null;
}

async function expectRefused(cases: Case[]): Promise<Map<number, number>> {
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  for (const c of cases) {
    const res = await (c.as ?? learner).postReview(c.body, c.headers);
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    const why = problem(res.status, res.body);
    if (why) failures.push(`${c.label}: ${why}`);
  }
  expect(failures, `${failures.length} of ${cases.length} requests misbehaved`).toEqual([]);
  return statuses;
}

function deepJson(levels: number): string {
  return `${"[".repeat(levels)}${"]".repeat(levels)}`;
}

describe("POST /api/reviews with malformed input", () => {
  it("refuses malformed bodies and junk in every field with a 4xx and a message, and records nothing", async () => {
    const cases: Case[] = [
      { label: "not JSON", body: "this is not json" },
      { label: "empty body", body: "" },
      { label: "truncated JSON", body: '{"questionId": "x", "response": {' },
      { label: "NaN literal", body: '{"rating": NaN}' },
      { label: "JSON null", body: "null" },
      { label: "JSON array", body: "[]" },
      { label: "JSON number", body: "42" },
      { label: "JSON string", body: '"hello"' },
      { label: "deep nesting at the top", body: deepJson(8000) },
      { label: "deep nesting in a field", body: JSON.stringify({ ...valid(), response: "@" }).replace('"@"', deepJson(7000)) },
      { label: "1e400", body: JSON.stringify(valid()).replace('"durationMs":1000', '"durationMs":1e400') },
      { label: "NUL escape in questionId", body: JSON.stringify(valid()).replace(QUESTION, "\\u0000") },
      { label: "lone surrogate escape in the key", body: JSON.stringify(valid()).replace(/"idempotencyKey":"[^"]+"/, '"idempotencyKey":"abcdefgh\\ud800"') },
      { label: "__proto__ at the top", body: JSON.stringify(valid()).replace("{", '{"__proto__":{"rating":4},') .replace('"rating":3,', "") },
      { label: "unknown question", body: { ...valid(), questionId: "no-such-question" } },
      { label: "rating 5", body: { ...valid(), rating: 5 } },
      { label: "response of another kind", body: { ...valid(), response: { kind: "ESTIMATE", value: 3 } } },
      { label: "stale version", body: { ...valid(), expectedVersion: 12 } },
    ];
    for (const key of Object.keys(valid())) {
      for (const [name, junk] of JUNK) {
        const body = { ...valid(), [key]: junk };
        // Some junk is a valid value for some fields (any string is a session id): those are not fuzz.
        if (key === "sessionId" && typeof junk === "string" && junk.trim() && !/[\u0000-\u001f]|[\ud800-\udfff]/.test(junk) && junk.length <= 200) continue;
        if (key === "idempotencyKey" && typeof junk === "string" && junk.length >= 8 && junk.length <= 100 && !/[\u0000-\u001f]|[\ud800-\udfff]/.test(junk)) continue;
        if (key === "durationMs" && junk === 0) continue;
        if (key === "expectedVersion" && junk === null) continue;
        cases.push({ label: `${key} = ${name}`, body });
      }
      const { [key]: _dropped, ...rest } = valid() as Record<string, unknown>;
      cases.push({ label: `${key} missing`, body: rest });
    }
    const statuses = await expectRefused(cases);
    expect([...statuses.keys()].every((s) => s >= 400 && s < 500)).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    // Nothing was recorded; a valid answer still is, once.
    const good = valid();
    const first = await learner.postReview<{ duplicate: boolean; reviewLogId: string }>(good);
    expect(first.status).toBe(201);
    const again = await learner.postReview<{ duplicate: boolean; reviewLogId: string }>(good);
    expect(again).toMatchObject({ status: 200, body: { duplicate: true, reviewLogId: first.body.reviewLogId } });
  });

  it("refuses oversized bodies (announced or chunked), other origins and missing sessions with a 4xx and a message", async () => {
    const anonymous = new HttpLearner(baseURL(), "198.19.0.1");
    const statuses = await expectRefused([
      { label: "1 MB body", body: JSON.stringify({ ...valid(), sessionId: MB }) },
      { label: "1 MB of whitespace", body: " ".repeat(1024 * 1024) },
      { label: "another origin", body: valid(), headers: { origin: "https://evil.example" } },
      { label: "origin null (a sandboxed frame)", body: valid(), headers: { origin: "null" } },
      { label: "origin not a URL", body: valid(), headers: { origin: "::::" } },
      { label: "no session", body: valid(), as: anonymous },
    ]);
    expect(statuses.get(413)).toBe(2);
    expect(statuses.get(403)).toBe(3);
    expect(statuses.get(401)).toBe(1);

    // A forged session cookie is no session.
    const res = await fetch(`${baseURL()}/api/reviews`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: baseURL(), cookie: "next-auth.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0.forged.forged.forged.forged" },
      body: JSON.stringify(valid()),
    });
    expect(res.status).toBe(401);
    // Answered before Next.js (scripts/server.ts), it still carries the headers every page has.
    const page = await fetch(`${baseURL()}/signin`);
    for (const name of ["x-content-type-options", "referrer-policy", "x-frame-options", "permissions-policy"]) {
      expect({ name, value: res.headers.get(name) }).toEqual({ name, value: page.headers.get(name) });
    }

    // Chunked: no Content-Length to refuse up front; the server stops reading at 16 KB.
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 64; i++) controller.enqueue(new TextEncoder().encode("a".repeat(16 * 1024)));
        controller.close();
      },
    });
    const chunked = await fetch(`${baseURL()}/api/reviews`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: baseURL(), cookie: learner.cookieHeader, "x-forwarded-for": learner.address },
      body: chunks,
      duplex: "half",
    } as RequestInit & { duplex: "half" });
    expect(chunked.status).toBe(413);
    expect(((await chunked.json()) as { error: string }).error).toMatch(/over 16 KB/);
  });

  it("signs in with a session cookie that is HttpOnly and SameSite=Lax, so a cross-site form or fetch to /api/reviews carries no session", async () => {
    const address = learner.address;
    const csrf = await fetch(`${baseURL()}/api/auth/csrf`, { headers: { "x-forwarded-for": address } });
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const res = await fetch(`${baseURL()}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: baseURL(), cookie: csrfCookie, "x-forwarded-for": address },
      body: new URLSearchParams({ csrfToken, email, password: "tidal copper meadow", callbackUrl: `${baseURL()}/dashboard`, json: "true" }).toString(),
    });
    const session = res.headers.getSetCookie().find((c) => /next-auth\.session-token=[^;]+/.test(c));
    expect(session, "a session cookie was set").toBeDefined();
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(session).toMatch(/;\s*SameSite=Lax/i);
  });
});
