// Issue 19, part 3: review anywhere, offline. The review session goes offline in the middle
// (playwright's context.setOffline), its self-graded answers wait on the device with their
// idempotency keys, the learner sees how many wait, and once the connection returns each is
// recorded exactly once, in order. A card answered offline on two devices is settled by the card's
// version: the first answer to arrive counts, and the other device says so. The review page, kept
// by the service worker, opens again without a network; sign-out forgets it all.
import type pg from "pg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { queryRows } from "../helpers/sql";
import { baseURL, expectAccessible, launch, signIn, signUp, uniqueEmail } from "./helpers/browser";
import { answerGood } from "./helpers/users";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** Free-recall questions of the first course: self-graded, so they can be answered offline. */
const FREE_RECALL = [
  "context-propagation.uppercase-trace-id",
  "context-propagation.mask-flags",
  "context-propagation.deferred-decider",
  "context-propagation.baggage-pii",
];
const PASSWORD = "spaced repetition works";

/** The e2e server's own PostgreSQL (tests/e2e/global-setup.ts starts it). */
function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  return queryRows<T>(inject("databaseURL"), sql, params);
}

async function newContext(): Promise<BrowserContext> {
  return browser.newContext({ baseURL: baseURL(), viewport: { width: 1280, height: 900 } });
}

/** Makes a card of each question (answered Good in its lesson), then moves the learner's time on so that all are due. */
async function dueCards(page: Page, questionIds: string[]): Promise<void> {
  await answerGood(page, questionIds);
  expect((await page.request.post("/api/test/time-travel", { data: { days: 60 } })).status()).toBe(200);
}

/** Opens the review session and waits until its service worker runs the page (then it opens offline too). */
async function openReview(page: Page): Promise<void> {
  await page.goto("/review");
  await page.locator("[data-question-id]").first().waitFor();
  await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === "activated");
}

/** The service worker has kept this page and its files (it fetches the page once more on the first visit), and the page says so. */
async function pageKept(page: Page): Promise<void> {
  await page.getByTestId("kept-offline").waitFor();
  expect(await page.evaluate(async () => (await caches.match(location.href)) !== undefined)).toBe(true);
}

function currentQuestion(page: Page) {
  return page.locator("[data-question-id]").first();
}

/** Answers the free-recall card on screen: Show answer, then Good; returns its question id once the next card (or the end) is there. */
async function answerFreeRecall(page: Page, expectedStatus: RegExp): Promise<string> {
  const questionId = (await currentQuestion(page).getAttribute("data-question-id")) ?? "";
  expect(FREE_RECALL).toContain(questionId);
  const card = page.locator(`[data-question-id="${questionId}"]`);
  await card.getByRole("button", { name: "Show answer" }).click();
  await card.locator('[data-rating="3"]').click();
  // The card says where the answer went, for a moment, before the next one comes.
  await card.getByRole("status").filter({ hasText: expectedStatus }).waitFor();
  await page.waitForFunction((id) => document.querySelector("[data-question-id]")?.getAttribute("data-question-id") !== id, questionId);
  return questionId;
}

async function reviewLogs(email: string) {
  return query<{ questionId: string; idempotencyKey: string; source: string; rating: number }>(
    `SELECT l."questionId", l."idempotencyKey", l.source, l.rating FROM "ReviewLog" l JOIN "User" u ON u.id = l."userId" WHERE u.email = $1 AND l.source = 'review' ORDER BY l.id`,
    [email],
  );
}

describe("review offline", () => {
  it("answers 3 cards offline mid-session: the waiting count shows 3, and back online there are 3 logs, one per card, in the order given", async () => {
    const context = await newContext();
    const page = await context.newPage();
    const email = await signUp(page, { name: "Offline Learner", email: uniqueEmail("offline"), password: PASSWORD });
    await dueCards(page, FREE_RECALL);
    await openReview(page);

    // One answer online, as always…
    const online = await answerFreeRecall(page, /^Saved\./);
    // …then the connection goes.
    const posts: string[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST") posts.push(r.url());
    });
    await context.setOffline(true);
    await page.getByText("You are offline.").waitFor();
    const offline: string[] = [];
    for (let i = 0; i < 3; i++) offline.push(await answerFreeRecall(page, /Kept on this device/));
    await expect.poll(() => page.getByTestId("waiting-count").textContent()).toBe("3 answers waiting to be sent when you are back online.");
    expect(await reviewLogs(email)).toHaveLength(1);
    await expectAccessible(page);

    await context.setOffline(false);
    await page.getByTestId("waiting-count").waitFor({ state: "detached", timeout: 20_000 });
    const logs = await reviewLogs(email);
    expect(logs.map((l) => l.questionId)).toEqual([online, ...offline]);
    expect(new Set(logs.map((l) => l.idempotencyKey)).size).toBe(4);
    expect(logs.every((l) => l.rating === 3)).toBe(true);
    // Each queued answer was sent once (the server would have deduplicated a second try, but none was needed).
    expect(posts.filter((u) => u.endsWith("/api/reviews"))).toHaveLength(3);
    await page.getByTestId("session-summary").waitFor();
    expect(await page.getByTestId("session-summary").textContent()).toContain("Reviewed: 4");
    await context.close();
  }, 120_000);

  it("the same card answered offline on two devices: the first answer to arrive counts, and the other device is told so", async () => {
    const [phone, laptop] = await Promise.all([newContext(), newContext()]);
    const phonePage = await phone.newPage();
    const email = await signUp(phonePage, { name: "Offline Learner", email: uniqueEmail("offline"), password: PASSWORD });
    await dueCards(phonePage, [FREE_RECALL[0]]);
    const laptopPage = await laptop.newPage();
    await signIn(laptopPage, email, PASSWORD);
    await Promise.all([openReview(phonePage), openReview(laptopPage)]);

    await Promise.all([phone.setOffline(true), laptop.setOffline(true)]);
    await answerFreeRecall(phonePage, /Kept on this device/);
    const laptopCard = currentQuestion(laptopPage);
    await laptopCard.getByRole("button", { name: "Show answer" }).click();
    await laptopCard.locator('[data-rating="4"]').click();
    await laptopPage.getByTestId("waiting-count").filter({ hasText: "1 answer waiting to be sent" }).waitFor();

    await phone.setOffline(false);
    await phonePage.getByTestId("waiting-count").waitFor({ state: "detached", timeout: 20_000 });
    await laptop.setOffline(false);
    const notice = laptopPage.getByTestId("offline-notice");
    await notice.waitFor({ timeout: 20_000 });
    expect(await notice.textContent()).toMatch(/\(Easy, given offline on this device\) was not recorded: the card had already been answered on another device or tab, and that earlier answer is the one that counts\./);
    const logs = await reviewLogs(email);
    expect(logs.map((l) => ({ questionId: l.questionId, rating: l.rating }))).toEqual([{ questionId: FREE_RECALL[0], rating: 3 }]);
    await expectAccessible(laptopPage);
    await Promise.all([phone.close(), laptop.close()]);
  }, 120_000);

  it("the review page opens again with no network, its cards answerable; sign-out forgets the kept page and answers", async () => {
    const context = await newContext();
    const page = await context.newPage();
    const email = await signUp(page, { name: "Offline Learner", email: uniqueEmail("offline"), password: PASSWORD });
    await dueCards(page, FREE_RECALL.slice(0, 2));
    await openReview(page);
    const first = (await currentQuestion(page).getAttribute("data-question-id")) ?? "";
    await pageKept(page);

    await context.setOffline(true);
    await page.reload();
    // The server's HTML shows the card at once; the offline line appears once the page runs (hydrated).
    await page.getByText("You are offline.").waitFor();
    await currentQuestion(page).waitFor();
    expect(await currentQuestion(page).getAttribute("data-question-id")).toBe(first);
    await answerFreeRecall(page, /Kept on this device/);
    await page.getByTestId("waiting-count").filter({ hasText: "1 answer waiting to be sent" }).waitFor();
    await expectAccessible(page);

    // Opened again offline, the card answered and waiting is not shown a second time.
    await page.reload();
    await page.getByText("You are offline.").waitFor();
    await page.getByTestId("waiting-count").filter({ hasText: "1 answer waiting to be sent" }).waitFor();
    const other = FREE_RECALL.slice(0, 2).find((id) => id !== first);
    await page.locator(`[data-question-id="${other}"]`).waitFor();
    await page.locator(`[data-question-id="${first}"]`).waitFor({ state: "detached" });

    await context.setOffline(false);
    await page.getByTestId("waiting-count").waitFor({ state: "detached", timeout: 20_000 });
    expect((await reviewLogs(email)).map((l) => l.questionId)).toEqual([first]);

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((url) => url.pathname === "/");
    const kept = await page.evaluate(async () => ({
      caches: (await caches.keys()).filter((n) => n.startsWith("recall-")),
      databases: (await indexedDB.databases()).map((d) => d.name),
    }));
    expect(kept).toEqual({ caches: [], databases: [] });
    await context.close();
  }, 120_000);
});
