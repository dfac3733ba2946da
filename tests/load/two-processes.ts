// Two Recall servers on one PostgreSQL (issue 18): A, a single process, and B, started with
// `--workers 2` (Node's cluster: two more processes behind its port), both from the production build.
// Proves that nothing a learner relies on lives in one process's memory:
//   - a content change synced while both run is answered by B within 1 s (the answer path and the
//     lesson page: each process's live-content cache is emptied by the sync's NOTIFY);
//   - a session made on A is a session on B (the same cookie);
//   - the per-address sign-in limit holds across both, attempts fired together half through each;
//   - 50 learners answering alternately through A and B, with repeats sent through the other server,
//     lose and duplicate nothing (ReviewLog rows against the answers acknowledged).
// Run by `npm run test:load` after the 200-learner test; `npm run test:load -- --only two-processes`
// runs it alone.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { createPrisma } from "@/lib/db/client";
import { loadContent } from "@/lib/content/load";
import { LISTENER_APPLICATION_NAME } from "@/lib/content/live-cache";
import { syncContent } from "@/lib/content/sync";
import { SIGNIN_FAILURES_PER_ADDRESS } from "@/lib/auth/rate-limit";
import { startApp, type AppInstance } from "./app";
import { answerFor, type QuestionRow } from "./answers";
import { HttpLearner, serverActionId } from "./http";

const PASSWORD = "harbour lantern quietly";
const LEARNERS = 50;
const ANSWERS_PER_LEARNER = 12;
/** Every few answers the same answer is sent again through the other server (a retry): it must come back as a duplicate. */
const REPEAT_EVERY = 4;
const CONTENT_DEADLINE_MS = 1_000;

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

function lessonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".mdx"))
    .map((e) => path.join(e.parentPath, e.name));
}

/**
 * Changes, in a copy of the content, one multiple-choice question written with a prompt attribute: its
 * prompt gets `marker`, and the right choice becomes the first wrong one. Returns the question's id,
 * and the choice ids right before and after, by position ("a", "b"… as the extractor numbers them).
 */
function changeOneQuestion(rootDir: string, marker: string): { questionId: string } {
  for (const file of lessonFiles(rootDir)) {
    const text = readFileSync(file, "utf8");
    const block = /<MultipleChoice id="([^"]+)" prompt="([^"]*)"[^>]*>([\s\S]*?)<\/MultipleChoice>/.exec(text);
    if (!block) continue;
    const [whole, questionId, prompt, body] = block;
    const choices = body.split("\n");
    const right = choices.findIndex((l) => /<Choice correct\b/.test(l));
    const wrong = choices.findIndex((l) => /<Choice\b/.test(l) && !/<Choice correct\b/.test(l));
    if (right === -1 || wrong === -1) continue;
    choices[right] = choices[right].replace("<Choice correct ", "<Choice ");
    choices[wrong] = choices[wrong].replace("<Choice ", "<Choice correct ");
    const changed = whole.replace(`prompt="${prompt}"`, `prompt="${marker} ${prompt}"`).replace(body, choices.join("\n"));
    writeFileSync(file, text.replace(whole, changed));
    return { questionId };
  }
  throw new Error("No multiple-choice question with a prompt attribute and a wrong choice in the content.");
}

type Payload = { choices: { id: string; correct: boolean }[] };

/** A Good grade for choosing `choiceId`: 201 once the server grades by a key where it is right, 400 while it is wrong. */
function goodAnswer(questionId: string, choiceId: string, expectedVersion: number | null) {
  return {
    questionId,
    response: { kind: "MULTIPLE_CHOICE", choiceIds: [choiceId] },
    rating: 3,
    durationMs: 4000,
    idempotencyKey: randomUUID(),
    sessionId: randomUUID(),
    source: "review",
    expectedVersion,
  };
}

/**
 * Repeats `attempt` until it gives a value. `ms` is when the successful attempt was sent, after `since`:
 * a request sent then already saw the change (how long the page took to render is not the cache's doing).
 */
async function waitUntil<T>(what: string, since: number, timeoutMs: number, attempt: () => Promise<T | null>): Promise<{ value: T; ms: number; roundTripMs: number }> {
  for (;;) {
    const sent = performance.now();
    const value = await attempt();
    if (value !== null) return { value, ms: sent - since, roundTripMs: performance.now() - sent };
    if (performance.now() - since > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Sends `attempt` every `intervalMs` (without waiting for the previous one) until one sees the change.
 * `ms` is when the first attempt was sent after which every attempt saw it, after `since`: a page that
 * takes long to render does not hide when the change reached the server.
 */
async function pollUntilChanged(what: string, since: number, intervalMs: number, timeoutMs: number, attempt: () => Promise<boolean>): Promise<{ ms: number; roundTripMs: number }> {
  const sent: Promise<{ at: number; changed: boolean; roundTripMs: number }>[] = [];
  let seen = false;
  while (!seen && performance.now() - since < timeoutMs) {
    const at = performance.now();
    const result = attempt().then((changed) => ({ at: at - since, changed, roundTripMs: performance.now() - at }));
    void result.then((r) => (seen ||= r.changed));
    sent.push(result);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  const results = await Promise.all(sent);
  const lastOld = results.findLastIndex((r) => !r.changed);
  const first = results[lastOld + 1];
  if (!first) throw new Error(`${what}: not within ${timeoutMs} ms`);
  return { ms: first.at, roundTripMs: first.roundTripMs };
}

export async function runTwoProcesses(): Promise<boolean> {
  const testStarted = performance.now();
  console.log("\n━━ two servers, one database ━━");
  console.log("▸ Starting server A (one process, its own PostgreSQL)…");
  const a: AppInstance = await startApp();
  let b: AppInstance | undefined;
  const db = new pg.Client({ connectionString: a.databaseUrl });
  const copy = mkdtempSync(path.join(os.tmpdir(), "recall-two-content-"));
  const checks: Check[] = [];
  const check = (name: string, ok: boolean, detail: string) => {
    checks.push({ name, ok, detail });
    console.log(`${ok ? "✔" : "✖"} ${name}: ${detail}`);
  };
  try {
    console.log("▸ Starting server B on the same database: npm start -- --workers 2…");
    b = await startApp({ shared: { databaseUrl: a.databaseUrl, secret: a.secret }, args: ["--workers", "2"] });
    const bLog = readFileSync(b.logFile, "utf8");
    check("B runs two server processes", /Listening on .* with 2 server processes/.test(bLog), bLog.match(/▸ Listening on .*/)?.[0] ?? "no listening line");
    await db.connect();
    const signUpId = serverActionId("signUpAction", "app/signup/actions.ts");
    const stamp = Date.now().toString(36);
    let addresses = 0;
    // Every learner its own address: sign-ups are limited per address.
    const newLearner = (server: AppInstance) => new HttpLearner(server.baseURL, `10.20.${(++addresses >> 8) & 255}.${addresses & 255}`);
    const signUp = async (learner: HttpLearner, email: string) => {
      const made = await learner.signUp(signUpId, { name: "Two servers", email, password: PASSWORD });
      if (!made.ok) throw new Error(`Sign-up of ${email} refused: ${made.message}`);
    };

    // ── a session made on A is one on B ──
    const ada = newLearner(a);
    await signUp(ada, `two-${stamp}-ada@example.com`);
    if (!(await ada.signIn(`two-${stamp}-ada@example.com`, PASSWORD))) throw new Error("Ada's sign-in on A gave no session");
    const onB = await Promise.all(Array.from({ length: 4 }, () => ada.through(b!.baseURL).request("/dashboard")));
    const anonymous = await new HttpLearner(b.baseURL, "10.20.255.1").request("/dashboard");
    check(
      "a session made on A is accepted by B",
      onB.every((r) => r.status === 200) && anonymous.status !== 200,
      `GET /dashboard on B with A's cookie: ${onB.map((r) => r.status).join(", ")}; without it: ${anonymous.status}`,
    );

    // ── the per-address sign-in limit, attempts fired together half through each server ──
    const limit = SIGNIN_FAILURES_PER_ADDRESS.max;
    const attempts = limit + 10;
    const address = "10.21.0.1";
    const results = await Promise.all(
      Array.from({ length: attempts }, (_, i) =>
        new HttpLearner(i % 2 ? b!.baseURL : a.baseURL, address).trySignIn(`nobody-${stamp}-${i}@example.com`, "wrong password entirely"),
      ),
    );
    const refused = results.filter((r) => /Too many failed sign-ins for this network address/.test(r.error ?? "")).length;
    const wrong = results.filter((r) => r.error && !/Too many/.test(r.error)).length;
    const after = await Promise.all([a, b].map((s) => new HttpLearner(s.baseURL, address).trySignIn(`two-${stamp}-ada@example.com`, PASSWORD)));
    check(
      `the sign-in limit (${limit} failures per address) holds across both servers`,
      wrong === limit && refused === attempts - limit && after.every((r) => !r.ok && /Too many/.test(r.error ?? "")),
      `${attempts} wrong passwords fired together: ${wrong} checked, ${refused} refused; then the right password through A and B: ${after.map((r) => (r.ok ? "signed in" : "refused")).join(", ")}`,
    );

    // ── a content change synced while both run is answered by B within 1 s ──
    cpSync(path.resolve("content"), copy, { recursive: true });
    const marker = `Changed${stamp}`;
    const { questionId } = changeOneQuestion(copy, marker);
    const question = (await db.query<{ payload: Payload; lessonId: string }>(`SELECT payload, "lessonId" FROM "Question" WHERE id = $1`, [questionId])).rows[0];
    const newlyRight = question.payload.choices.find((c) => !c.correct)!.id;
    const probes = await Promise.all(
      Array.from({ length: 4 }, async (_, i) => {
        const probe = newLearner(i % 2 ? a : b!);
        const email = `two-${stamp}-probe${i}@example.com`;
        await signUp(probe, email);
        if (!(await probe.signIn(email, PASSWORD))) throw new Error(`Probe ${i} gave no session`);
        return probe.through(b!.baseURL);
      }),
    );
    // B reads the question (and the lesson) before the change, so each of its processes holds them.
    const before = await Promise.all(probes.map((p) => p.postReview(goodAnswer(questionId, newlyRight, null))));
    const pagesBefore = await Promise.all(probes.map((p) => p.request(`/lessons/${question.lessonId}`).then((r) => r.text())));
    if (before.some((r) => r.status !== 400) || pagesBefore.some((html) => html.includes(marker))) {
      throw new Error(`Before the change B should grade by the old key: ${before.map((r) => r.status).join(", ")}`);
    }
    const content = await loadContent({ rootDir: copy });
    const prisma = createPrisma(a.databaseUrl, 2);
    try {
      await syncContent({ prisma, content });
    } finally {
      await prisma.$disconnect();
    }
    const synced = performance.now();
    const answered = new Set<number>();
    const grading = waitUntil("B grading by the new key", synced, 5_000, async () => {
      await Promise.all(
        probes.map(async (p, i) => {
          if (answered.has(i)) return;
          const res = await p.postReview(goodAnswer(questionId, newlyRight, null));
          if (res.status === 201) answered.add(i);
          else if (res.status !== 400) throw new Error(`B answered ${res.status} ${JSON.stringify(res.body)}`);
        }),
      );
      return answered.size === probes.length ? true : null;
    });
    let next = 0;
    const showing = pollUntilChanged("B's lesson page showing the change", synced, 100, 5_000, () =>
      probes[next++ % probes.length].request(`/lessons/${question.lessonId}`).then(async (r) => (await r.text()).includes(marker)),
    );
    const [graded, shown] = await Promise.all([grading, showing]);
    check(
      "a content change synced while both run is answered by B within 1 s",
      graded.ms < CONTENT_DEADLINE_MS && shown.ms < CONTENT_DEADLINE_MS,
      `answers sent ${graded.ms.toFixed(0)} ms after the sync committed were graded by the new key (answered ${(graded.ms + graded.roundTripMs).toFixed(0)} ms after it); every lesson page asked for from ${shown.ms.toFixed(0)} ms after it showed it (the page took ${shown.roundTripMs.toFixed(0)} ms to render)`,
    );

    // ── 50 learners answering alternately through A and B ──
    const questions = (await db.query<QuestionRow>(`SELECT id, kind, payload FROM "Question" WHERE "retiredAt" IS NULL ORDER BY id`)).rows;
    const learners = await Promise.all(
      Array.from({ length: LEARNERS }, async (_, i) => {
        const email = `two-${stamp}-l${i}@example.com`;
        const http = newLearner(i % 2 ? b! : a);
        await signUp(http, email);
        if (!(await http.signIn(email, PASSWORD))) throw new Error(`Learner ${i} gave no session`);
        return { email, via: [http.through(a.baseURL), http.through(b!.baseURL)], created: new Set<string>(), problems: [] as string[] };
      }),
    );
    const started = performance.now();
    let repeats = 0;
    await Promise.all(
      learners.map(async (learner, li) => {
        const versions = new Map<string, number | null>();
        const sessionId = randomUUID();
        for (let n = 0; n < ANSWERS_PER_LEARNER; n++) {
          const server = learner.via[(n + li) % 2];
          const q = questions[Math.floor(Math.random() * questions.length)];
          const answer = answerFor(q, Math.random() < 0.8, sessionId, versions.get(q.id) ?? null);
          const res = await server.postReview<{ reviewLogId?: string; duplicate?: boolean; version?: number }>(answer.body);
          if (res.status !== 201 || !res.body.reviewLogId || res.body.duplicate) {
            learner.problems.push(`${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
            continue;
          }
          learner.created.add(res.body.reviewLogId);
          versions.set(q.id, res.body.version ?? null);
          if (n % REPEAT_EVERY === 0) {
            repeats++;
            const again = await learner.via[(n + li + 1) % 2].postReview<{ reviewLogId?: string; duplicate?: boolean }>(answer.body);
            if (again.status !== 200 || !again.body.duplicate || again.body.reviewLogId !== res.body.reviewLogId) {
              learner.problems.push(`a repeat through the other server got ${again.status} ${JSON.stringify(again.body).slice(0, 160)}`);
            }
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const ids = await db.query<{ email: string; id: string }>(
      `SELECT u.email, l.id::text FROM "ReviewLog" l JOIN "User" u ON u.id = l."userId" WHERE u.email LIKE $1`,
      [`two-${stamp}-l%`],
    );
    const stored = new Map<string, Set<string>>();
    for (const r of ids.rows) stored.set(r.email, (stored.get(r.email) ?? new Set()).add(r.id));
    let lost = 0;
    let extra = 0;
    for (const l of learners) {
      const inDb = stored.get(l.email) ?? new Set<string>();
      for (const id of l.created) if (!inDb.has(id)) lost++;
      for (const id of inDb) if (!l.created.has(id)) extra++;
    }
    const acknowledged = learners.reduce((n, l) => n + l.created.size, 0);
    const problems = learners.flatMap((l) => l.problems.map((p) => `${l.email}: ${p}`));
    check(
      `${LEARNERS} learners answering alternately through A and B lose and duplicate nothing`,
      lost === 0 && extra === 0 && problems.length === 0 && acknowledged === LEARNERS * ANSWERS_PER_LEARNER,
      `${acknowledged} answers acknowledged (201) in ${seconds.toFixed(1)} s, ${ids.rowCount} ReviewLog rows, ${lost} lost, ${extra} duplicated; ${repeats} repeats through the other server${problems.length ? `; ${problems.length} problems, first: ${problems[0]}` : ""}`,
    );

    // The cache is really in use: every server process (A's one, B's two workers) opened its LISTEN connection.
    const listeners = await db.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`, [
      LISTENER_APPLICATION_NAME,
    ]);
    check("each of the three server processes listens for content changes", listeners.rowCount === 3, `${listeners.rowCount} LISTEN connections (${LISTENER_APPLICATION_NAME})`);
  } catch (e) {
    check("the two-server test ran to its end", false, (e as Error).message);
  } finally {
    await db.end().catch(() => undefined);
    rmSync(copy, { recursive: true, force: true });
    const failed = checks.some((c) => !c.ok);
    if (failed) console.log(`\nLast lines of A's output:\n${a.tail(15)}\n\nLast lines of B's output:\n${b?.tail(15) ?? "(not started)"}`);
    await b?.close().catch(() => undefined);
    await a.close().catch(() => undefined);
  }
  const ok = checks.length > 0 && checks.every((c) => c.ok);
  console.log(`  (${((performance.now() - testStarted) / 1000).toFixed(0)} s with both servers' start-up)`);
  console.log(ok ? "✔ two servers, one database: nothing lives in one process's memory" : "✖ the two-server test failed (see above)");
  return ok;
}
