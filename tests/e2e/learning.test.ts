import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { expectAccessible, keyboardIn, newPage, signUp, uniqueEmail, useBrowser } from "./helpers/browser";

const browser = useBrowser();

const MC = '[data-question-id="three-pillars.signal-for-counting"]';
const EST = '[data-question-id="three-pillars.series-count"]';
const FR = '[data-question-id="three-pillars.logs-to-trace"]';

describe("lessons", () => {
  it("lets a visitor try each kind of question, follow a topic and search", async () => {
    const page = await newPage(browser());
    await page.goto("/courses");
    await expectAccessible(page);
    await page.getByRole("link", { name: "Observability: traces, propagation and sampling" }).click();
    await page.waitForURL("**/courses/observability");
    await expectAccessible(page);
    await page.getByRole("link", { name: "Logs, metrics and traces", exact: false }).first().click();
    await page.waitForURL("**/lessons/three-pillars");

    // The answer key is kept from visitors: they may pick an answer, and are asked to sign in to check it.
    const mc = page.locator(MC);
    await mc.locator("label", { hasText: "request counter" }).click();
    expect(await mc.getByRole("button", { name: "Check" }).count()).toBe(0);
    expect(await mc.locator("[data-sign-in-to-check]").textContent()).toMatch(/Sign in to check your answer/);
    expect(await mc.getByRole("link", { name: "Sign in" }).getAttribute("href")).toMatch(/^\/signin\?callbackUrl=/);

    const est = page.locator(EST);
    await est.getByLabel("Your estimate").fill("600");
    expect(await est.getByRole("button", { name: "Check" }).count()).toBe(0);
    expect(await est.locator("[data-sign-in-to-check]").count()).toBe(1);

    const fr = page.locator(FR);
    await fr.getByLabel("Your answer").fill("It needs the trace id, added from the current span by the logging integration.");
    await fr.getByRole("button", { name: "Show answer" }).click();
    await expect.poll(() => fr.textContent()).toContain("Model answer");
    expect(await fr.textContent()).toContain("2 of 2 key points");
    await expectAccessible(page);

    await page.locator("#topics-heading + ul").getByRole("link", { name: "Observability basics" }).click();
    await page.waitForURL("**/topics/observability-basics");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Observability basics");
    expect(await page.getByRole("link", { name: /Logs, metrics and traces/ }).count()).toBeGreaterThan(0);
    await expectAccessible(page);

    await page.locator("#site-search").fill("exemplar");
    await page.locator("#site-search").press("Enter");
    await page.waitForURL("**/search?q=exemplar");
    await expect.poll(() => page.getByRole("status").textContent()).toMatch(/\d+ results/);
    expect(await page.locator("mark").count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await page.context().close();
  });
});

describe("learning loop", () => {
  it("records answers in a lesson, then reviews them with the keyboard only, with undo and a summary", async () => {
    const page = await newPage(browser());
    await signUp(page, { name: "Keyboard Learner" });
    expect(await page.getByRole("heading", { name: "Start with a lesson" }).count()).toBe(1);
    await expectAccessible(page);
    await page.goto("/review");
    await expect.poll(() => page.getByTestId("session-summary").textContent()).toContain("Nothing is due");
    await page.goto("/lessons/three-pillars");

    const mc = page.locator(MC);
    await mc.locator("label", { hasText: "request counter" }).click();
    await mc.getByRole("button", { name: "Check" }).click();
    await mc.locator("[data-default-rating]").waitFor();
    expect(await mc.locator("[data-rating]").allTextContents()).toEqual([
      expect.stringContaining("Hard"),
      expect.stringContaining("Good"),
      expect.stringContaining("Easy"),
    ]);
    await keyboardIn(mc.locator("[data-default-rating]"));
    await page.keyboard.press("Enter");
    await expect.poll(() => mc.getAttribute("data-phase")).toBe("saved");
    expect(await mc.getByRole("status").textContent()).toMatch(/Next review in \d+[smhd]/);

    // A wrong estimate is recorded (Again) as it is checked: its answer comes with the record.
    const est = page.locator(EST);
    await est.getByLabel("Your estimate").fill("6");
    await est.getByLabel("Your estimate").press("Enter");
    await expect.poll(() => est.getAttribute("data-phase")).toBe("saved");
    expect(await est.textContent()).toContain("Outside the tolerance");
    expect(await est.locator("[data-rating]").count()).toBe(0);
    await page.reload();
    await est.getByLabel("Your estimate").fill("6000");
    await est.getByLabel("Your estimate").press("Enter");
    await expect.poll(() => est.textContent()).toContain("Within tolerance");
    await keyboardIn(est.locator("[data-default-rating]"));
    await page.keyboard.press("Enter");
    await expect.poll(() => est.getAttribute("data-phase")).toBe("saved");

    const fr = page.locator(FR);
    await fr.getByLabel("Your answer").fill("the trace id");
    await fr.getByRole("button", { name: "Show answer" }).click();
    await keyboardIn(fr.locator("[data-default-rating]"));
    await page.keyboard.press("3");
    await expect.poll(() => fr.getAttribute("data-phase")).toBe("saved");

    // A month goes by for this learner (test-only route).
    const moved = await page.request.post("/api/test/time-travel", { data: { days: 30 } });
    expect(moved.status()).toBe(200);

    await page.goto("/review");
    await page.locator("[data-question-id]").first().waitFor();
    await expectAccessible(page);
    expect(await page.getByTestId("due-count").textContent()).toBe("3");

    const answered: string[] = [];
    for (let i = 0; i < 3; i++) {
      const card = page.locator("[data-question-id]").first();
      await card.waitFor();
      const id = (await card.getAttribute("data-question-id")) as string;
      await answerWithKeyboard(page, id);
      answered.push(id);
      await expect.poll(() => page.getByTestId("done-count").textContent()).toBe(String(i + 1));
    }
    await page.getByTestId("session-summary").waitFor();
    expect(await page.getByTestId("session-summary").textContent()).toContain("Reviewed: 3");

    // U undoes the last answer: its card comes back, exactly as it was.
    await page.keyboard.press("u");
    const back = page.locator("[data-question-id]").first();
    await back.waitFor();
    expect(await back.getAttribute("data-question-id")).toBe(answered[2]);
    expect(await page.getByTestId("done-count").textContent()).toBe("2");
    await answerWithKeyboard(page, answered[2]);
    await page.getByTestId("session-summary").waitFor();
    const summary = (await page.getByTestId("session-summary").textContent()) ?? "";
    expect(summary).toContain("Reviewed: 3");
    expect(summary).toMatch(/next review is due in/);
    await expectAccessible(page);

    // The dashboard shows the session: three reviews today, a streak, the topics reviewed.
    await page.goto("/dashboard");
    expect(await page.getByTestId("today-reviewed-today").textContent()).toBe("3");
    expect(Number(await page.getByTestId("streak-current").textContent().then((t) => t?.split(" ")[0]))).toBeGreaterThanOrEqual(1);
    expect(await page.getByRole("link", { name: "Observability basics" }).count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await page.context().close();
  });
});

async function answerWithKeyboard(page: Page, questionId: string) {
  const card = page.locator(`[data-question-id="${questionId}"]`);
  await keyboardIn(card);
  if (questionId === "three-pillars.signal-for-counting") {
    const labels = await card.locator("label").allTextContents();
    const index = labels.findIndex((l) => l.includes("request counter"));
    await page.keyboard.press(String(index + 1));
    await page.keyboard.press("Enter");
    await keyboardIn(card.locator("[data-default-rating]"));
    await page.keyboard.press("3");
  } else if (questionId === "three-pillars.series-count") {
    await page.keyboard.type("6000");
    await page.keyboard.press("Enter");
    await keyboardIn(card.locator("[data-default-rating]"));
    await page.keyboard.press("4");
  } else {
    // Free recall answered in the head: nothing is written, so no grade is pre-selected.
    await page.keyboard.press(" ");
    await card.locator("[data-rating]").first().waitFor();
    await page.keyboard.press("3");
  }
  await expect.poll(() => card.getAttribute("data-phase")).toBe("saved");
}
