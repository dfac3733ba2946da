// Issue 12, parts 4 and 5: a leech has a way back (relearned from the dashboard, it comes back in the
// queue), and the review session works on a phone (an Undo button, no key hints on a touch screen) and
// never goes stale (a card falling due while the page is open appears without a reload).
import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { baseURL, expectAccessible, keyboardIn, newPage, signUp, uniqueEmail, useBrowser } from "./helpers/browser";

const browser = useBrowser();

const MC_ID = "three-pillars.signal-for-counting";
const MC = `[data-question-id="${MC_ID}"]`;
/** The question's choices as the lesson declares them: "a" is the request counter, the right answer. */
const RIGHT = "a";
const WRONG = "b";
const LEECH_LAPSES = 8;
const MINUTE_DAYS = 1 / 1440;

async function travel(page: Page, days: number): Promise<void> {
  expect((await page.request.post("/api/test/time-travel", { data: { days } })).status()).toBe(200);
}

/**
 * Answers the multiple-choice question through POST /api/reviews (the same path as the page), as the
 * signed-in learner: the card's version comes back with each answer, for the next one.
 */
function answerer(page: Page) {
  let version: number | null = null;
  return async (choice: string, source: "lesson" | "review" = "review") => {
    const response = await page.request.post("/api/reviews", {
      data: {
        questionId: MC_ID,
        response: { kind: "MULTIPLE_CHOICE", choiceIds: [choice] },
        rating: choice === RIGHT ? 3 : 1,
        durationMs: 4000,
        idempotencyKey: randomUUID(),
        sessionId: "e2e-leech",
        source,
        expectedVersion: version,
      },
    });
    expect(response.status()).toBe(201);
    const body = (await response.json()) as { version: number; state: string; leech: boolean };
    version = body.version;
    return body;
  };
}

describe("leeches", () => {
  it("lists a leech on the dashboard and its topic page, relearns it from the dashboard, and it comes back in the queue", async () => {
    const page = await newPage(browser());
    await signUp(page, { name: "Leech Learner", email: uniqueEmail("leech") });
    const answer = answerer(page);
    // Learned: Good in the lesson, Good a day later (a review card).
    await answer(RIGHT, "lesson");
    await travel(page, 1);
    expect((await answer(RIGHT)).state).toBe("REVIEW");
    // Eight times forgotten when due, relearned in between.
    let last = { leech: false, state: "" };
    for (let lapse = 1; lapse <= LEECH_LAPSES; lapse++) {
      await travel(page, 60);
      last = await answer(WRONG);
      expect({ lapse, leech: last.leech }).toEqual({ lapse, leech: lapse === LEECH_LAPSES });
      if (lapse < LEECH_LAPSES) {
        await travel(page, 1);
        await answer(RIGHT);
      }
    }

    // Set aside: not in the queue, even a month later.
    await travel(page, 30);
    await page.goto("/review");
    await expect.poll(() => page.getByTestId("session-summary").textContent()).toContain("Nothing is due");

    await page.goto("/topics/observability-basics");
    expect(await page.getByRole("heading", { name: "Your leeches on Observability basics" }).count()).toBe(1);
    expect(await page.getByTestId("leech").textContent()).toContain("how many checkout requests failed");
    await expectAccessible(page);

    await page.goto("/dashboard");
    const leech = page.getByTestId("leech");
    expect(await leech.count()).toBe(1);
    expect(await leech.textContent()).toContain(`Forgotten ${LEECH_LAPSES} times`);
    expect(await leech.getByRole("link", { name: "Logs, metrics and traces", exact: false }).getAttribute("href")).toBe("/lessons/three-pillars");
    await expectAccessible(page);
    await leech.getByRole("button", { name: /^Relearn/ }).click();
    await expect.poll(() => leech.getByRole("status").textContent()).toContain("Back in your reviews");

    // In the queue now, as a multiple-choice card whose hints name the keys that work.
    await page.goto("/review");
    const card = page.locator(MC);
    await card.waitFor();
    expect(await card.getByTestId("answer-keys").textContent()).toBe("Keys: 1–3 pick · Enter check");
    await expectAccessible(page);
    const labels = await card.locator("label").allTextContents();
    await keyboardIn(card);
    await page.keyboard.press(String(labels.findIndex((l) => l.includes("request counter")) + 1));
    await page.keyboard.press("Enter");
    await card.locator("[data-default-rating]").waitFor();
    await keyboardIn(card.locator("[data-default-rating]"));
    expect(await card.getByTestId("grade-keys").textContent()).toBe("Keys 2–4 or Enter to go on.");
    await page.keyboard.press("Enter");
    await expect.poll(() => card.getAttribute("data-phase")).toBe("saved");
    expect(await card.getByRole("status").textContent()).not.toContain("leech");

    await page.goto("/dashboard");
    expect(await page.getByTestId("leech").count()).toBe(0);
    await page.context().close();
  });
});

describe("the review session", () => {
  it("undoes with a button on a 375 px touch screen, where no key hints show and nothing scrolls sideways", async () => {
    const context = await browser().newContext({ baseURL: baseURL(), viewport: { width: 375, height: 740 }, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    await signUp(page, { name: "Phone Learner", email: uniqueEmail("leech") });
    await answerer(page)(RIGHT, "lesson");
    await travel(page, 30);
    await page.goto("/review");
    const card = page.locator(MC);
    await card.waitFor();
    expect(await page.evaluate(() => matchMedia("(hover: none) and (pointer: coarse)").matches)).toBe(true);
    expect(await card.getByTestId("answer-keys").isVisible()).toBe(false);
    expect(await page.getByTestId("undo").count()).toBe(0);

    await card.locator("label", { hasText: "request counter" }).tap();
    await card.getByRole("button", { name: "Check" }).tap();
    await card.locator("[data-default-rating]").tap();
    await expect.poll(() => page.getByTestId("done-count").textContent()).toBe("1");
    await page.getByTestId("session-summary").waitFor();
    const undo = page.getByRole("button", { name: "Undo last answer" });
    expect(await undo.isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await expectAccessible(page);

    await undo.tap();
    await expect.poll(() => page.getByTestId("done-count").textContent()).toBe("0");
    await card.waitFor();
    expect(await card.getAttribute("data-phase")).toBe("answering");
    expect(await page.getByTestId("undo").count()).toBe(0);
    await context.close();
  });

  it("shows a card that falls due while the page is open, without a reload", async () => {
    const page = await newPage(browser());
    await signUp(page, { name: "Patient Learner", email: uniqueEmail("leech") });
    // Wrong in the lesson: a learning card due again in a minute.
    await answerer(page)(WRONG, "lesson");
    await page.clock.install();
    await page.goto("/review");
    const summary = page.getByTestId("session-summary");
    await expect.poll(() => summary.textContent()).toContain("Nothing is due");
    expect(await summary.textContent()).toMatch(/next review is due in (1 min|less than a minute)/);
    await page.evaluate(() => {
      (window as { sameDocument?: boolean }).sameDocument = true;
    });

    // Two minutes go by, for the server (the card's due date) and for the page (its clock).
    await travel(page, 2 * MINUTE_DAYS);
    await page.clock.fastForward("02:00");
    await page.locator(MC).waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("due-count").textContent()).toBe("1");
    expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(true);
    await page.context().close();
  });

  it("says an unknown topic does not exist, and names a known one", async () => {
    const page = await newPage(browser());
    await signUp(page, { name: "Filter Learner", email: uniqueEmail("leech") });
    await page.goto("/review?topic=no-such-topic");
    expect(await page.getByTestId("unknown-filter").textContent()).toContain("There is no topic “no-such-topic”");
    expect(await page.getByTestId("session-summary").count()).toBe(0);
    await expectAccessible(page);
    await page.goto("/review?topic=observability-basics");
    await page.getByTestId("session-summary").waitFor();
    expect(await page.locator("main").textContent()).toContain("topic: Observability basics");
    expect(await page.locator("main").textContent()).not.toContain("topic: observability-basics");
    await page.context().close();
  });
});
