// Every server action ("use server" under app/) called directly, on the real database, with malformed
// and oversized input: wrong types, missing fields, 1 MB strings, negative numbers, NaN, NUL bytes,
// lone surrogates, deep nesting, prototype-pollution keys, junk bound arguments. Each call must come
// back as the action's own error shape with a short, human message — never a thrown exception (a 500
// in the browser), never the catch-all "could not save right now" that hides an unexpected error,
// never a stack trace or SQL in the message — and must write nothing.
//
// Next's request context is replaced by mocks: the session (the signed-in user is whoever the test
// says), headers (the client address our server sets, one per call), revalidatePath, redirect and after.
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import type { SessionUser } from "@/lib/auth/session";
import { generateJoinCode } from "@/lib/cohorts/codes";
import { answerOverHttp } from "@/lib/reviews/answer-endpoint";
import { createCourse, createLesson, createUser, disconnectTestDb, testDb, uniqueId } from "./helpers/db";

const auth = vi.hoisted(() => ({ user: null as SessionUser | null, address: "203.0.113.1" }));

vi.mock("@/lib/auth/session", () => ({
  getCurrentUser: async () => auth.user,
  requireUser: async () => {
    if (!auth.user) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
    return auth.user;
  },
}));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-recall-client-address": auth.address }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next/navigation", () => ({
  redirect: (to: string) => {
    throw Object.assign(new Error("NEXT_REDIRECT"), { digest: `NEXT_REDIRECT;replace;${to};307;`, redirectTo: to });
  },
}));
vi.mock("next/server", () => ({ after: () => undefined }));

const quiz = await import("@/app/actions/quiz");
const leeches = await import("@/app/actions/leeches");
const cohorts = await import("@/app/cohorts/actions");
const instructor = await import("@/app/instructor/actions");
const lessons = await import("@/app/lessons/[lessonId]/actions");
const settings = await import("@/app/settings/actions");
const signup = await import("@/app/signup/actions");
const admin = await import("@/app/admin/actions");
const forgotPassword = await import("@/app/forgot-password/actions");
const resetPassword = await import("@/app/reset-password/actions");

// ── junk ─────────────────────────────────────────────────────────────────────────────────────

const MB = "a".repeat(1024 * 1024);
function deep(levels: number): unknown {
  let v: unknown = "bottom";
  for (let i = 0; i < levels; i++) v = { k: [v] };
  return v;
}
/** Values that arrive as-is in a server action (React's reply encoding carries all of these). */
const JUNK: [string, unknown][] = [
  ["undefined", undefined],
  ["null", null],
  ["true", true],
  ["zero", 0],
  ["negative", -1],
  ["-2^63", -9223372036854775808],
  ["NaN", Number.NaN],
  ["Infinity", Number.POSITIVE_INFINITY],
  ["1e308", 1e308],
  ["fraction", 0.5],
  ["bigint", 10n ** 30n],
  ["empty string", ""],
  ["spaces", "   "],
  ["1 MB string", MB],
  ["1 MB of digits", "9".repeat(1024 * 1024)],
  ["NUL", "a\u0000b"],
  ["lone surrogate", "x\ud800y"],
  ["control chars", "\u0001\u0008\u001b[31m"],
  ["SQL", "'; DROP TABLE \"User\"; --"],
  ["path", "../../etc/passwd"],
  ["html", "<script>alert(1)</script>"],
  ["number as string", "3"],
  ["date", new Date("2026-01-01T00:00:00Z")],
  ["invalid date", new Date(Number.NaN)],
  ["empty array", []],
  ["array of junk", [null, -1, "x", {}]],
  ["huge array", Array.from({ length: 100_000 }, () => "a")],
  ["empty object", {}],
  ["deep nesting", deep(2000)],
  ["__proto__ key", JSON.parse('{"__proto__": {"polluted": "yes"}, "kind": "MULTIPLE_CHOICE"}')],
  ["constructor.prototype", JSON.parse('{"constructor": {"prototype": {"polluted": "yes"}}}')],
  ["null prototype", Object.assign(Object.create(null) as object, { kind: "FREE_RECALL", text: "hi" })],
  ["map", new Map([["questionId", "x"]])],
  ["set", new Set([1, 2])],
  ["typed array", new Uint8Array(1024)],
];

/** Strings only: what a form field can carry. */
const JUNK_TEXT = JUNK.filter(([, v]) => typeof v === "string") as [string, string][];

// ── outcomes ─────────────────────────────────────────────────────────────────────────────────

type Outcome =
  | { kind: "ok"; value: unknown }
  | { kind: "error"; message: string; code?: string; value: unknown }
  | { kind: "redirect"; to: string }
  | { kind: "threw"; error: unknown };

function classify(value: unknown): Outcome {
  const v = value as { ok?: boolean; status?: string; message?: unknown; code?: unknown } | null;
  if (v && (v.ok === false || v.status === "error")) return { kind: "error", message: String(v.message ?? ""), code: typeof v.code === "string" ? v.code : undefined, value };
  if (v && (v.ok === true || v.status === "ok")) return { kind: "ok", value };
  return { kind: "threw", error: new Error(`unrecognised result ${JSON.stringify(value)?.slice(0, 200)}`) };
}

let errorsLogged: unknown[][] = [];
async function call(fn: () => Promise<unknown>): Promise<Outcome> {
  try {
    return classify(await fn());
  } catch (e) {
    const redirectTo = (e as { redirectTo?: string }).redirectTo;
    if (redirectTo) return { kind: "redirect", to: redirectTo };
    return { kind: "threw", error: e };
  }
}

/** What a fuzzed call may come back as: the action's error shape with a short human message, or a success. */
function problem(o: Outcome, allowSuccess: boolean): string | null {
  if (o.kind === "threw") {
    const e = o.error as Error;
    const lines = String(e?.message).split("\n").map((l) => l.trim()).filter(Boolean);
    return `threw ${e?.name}: ${lines[0]?.slice(0, 150)}${lines.length > 1 ? ` … ${lines[lines.length - 1].slice(0, 150)}` : ""}`;
  }
  if (o.kind === "redirect") return allowSuccess ? null : `redirected to ${o.to}`;
  if (o.kind === "ok") return allowSuccess ? null : "accepted";
  if (o.code === "UNAVAILABLE") return `hid an unexpected error behind "${o.message}"`;
  if (!o.message.trim()) return "error without a message";
  if (o.message.length > 300) return `message of ${o.message.length} characters`;
  if (/\n\s+at |prisma|invalid input syntax|violates|SQLSTATE|\bP20\d\d\b|TypeError|undefined is not/i.test(o.message)) return `leaks internals: ${o.message.slice(0, 200)}`;
  return null;
}

interface Case {
  label: string;
  run: () => Promise<unknown>;
  /** Some junk is harmless for a field (an extra key, "3" as a name): success is then fine. */
  allowSuccess?: boolean;
}

/** Runs every case; fails listing each misbehaving one. Returns how many succeeded. */
async function fuzz(cases: Case[]): Promise<number> {
  const failures: string[] = [];
  let successes = 0;
  for (const c of cases) {
    errorsLogged = [];
    const outcome = await call(c.run);
    if (outcome.kind === "ok" || outcome.kind === "redirect") successes++;
    const why = problem(outcome, c.allowSuccess ?? false) ?? (errorsLogged.length ? `logged an unexpected error: ${String((errorsLogged[0][1] as Error)?.message ?? errorsLogged[0][0]).slice(0, 200)}` : null);
    if (why) failures.push(`${c.label}: ${why}`);
  }
  expect(failures, `${failures.length} of ${cases.length} calls misbehaved`).toEqual([]);
  expect(({} as Record<string, unknown>).polluted, "Object.prototype was polluted").toBeUndefined();
  return successes;
}

/** A valid input with one field replaced by each junk value, then with each field missing. */
function mutations<T extends Record<string, unknown>>(valid: T, values: [string, unknown][] = JUNK): { label: string; input: Record<string, unknown> }[] {
  const out: { label: string; input: Record<string, unknown> }[] = [];
  for (const key of Object.keys(valid)) {
    for (const [name, junk] of values) out.push({ label: `${key} = ${name}`, input: { ...valid, [key]: junk } });
    const { [key]: _dropped, ...rest } = valid;
    out.push({ label: `${key} missing`, input: rest });
  }
  return out;
}

function form(fields: Record<string, string | string[] | Blob>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) f.append(k, one);
  return f;
}

/**
 * Form fields: each replaced by each junk string, then missing, then sent twice, then as a file.
 * (FormData, like a browser, turns a lone surrogate into U+FFFD: that one arrives as valid text.)
 */
function formMutations(valid: Record<string, string | string[]>): { label: string; form: FormData }[] {
  const out: { label: string; form: FormData }[] = [];
  for (const key of Object.keys(valid)) {
    for (const [name, junk] of JUNK_TEXT) out.push({ label: `${key} = ${name}`, form: form({ ...valid, [key]: junk }) });
    const { [key]: _dropped, ...rest } = valid;
    out.push({ label: `${key} missing`, form: form(rest) });
    out.push({ label: `${key} twice`, form: form({ ...valid, [key]: [String(valid[key]), "second"] }) });
    out.push({ label: `${key} as a file`, form: form({ ...valid, [key]: new Blob([MB]) }) });
  }
  out.push({ label: "empty form", form: new FormData() });
  out.push({ label: "__proto__ fields", form: form({ ...valid, __proto__: "x", "target:__proto__": "2027-01-01", "target:constructor": "x", constructor: "y" }) });
  return out;
}

// ── fixtures ─────────────────────────────────────────────────────────────────────────────────

function asSessionUser(u: { id: string; email: string; name: string; role: SessionUser["role"]; timezone: string; dayStartHour: number; desiredRetention: number; tokenVersion: number; fsrsParams: unknown }): SessionUser {
  return { id: u.id, email: u.email, name: u.name, role: u.role, timezone: u.timezone, dayStartHour: u.dayStartHour, desiredRetention: u.desiredRetention, tokenVersion: u.tokenVersion, fsrsParams: u.fsrsParams as SessionUser["fsrsParams"] };
}

const PASSWORD = "correct horse battery";
let learner: SessionUser;
let teacher: SessionUser;
let otherTeacher: SessionUser;
let courseId: string;
let lessonId: string;
let mcId: string;
let cohortId: string;
let otherCohortId: string;
let joinCode: string;

beforeAll(async () => {
  const db = testDb();
  learner = asSessionUser(await createUser({ password: PASSWORD }));
  teacher = asSessionUser(await createUser({ role: "INSTRUCTOR", password: PASSWORD }));
  otherTeacher = asSessionUser(await createUser({ role: "INSTRUCTOR" }));
  courseId = (await createCourse()).id;
  lessonId = (await createLesson({ courseId })).id;
  mcId = uniqueId("q-mc-");
  await db.question.create({
    data: {
      id: mcId,
      lessonId,
      kind: "MULTIPLE_CHOICE",
      prompt: "Span id size?",
      payload: { kind: "MULTIPLE_CHOICE", multiple: false, choices: [{ id: "a", text: "8 bytes", correct: true, explanation: "" }, { id: "b", text: "16", correct: false, explanation: "" }] },
      answerHash: "h",
      contentHash: "c",
      position: 0,
    },
  });
  const cohort = await db.cohort.create({
    data: { name: "Fuzz cohort", joinCode: generateJoinCode(), courses: { create: { courseId } }, members: { create: { userId: teacher.id, role: "INSTRUCTOR" } } },
  });
  cohortId = cohort.id;
  joinCode = cohort.joinCode;
  otherCohortId = (await db.cohort.create({ data: { name: "Not yours", joinCode: generateJoinCode(), members: { create: { userId: otherTeacher.id, role: "INSTRUCTOR" } } } })).id;
});

afterAll(async () => {
  await disconnectTestDb();
});

let counter = 0;
beforeEach(() => {
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    errorsLogged.push(args);
  });
  // A different network address per call keeps the per-address limits out of the way unless a test wants them.
  auth.address = `198.51.100.${++counter % 250}`;
});
afterEach(() => {
  vi.restoreAllMocks();
});

const validAnswer = () => ({
  questionId: mcId,
  response: { kind: "MULTIPLE_CHOICE", choiceIds: ["a"] },
  rating: 3,
  durationMs: 4000,
  idempotencyKey: randomUUID(),
  sessionId: "fuzz",
  source: "review",
  expectedVersion: null as number | null,
});

// ── the actions ──────────────────────────────────────────────────────────────────────────────

/**
 * POST /api/reviews as our HTTP server calls it, its reply in the actions' shape: the body is the
 * JSON of `input` (what JSON cannot carry, a bigint, is refused as a malformed body).
 */
async function postAnswer(user: SessionUser | null, input: unknown) {
  const response = await answerOverHttp({
    db: testDb(),
    origin: null,
    host: "localhost",
    contentLength: null,
    readBody: async (maxBytes) => {
      const text = JSON.stringify(input) ?? "";
      return Buffer.byteLength(text) > maxBytes ? null : text;
    },
    resolveActor: async () => user,
  });
  if (response.status === 200 || response.status === 201) return { ok: true, ...(response.json as object) };
  const body = response.json as { error: string; code?: string };
  return { ok: false, code: body.code ?? (response.status === 503 ? "UNAVAILABLE" : String(response.status)), message: body.error };
}

describe("app/actions/quiz.ts", () => {
  it("gradeAnswerAction: every malformed answer is INVALID_INPUT or NOT_FOUND, with a message", async () => {
    auth.user = learner;
    const valid = { questionId: mcId, response: { kind: "MULTIPLE_CHOICE", choiceIds: ["a"] } };
    expect(await quiz.gradeAnswerAction(valid)).toMatchObject({ ok: true });
    const responses = [
      ...mutations(valid.response).map((m) => ({ label: `response.${m.label}`, input: { ...valid, response: m.input } })),
      ...mutations({ kind: "FREE_RECALL", text: "x" }).map((m) => ({ label: `free recall ${m.label}`, input: { ...valid, response: m.input } })),
      ...mutations({ kind: "ESTIMATE", value: 1, unit: "spans" }).map((m) => ({ label: `estimate ${m.label}`, input: { ...valid, response: m.input } })),
    ];
    await fuzz([
      ...JUNK.map(([name, v]) => ({ label: `whole input = ${name}`, run: () => quiz.gradeAnswerAction(v) })),
      ...mutations(valid).map((m) => ({ label: m.label, run: () => quiz.gradeAnswerAction(m.input) })),
      // Grading writes nothing: an optional unit left out, or a wrong-but-well-formed answer, is graded.
      ...responses.map((m) => ({ label: m.label, run: () => quiz.gradeAnswerAction(m.input), allowSuccess: true })),
    ]);
    expect(await quiz.gradeAnswerAction({ ...valid, response: { kind: "FREE_RECALL", text: MB } })).toMatchObject({ ok: false, code: "INVALID_INPUT", message: "Keep your answer under 5,000 characters." });
    expect(await quiz.gradeAnswerAction({ ...valid, response: { kind: "ESTIMATE", value: Number.NaN } })).toMatchObject({ ok: false, code: "INVALID_INPUT" });
  });

  it("POST /api/reviews (answerOverHttp, which the page now records through): every malformed answer is refused with a message; exactly the accepted ones are recorded", async () => {
    const user = asSessionUser(await createUser());
    auth.user = user;
    const db = testDb();
    const valid = validAnswer();
    // Each call carries the card's current version, so junk is judged on its own, not refused as a stale answer.
    const version = async () => (await db.card.findUnique({ where: { userId_questionId: { userId: user.id, questionId: mcId } } }))?.version ?? null;
    // A field's junk may still be a valid value (sessionId "<script>", durationMs 0): such answers are recorded, and counted.
    const cases: Case[] = [
      ...JUNK.map(([name, v]) => ({ label: `whole input = ${name}`, run: () => postAnswer(user, v) })),
      ...mutations(valid).map((m) => ({
        label: m.label,
        run: async () =>
          postAnswer(user, {
            ...m.input,
            ...(m.label.startsWith("expectedVersion") ? {} : { expectedVersion: await version() }),
            idempotencyKey: m.label.startsWith("idempotencyKey") ? m.input.idempotencyKey : randomUUID(),
          }),
        // Over JSON a date arrives as its ISO string, which is a valid key or session id.
        allowSuccess: /^(sessionId|idempotencyKey) = (number as string|SQL|path|html|date)|^sessionId = spaces|^durationMs = zero|^expectedVersion = (null|zero)/.test(m.label),
      })),
      ...mutations(valid.response).map((m) => ({ label: `response.${m.label}`, run: async () => postAnswer(user, { ...validAnswer(), expectedVersion: await version(), response: m.input }) })),
      ...mutations({ kind: "FREE_RECALL", text: "x" }).map((m) => ({ label: `free recall ${m.label}`, run: async () => postAnswer(user, { ...validAnswer(), expectedVersion: await version(), response: m.input }) })),
      { label: "rating 5", run: () => postAnswer(user, { ...validAnswer(), rating: 5 }) },
      { label: "wrong answer graded Easy", run: () => postAnswer(user, { ...validAnswer(), response: { kind: "MULTIPLE_CHOICE", choiceIds: ["b"] }, rating: 4 }) },
      { label: "estimate for a multiple-choice question", run: () => postAnswer(user, { ...validAnswer(), response: { kind: "ESTIMATE", value: 8 } }) },
      { label: "unknown question", run: () => postAnswer(user, { ...validAnswer(), questionId: "no-such-question" }) },
      { label: "stale card version", run: () => postAnswer(user, { ...validAnswer(), expectedVersion: 7 }) },
    ];
    const accepted = await fuzz(cases);
    expect(await db.reviewLog.count({ where: { userId: user.id } })).toBe(accepted);
    // A body over 16 KB is refused before it is read; an answer just over the limit, with its own message.
    expect(await postAnswer(user, { ...validAnswer(), response: { kind: "FREE_RECALL", text: MB } })).toMatchObject({ ok: false, code: "413", message: "The request body is over 16 KB." });
    expect(await postAnswer(user, { ...validAnswer(), response: { kind: "FREE_RECALL", text: "a".repeat(5001) } })).toMatchObject({ ok: false, code: "INVALID_INPUT", message: "Keep your answer under 5,000 characters." });
    // …and the endpoint still records a good answer afterwards, once however often it is retried.
    const card = await db.card.findUnique({ where: { userId_questionId: { userId: user.id, questionId: mcId } } });
    const good = { ...valid, expectedVersion: card?.version ?? null };
    expect(await postAnswer(user, good)).toMatchObject({ ok: true, duplicate: false });
    expect(await postAnswer(user, good)).toMatchObject({ ok: true, duplicate: true });
    expect(await db.reviewLog.count({ where: { userId: user.id } })).toBe(accepted + 1);
  });

  it("undoAnswerAction: junk ids, other learners' ids and ids past bigint are refused", async () => {
    auth.user = learner;
    const huge = "9".repeat(19);
    await fuzz([
      ...JUNK.map(([name, v]) => ({ label: `whole input = ${name}`, run: () => quiz.undoAnswerAction(v) })),
      ...JUNK.map(([name, v]) => ({ label: `reviewLogId = ${name}`, run: () => quiz.undoAnswerAction({ reviewLogId: v }) })),
      { label: "id over bigint", run: () => quiz.undoAnswerAction({ reviewLogId: huge }) },
      { label: "negative id", run: () => quiz.undoAnswerAction({ reviewLogId: "-1" }) },
    ]);
  });

  it("answers an anonymous caller with a sign-in message, not an exception", async () => {
    auth.user = null;
    await fuzz([
      { label: "record", run: () => postAnswer(null, validAnswer()) },
      { label: "undo", run: () => quiz.undoAnswerAction({ reviewLogId: "1" }) },
    ]);
  });
});

describe("app/actions/leeches.ts", () => {
  it("relearnLeechAction: junk input, unknown cards and another learner's leech are refused, and nothing changes", async () => {
    const db = testDb();
    const owner = await createUser();
    const theirs = await db.card.create({
      data: { userId: owner.id, questionId: mcId, due: new Date(), stability: 1, difficulty: 8, scheduledDays: 0, reps: 20, lapses: 8, state: "RELEARNING", answerHash: "h", leech: true, suspended: true },
    });
    auth.user = learner;
    await fuzz([
      ...JUNK.map(([name, v]) => ({ label: `whole input = ${name}`, run: () => leeches.relearnLeechAction(v) })),
      ...mutations({ cardId: randomUUID(), expectedVersion: 0 }).map((m) => ({ label: m.label, run: () => leeches.relearnLeechAction(m.input) })),
      { label: "another learner's leech", run: () => leeches.relearnLeechAction({ cardId: theirs.id, expectedVersion: theirs.version }) },
    ]);
    expect(await db.card.findUniqueOrThrow({ where: { id: theirs.id } })).toEqual(theirs);
    auth.user = null;
    await fuzz([{ label: "anonymous", run: () => leeches.relearnLeechAction({ cardId: theirs.id, expectedVersion: theirs.version }) }]);
  });
});

describe("app/cohorts/actions.ts", () => {
  it("joinCohortAction, joinFromLinkAction, leaveCohortAction: junk codes and junk cohort ids", async () => {
    auth.user = learner;
    await fuzz([
      ...formMutations({ code: joinCode }).map((m) => ({ label: `join ${m.label}`, run: () => cohorts.joinCohortAction({ status: "idle" }, m.form), allowSuccess: /twice|__proto__/.test(m.label) })),
      ...JUNK.map(([name, v]) => ({ label: `join link code = ${name}`, run: () => cohorts.joinFromLinkAction(v as string, { status: "idle" }) })),
      ...JUNK.map(([name, v]) => ({ label: `leave cohortId = ${name}`, run: () => cohorts.leaveCohortAction(v as string, { status: "idle" }) })),
      { label: "leave a cohort one is not in", run: () => cohorts.leaveCohortAction(otherCohortId, { status: "idle" }) },
    ]);
  });

  it("limits join-code guessing: wrong codes end in RATE_LIMITED, and the right code is then refused too", async () => {
    const guesser = asSessionUser(await createUser());
    auth.user = guesser;
    auth.address = "192.0.2.77";
    const results: string[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await cohorts.joinCohortAction({ status: "idle" }, form({ code: `ABCD-EF${"23456789ABCDEFGHJK"[i]}2` }));
      results.push(r.message ?? "");
    }
    expect(results.slice(0, 10).every((m) => /No cohort has this code/.test(m))).toBe(true);
    expect(results[10]).toMatch(/Too many wrong join codes\. Try again in \d+ minutes/);
    const right = await cohorts.joinCohortAction({ status: "idle" }, form({ code: joinCode }));
    expect(right).toMatchObject({ status: "error", message: expect.stringMatching(/Too many wrong join codes/) });
    expect(await testDb().cohortMember.count({ where: { userId: guesser.id } })).toBe(0);
  });

  it("answers an anonymous caller with a sign-in message", async () => {
    auth.user = null;
    await fuzz([
      { label: "join", run: () => cohorts.joinCohortAction({ status: "idle" }, form({ code: joinCode })) },
      { label: "join link", run: () => cohorts.joinFromLinkAction(joinCode, { status: "idle" }) },
      { label: "leave", run: () => cohorts.leaveCohortAction(cohortId, { status: "idle" }) },
    ]);
  });
});

describe("app/instructor/actions.ts", () => {
  const validCohort = () => ({ name: "Spring cohort", courseIds: courseId, [`target:${courseId}`]: "2027-03-31" });

  it("createCohortAction and updateCohortAction: junk fields, unknown courses, impossible dates; exactly the accepted creations make a cohort", async () => {
    auth.user = teacher;
    const mine = () => testDb().cohort.count({ where: { members: { some: { userId: teacher.id } } } });
    const before = await mine();
    const created = await fuzz([
      ...formMutations(validCohort()).map((m) => ({
        label: `create ${m.label}`,
        // Junk in the optional target date only drops that date (a success); junk names up to 120 characters are names.
        run: () => instructor.createCohortAction({ status: "idle" }, m.form),
        allowSuccess: true,
      })),
      { label: "create with an unknown course", run: () => instructor.createCohortAction({ status: "idle" }, form({ name: "x", courseIds: "no-such-course" })) },
      { label: "create with 10 000 courses", run: () => instructor.createCohortAction({ status: "idle" }, form({ name: "x", courseIds: Array.from({ length: 10_000 }, (_, i) => `c${i}`) })) },
      { label: "create with 31 February", run: () => instructor.createCohortAction({ status: "idle" }, form({ name: "x", courseIds: courseId, [`target:${courseId}`]: "2027-02-31" })) },
      { label: "create with year 99999", run: () => instructor.createCohortAction({ status: "idle" }, form({ name: "x", courseIds: courseId, [`target:${courseId}`]: "99999-01-01" })) },
    ]);
    // One cohort per accepted creation (a redirect to it), none from junk that failed validation.
    expect(await mine()).toBe(before + created);
    await fuzz([
      ...formMutations(validCohort()).map((m) => ({ label: `update ${m.label}`, run: () => instructor.updateCohortAction(cohortId, { status: "idle" }, m.form), allowSuccess: true })),
      ...JUNK.map(([name, v]) => ({ label: `update cohortId = ${name}`, run: () => instructor.updateCohortAction(v as string, { status: "idle" }, form(validCohort())) })),
    ]);
    expect(await mine()).toBe(before + created);
    const made = await testDb().cohort.findMany({ where: { members: { some: { userId: teacher.id } } }, select: { name: true } });
    for (const c of made) expect(c.name.length).toBeLessThanOrEqual(120);
  });

  it("rotateCodeAction, removeMemberAction, addInstructorAction: junk ids and emails, other instructors' cohorts", async () => {
    auth.user = teacher;
    await fuzz([
      ...JUNK.map(([name, v]) => ({ label: `rotate cohortId = ${name}`, run: () => instructor.rotateCodeAction(v as string, { status: "idle" }) })),
      { label: "rotate another instructor's cohort", run: () => instructor.rotateCodeAction(otherCohortId, { status: "idle" }) },
      ...JUNK.map(([name, v]) => ({ label: `remove cohortId = ${name}`, run: () => instructor.removeMemberAction(v as string, learner.id, { status: "idle" }) })),
      ...JUNK.map(([name, v]) => ({ label: `remove userId = ${name}`, run: () => instructor.removeMemberAction(cohortId, v as string, { status: "idle" }) })),
      { label: "remove the last instructor", run: () => instructor.removeMemberAction(cohortId, teacher.id, { status: "idle" }) },
      ...JUNK.map(([name, v]) => ({ label: `add instructor cohortId = ${name}`, run: () => instructor.addInstructorAction(v as string, { status: "idle" }, form({ email: "x@example.com" })) })),
      ...formMutations({ email: otherTeacher.email }).map((m) => ({ label: `add instructor ${m.label}`, run: () => instructor.addInstructorAction(cohortId, { status: "idle" }, m.form), allowSuccess: /twice|__proto__/.test(m.label) })),
      { label: "add instructor email with NUL", run: () => instructor.addInstructorAction(cohortId, { status: "idle" }, form({ email: "a\u0000@example.com" })) },
      { label: "add a learner as instructor", run: () => instructor.addInstructorAction(cohortId, { status: "idle" }, form({ email: learner.email })) },
    ]);
  });

  it("refuses learners with FORBIDDEN and anonymous callers with UNAUTHENTICATED, each with a message", async () => {
    for (const [who, code] of [[learner, "FORBIDDEN"], [null, "UNAUTHENTICATED"]] as const) {
      auth.user = who;
      const calls = {
        create: () => instructor.createCohortAction({ status: "idle" }, form(validCohort())),
        update: () => instructor.updateCohortAction(cohortId, { status: "idle" }, form(validCohort())),
        rotate: () => instructor.rotateCodeAction(cohortId, { status: "idle" }),
        remove: () => instructor.removeMemberAction(cohortId, teacher.id, { status: "idle" }),
        add: () => instructor.addInstructorAction(cohortId, { status: "idle" }, form({ email: otherTeacher.email })),
      };
      const got: Record<string, unknown> = {};
      for (const [label, run] of Object.entries(calls)) {
        const r = await run();
        got[label] = { status: r.status, code: (r as { code?: string }).code, hasMessage: Boolean(r.message?.trim()) };
      }
      expect(got).toEqual(Object.fromEntries(Object.keys(calls).map((label) => [label, { status: "error", code, hasMessage: true }])));
    }
  });
});

describe("app/lessons/[lessonId]/actions.ts", () => {
  it("markLessonReadAction: junk lesson ids and anonymous callers", async () => {
    auth.user = learner;
    expect(await lessons.markLessonReadAction({ lessonId })).toEqual({ ok: true });
    await fuzz([
      ...JUNK.map(([name, v]) => ({ label: `whole input = ${name}`, run: () => lessons.markLessonReadAction(v as { lessonId: string }) })),
      ...JUNK.map(([name, v]) => ({ label: `lessonId = ${name}`, run: () => lessons.markLessonReadAction({ lessonId: v as string }) })),
    ]);
    auth.user = null;
    await fuzz([{ label: "anonymous", run: () => lessons.markLessonReadAction({ lessonId }) }]);
  });
});

describe("app/settings/actions.ts", () => {
  it("saveSettingsAction: junk in every field is refused field by field, and a refused form saves nothing", async () => {
    const user = asSessionUser(await createUser());
    auth.user = user;
    const valid = { name: "Ada", timezone: "Europe/Paris", dayStartHour: "4", desiredRetention: "0.9" };
    const settingsOf = () => testDb().user.findUniqueOrThrow({ where: { id: user.id }, select: { name: true, timezone: true, dayStartHour: true, desiredRetention: true } });
    const baseline = { name: "Baseline", timezone: "Asia/Kolkata", dayStartHour: 5, desiredRetention: 0.85 };
    const changedByRefused: string[] = [];
    /** Each call starts from the baseline; a refused one must leave every setting as it was. */
    const guarded = (label: string, run: () => Promise<{ status: string }>) => async () => {
      await testDb().user.update({ where: { id: user.id }, data: baseline });
      const result = await run();
      if (result.status === "error" && JSON.stringify(await settingsOf()) !== JSON.stringify(baseline)) changedByRefused.push(label);
      return result;
    };
    const cases: Case[] = [
      ...formMutations(valid).map((m) => ({ label: m.label, run: () => settings.saveSettingsAction({ status: "idle" }, m.form), allowSuccess: /twice|__proto__|name = (number as string|SQL|path|html)|dayStartHour = number as string|name = lone surrogate/.test(m.label) })),
      { label: "retention 1e-9", run: () => settings.saveSettingsAction({ status: "idle" }, form({ ...valid, desiredRetention: "1e-9" })) },
      { label: "hour 23.5", run: () => settings.saveSettingsAction({ status: "idle" }, form({ ...valid, dayStartHour: "23.5" })) },
      { label: "hour -1", run: () => settings.saveSettingsAction({ status: "idle" }, form({ ...valid, dayStartHour: "-1" })) },
      { label: "retention NaN", run: () => settings.saveSettingsAction({ status: "idle" }, form({ ...valid, desiredRetention: "NaN" })) },
      { label: "retention hex", run: () => settings.saveSettingsAction({ status: "idle" }, form({ ...valid, desiredRetention: "0x1" })) },
    ];
    await fuzz(cases.map((c) => ({ ...c, run: guarded(c.label, c.run as () => Promise<{ status: string }>) })));
    expect(changedByRefused).toEqual([]);
  });

  it("rescheduleAction: junk offers and choices are refused with a message; a valid answer uses the offer up once", async () => {
    const user = asSessionUser(await createUser());
    auth.user = user;
    const at = "2026-12-03T10:00:00.000Z";
    await testDb().user.update({ where: { id: user.id }, data: { rescheduleOffer: { reason: "retention", at } } });
    const valid = { offer: at, choice: "reschedule" };
    // A field sent twice counts once (the first): the first such call is a valid answer, the later ones find the offer used up.
    const successes = await fuzz(formMutations(valid).map((m) => ({ label: m.label, run: () => settings.rescheduleAction({ status: "idle" }, m.form), allowSuccess: /twice|__proto__/.test(m.label) })));
    expect(successes).toBe(1);
    expect((await testDb().user.findUniqueOrThrow({ where: { id: user.id } })).rescheduleOffer).toBeNull();
    auth.user = null;
    await fuzz([{ label: "anonymous", run: () => settings.rescheduleAction({ status: "idle" }, form(valid)) }]);
  });

  it("changePasswordAction and deleteAccountAction: junk passwords are refused and change nothing", async () => {
    const user = await createUser({ password: PASSWORD });
    auth.user = asSessionUser(user);
    const valid = { currentPassword: PASSWORD, newPassword: "a new long password", confirmPassword: "a new long password" };
    await fuzz([
      // A field sent twice counts once (the first): that is a valid change, made once.
      ...formMutations(valid).map((m) => ({ label: `change ${m.label}`, run: () => settings.changePasswordAction({ status: "idle" }, m.form), allowSuccess: /twice|__proto__/.test(m.label) })),
      ...formMutations({ password: "wrong password" }).map((m) => ({ label: `delete ${m.label}`, run: () => settings.deleteAccountAction({ status: "idle" }, m.form) })),
    ]);
    expect(await testDb().user.count({ where: { id: user.id } })).toBe(1);
  }, 120_000);

  it("signOutEverywhereAction and fitParametersAction answer an anonymous caller with a message", async () => {
    auth.user = null;
    await fuzz([
      { label: "sign out everywhere", run: () => settings.signOutEverywhereAction() },
      { label: "fit parameters", run: () => settings.fitParametersAction() },
      { label: "save settings", run: () => settings.saveSettingsAction({ status: "idle" }, form({ name: "x" })) },
      { label: "change password", run: () => settings.changePasswordAction({ status: "idle" }, form({})) },
      { label: "delete account", run: () => settings.deleteAccountAction({ status: "idle" }, form({ password: "x" })) },
    ]);
    auth.user = learner;
    await fuzz([{ label: "fit with too few reviews", run: () => settings.fitParametersAction() }]);
  });
});

describe("app/signup/actions.ts", () => {
  it("signUpAction: junk fields are refused field by field and create no account", async () => {
    auth.user = null;
    const before = await testDb().user.count();
    const valid = { name: "Ada", email: "ada-fuzz@example.com", password: "long enough password" };
    await fuzz([
      ...JUNK.map(([name, v]) => ({ label: `whole input = ${name}`, run: () => signup.signUpAction(v as typeof valid) })),
      ...mutations(valid).map((m) => ({
        label: m.label,
        run: () => signup.signUpAction(m.input as typeof valid),
        // A name of digits or symbols is still a name (an account is made, with its own email).
        allowSuccess: /^name = (number as string|SQL|path|html)/.test(m.label),
      })),
    ]);
    const made = await testDb().user.findMany({ where: { email: valid.email }, select: { name: true } });
    expect(await testDb().user.count()).toBe(before + made.length);
  }, 120_000);

  it("limits sign-ups per address: the 11th in an hour is RATE_LIMITED with a message", async () => {
    auth.user = null;
    auth.address = `192.0.2.${200 + (Date.now() % 50)}`;
    const results = [];
    for (let i = 0; i < 11; i++) results.push(await signup.signUpAction({ name: "Many", email: `${uniqueId("many-")}@example.com`, password: "long enough password" }));
    expect(results.slice(0, 10).every((r) => r.ok)).toBe(true);
    expect(results[10]).toMatchObject({ ok: false, message: expect.stringMatching(/Too many sign-ups from this network address/) });
  }, 120_000);
});

describe("every action called with the wrong shape", () => {
  // Every exported function of every "use server" module, found by enumeration so a new action is
  // fuzzed without being listed. A direct call can send any arguments: too few, too many, an array
  // where the FormData goes, junk where the page binds an id.
  const modules = { quiz, cohorts, instructor, lessons, settings, signup, admin, forgotPassword, resetPassword };
  const actions = Object.entries(modules).flatMap(([module, exports]) =>
    Object.entries(exports as Record<string, unknown>)
      .filter((entry): entry is [string, (...args: unknown[]) => Promise<unknown>] => typeof entry[1] === "function")
      .map(([name, fn]) => ({ label: `${module}.${name}`, fn })),
  );

  it("finds the actions", () => {
    expect(actions.map((a) => a.label)).toEqual(expect.arrayContaining(["settings.saveSettingsAction", "instructor.updateCohortAction", "quiz.gradeAnswerAction", "signup.signUpAction", "forgotPassword.requestPasswordResetAction", "resetPassword.resetPasswordAction"]));
  });

  for (const who of ["anonymous", "instructor"] as const) {
    it(`returns the error shape, never throws, for junk in every argument position (${who})`, async () => {
      auth.user = who === "anonymous" ? null : teacher;
      const cases: Case[] = [];
      for (const { label, fn } of actions) {
        // Actions without arguments act on the caller alone (sign out everywhere): extra junk is ignored.
        const allowSuccess = fn.length === 0;
        cases.push({ label: `${label}()`, run: () => fn(), allowSuccess });
        cases.push({ label: `${label}([])`, run: () => fn([]), allowSuccess });
        for (let position = 0; position < Math.max(fn.length, 1); position++) {
          for (const [name, junk] of JUNK) {
            const args: unknown[] = Array.from({ length: Math.max(fn.length, 1) }, () => undefined);
            args[position] = junk;
            cases.push({ label: `${label} argument ${position + 1} = ${name}`, run: () => fn(...args), allowSuccess });
          }
        }
      }
      await fuzz(cases);
    }, 120_000);
  }
});
