// Faults, done for real on a private Recall (tests/load/app.ts: the production build started as
// `npm start` does, with its own PostgreSQL that this file stops and starts, and a server it kills):
//   a. the database unreachable → a clear error page (no stack trace), an API answer of 503 with a
//      message, and recovery without restarting anything once the database is back;
//   b. PostgreSQL restarted in the middle of a review session → the learner's answer stays on screen,
//      is retried on its own with the same idempotency key, and is recorded exactly once;
//   c. the server killed (SIGKILL) during a burst of answers → no half-written review: every card is
//      the cardAfter of its latest log, every acknowledged answer is stored, and each answer whose
//      response was lost, sent again after the restart, is recorded once.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppInstance } from "../load/app";
import { queryRows } from "../helpers/sql";
import { HttpLearner, serverActionId } from "../load/http";
import { launch, signUp } from "./helpers/browser";

let app: AppInstance;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp({ testHooks: true }), launch()]);
}, 15 * 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
}, 60_000);

function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  return queryRows<T>(app.databaseUrl, sql, params);
}

async function context(): Promise<BrowserContext> {
  return browser.newContext({ baseURL: app.baseURL, viewport: { width: 1280, height: 900 } });
}

let emails = 0;
const MC = '[data-question-id="three-pillars.signal-for-counting"]';
const NO_INTERNALS = /\n\s+at |ECONNREFUSED|Prisma|PrismaClient|invalid `|node_modules|\.ts:\d+/;

describe("faults", () => {
  it("database unreachable: a clear error page and a 503 with a message, then recovery without a restart", async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    await signUp(page, { name: "Fault Learner", email: `faults-${Date.now().toString(36)}-${++emails}@example.com` });
    const cookies = await ctx.cookies();
    const cookieHeader = cookies.map((c) => `${c.name}=${c.value}`).join("; ");

    const visitor = await (await context()).newPage();
    const pages = [
      { path: "/courses", who: "anonymous", page: visitor },
      { path: "/dashboard", who: "signed in", page },
    ];
    await app.stopDatabase();
    try {
      for (const { path, who, page: target } of pages) {
        const res = await target.goto(path);
        expect(res?.status(), `${path} (${who})`).toBeGreaterThanOrEqual(500);
        const text = (await target.locator("body").innerText()).trim();
        expect(text, `${path} (${who}) shows a message`).toMatch(/not reachable|not available|went wrong/i);
        expect(text).toMatch(/nothing you saved was lost/i);
        expect(await target.getByRole("button", { name: "Try again" }).count()).toBe(1);
        expect(text, `${path} (${who}) shows no internals`).not.toMatch(NO_INTERNALS);
      }
      const api = await fetch(`${app.baseURL}/api/reviews`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: app.baseURL, cookie: cookieHeader },
        // A whole answer: the session is decoded without the database, so it is recording that finds it gone.
        body: JSON.stringify({
          questionId: "three-pillars.signal-for-counting",
          response: { kind: "MULTIPLE_CHOICE", choiceIds: ["b"] },
          rating: 1,
          durationMs: 1000,
          idempotencyKey: randomUUID(),
          sessionId: "faults",
          source: "review",
          expectedVersion: null,
        }),
      });
      expect(api.status).toBe(503);
      const body = (await api.json()) as { error: string };
      expect(body.error).toMatch(/retry/i);
      expect(body.error).not.toMatch(NO_INTERNALS);
    } finally {
      await app.startDatabase();
    }

    // Back without restarting the server: "Try again" brings each page back.
    await visitor.getByRole("button", { name: "Try again" }).click();
    await visitor.getByRole("link", { name: "Observability: traces, propagation and sampling" }).waitFor({ timeout: 20_000 });
    await page.getByRole("button", { name: "Try again" }).click();
    await page.waitForLoadState();
    await expect.poll(async () => (await page.locator("body").innerText()).trim(), { timeout: 20_000 }).not.toMatch(/not available|went wrong/i);
    await page.getByTestId("current-user").waitFor({ timeout: 20_000 });
    await visitor.context().close();
    await ctx.close();
  });

  it("PostgreSQL restarted during a review session: the answer stays on screen, is retried, and is recorded once", async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    const email = await signUp(page, { name: "Fault Learner", email: `faults-${Date.now().toString(36)}-${++emails}@example.com` });

    // A card, then a month later it is due.
    await page.goto("/lessons/three-pillars");
    const inLesson = page.locator(MC);
    await inLesson.locator("label", { hasText: "request counter" }).click();
    await inLesson.getByRole("button", { name: "Check" }).click();
    await inLesson.locator("[data-default-rating]").waitFor();
    await page.keyboard.press("Enter");
    await expect.poll(() => inLesson.getAttribute("data-phase")).toBe("saved");
    expect((await page.request.post("/api/test/time-travel", { data: { days: 30 } })).status()).toBe(200);

    await page.goto("/review");
    const card = page.locator(MC);
    await card.waitFor();
    await card.locator("label", { hasText: "request counter" }).click();
    await card.getByRole("button", { name: "Check" }).click();
    await card.locator("[data-default-rating]").waitFor();

    let attempts = 0;
    page.on("request", (r) => {
      if (r.method() === "POST" && new URL(r.url()).pathname === "/api/reviews") attempts++;
    });
    await app.stopDatabase();
    let restarted = false;
    try {
      await page.keyboard.press("3");
      await expect.poll(() => card.getAttribute("data-phase"), { timeout: 20_000 }).toBe("failed");
      const alert = await card.getByRole("alert").innerText();
      expect(alert).toMatch(/still here/);
      expect(alert).not.toMatch(NO_INTERNALS);
      // The answer is still on screen, as the learner gave it, with a way to retry now.
      expect(await card.locator("label", { hasText: "request counter" }).locator("input").isChecked()).toBe(true);
      expect(await card.getByRole("button", { name: "Retry now" }).count()).toBe(1);
      // It keeps trying on its own while the database is down (the first retry comes after 1 s).
      await expect.poll(() => attempts, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
      await app.startDatabase();
      restarted = true;
    } finally {
      if (!restarted) await app.startDatabase();
    }
    // …and once PostgreSQL is back the next automatic retry records it; the session moves on.
    await page.getByTestId("session-summary").waitFor({ timeout: 40_000 });
    expect(await page.getByTestId("session-summary").textContent()).toContain("Reviewed: 1");

    const logs = await query<{ source: string; rating: number }>(
      `SELECT l.source, l.rating FROM "ReviewLog" l JOIN "User" u ON u.id = l."userId" WHERE u.email = $1 AND l."questionId" = $2 ORDER BY l.id`,
      [email, "three-pillars.signal-for-counting"],
    );
    expect(logs).toEqual([
      { source: "lesson", rating: 3 },
      { source: "review", rating: 3 },
    ]);
    expect(attempts).toBeGreaterThanOrEqual(3);
    await ctx.close();
  }, 120_000);

  it("server killed during a burst of answers: no half-written review, acknowledged answers kept, lost responses recorded once on retry", async () => {
    const signUpId = serverActionId("signUpAction", "app/signup/actions.ts", { testBuild: true });
    const questions = await query<{ id: string }>(`SELECT id FROM "Question" WHERE kind = 'FREE_RECALL' AND "retiredAt" IS NULL ORDER BY id LIMIT 20`);
    expect(questions.length).toBeGreaterThan(3);
    const learners = await Promise.all(
      Array.from({ length: 24 }, async (_, i) => {
        const http = new HttpLearner(app.baseURL, `198.18.${Math.floor(i / 200)}.${i % 200}`);
        const email = `burst-${Date.now().toString(36)}-${i}@example.com`;
        expect(await http.signUp(signUpId, { name: `Burst ${i}`, email, password: "tidal copper meadow" })).toEqual({ ok: true });
        expect(await http.signIn(email, "tidal copper meadow")).toBe(true);
        return { http, email, acknowledged: new Set<string>(), unanswered: [] as Record<string, unknown>[], versions: new Map<string, number | null>() };
      }),
    );

    let killed = false;
    const burst = learners.map(async (l, i) => {
      let n = 0;
      while (!killed || n === 0) {
        const q = questions[(i + n++) % questions.length].id;
        const body = {
          questionId: q,
          response: { kind: "FREE_RECALL", text: "trace id" },
          rating: 1 + (n % 4),
          durationMs: 1000,
          idempotencyKey: randomUUID(),
          sessionId: "burst",
          source: "review",
          expectedVersion: l.versions.get(q) ?? null,
        };
        try {
          const res = await l.http.postReview<{ reviewLogId: string; version: number }>(body);
          if (res.status === 201) {
            l.acknowledged.add(res.body.reviewLogId);
            l.versions.set(q, res.body.version);
          } else {
            // The server died mid-request (a 5xx from a dying process counts as no answer too).
            l.unanswered.push(body);
            return;
          }
        } catch {
          l.unanswered.push(body);
          return;
        }
      }
    });
    await new Promise((r) => setTimeout(r, 2500));
    killed = true;
    await app.killServer();
    await Promise.all(burst);

    const acknowledged = learners.reduce((n, l) => n + l.acknowledged.size, 0);
    expect(acknowledged, "answers acknowledged before the kill").toBeGreaterThan(20);
    const cut = learners.reduce((n, l) => n + l.unanswered.length, 0);
    expect(cut, "requests cut by the kill").toBeGreaterThan(0);

    const emailList = learners.map((l) => l.email);
    const halfWritten = () =>
      query<{ id: string }>(
        `SELECT c.id FROM "Card" c JOIN "User" u ON u.id = c."userId"
           LEFT JOIN LATERAL (SELECT "cardAfter" FROM "ReviewLog" l WHERE l."cardId" = c.id ORDER BY l.id DESC LIMIT 1) last ON true
          WHERE u.email = ANY($1)
            AND (last."cardAfter" IS NULL OR (last."cardAfter"->>'reps')::int <> c.reps OR (last."cardAfter"->>'state') <> c.state::text
                 OR (last."cardAfter"->>'stability')::float8 <> c.stability OR (last."cardAfter"->>'due')::timestamptz <> (c.due AT TIME ZONE 'UTC'))`,
        [emailList],
      );
    const storedIds = async () =>
      new Set((await query<{ id: string }>(`SELECT l.id::text FROM "ReviewLog" l JOIN "User" u ON u.id = l."userId" WHERE u.email = ANY($1)`, [emailList])).map((r) => r.id));

    // Straight after the kill, before anything restarts.
    expect(await halfWritten()).toEqual([]);
    const afterKill = await storedIds();
    const lost = learners.flatMap((l) => [...l.acknowledged].filter((id) => !afterKill.has(id)));
    expect(lost, "acknowledged answers missing from the database").toEqual([]);
    // Logs beyond the acknowledged ones can only be answers whose response the kill cut off.
    expect(afterKill.size - acknowledged).toBeLessThanOrEqual(cut);

    // The server comes back; each learner sends its cut-off answer again, same idempotency key.
    await app.startServer();
    let duplicates = 0;
    for (const l of learners) {
      for (const body of l.unanswered) {
        const res = await l.http.postReview<{ reviewLogId: string; duplicate: boolean }>(body);
        expect([200, 201], JSON.stringify(res.body)).toContain(res.status);
        if (res.body.duplicate) duplicates++;
        l.acknowledged.add(res.body.reviewLogId);
      }
    }
    const final = await storedIds();
    expect(final.size).toBe(learners.reduce((n, l) => n + l.acknowledged.size, 0));
    for (const l of learners) for (const id of l.acknowledged) expect(final.has(id)).toBe(true);
    expect(await halfWritten()).toEqual([]);
    console.log(`burst: ${acknowledged} answers acknowledged before the kill, ${cut} cut off, of which ${duplicates} had been committed (answered as duplicates on retry)`);
  }, 15 * 60_000);
});
