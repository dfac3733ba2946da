// A question that needs a figure carries it (<Context figure="…" />): the lesson shows the figure once
// and links to it from the question; the review session, which shows the question alone, draws the
// figure inside the card. Code blocks are checked by axe in both themes on a lesson full of code.
import { describe, expect, it } from "vitest";
import { expectAccessible, newPage, signUp, uniqueEmail, useBrowser } from "./helpers/browser";

const browser = useBrowser();

const PSP = '[data-question-id="trace-anatomy.psp-share"]';
const FIGURE = '[data-figure-id="checkout-trace"]';

describe("questions that carry their context", () => {
  it("shows the figure once in the lesson, and inside the card when the card comes back in review", async () => {
    const page = await newPage(browser());
    await signUp(page, { name: "Figure Reader", email: uniqueEmail("context") });
    await page.goto("/lessons/trace-anatomy");

    // In the lesson: one copy of the trace, and the question links to it instead of repeating it.
    expect(await page.locator(FIGURE).count()).toBe(1);
    const card = page.locator(PSP);
    expect(await card.locator(FIGURE).count()).toBe(0);
    expect(await card.locator('a[href="#fig-checkout-trace"]').textContent()).toContain("One checkout request");
    await expectAccessible(page);

    await card.getByLabel("Your estimate").fill("60");
    await card.getByLabel("Your estimate").press("Enter");
    await expect.poll(() => card.textContent()).toContain("Within tolerance");
    await page.keyboard.press("Enter");
    await expect.poll(() => card.getAttribute("data-phase")).toBe("saved");

    const moved = await page.request.post("/api/test/time-travel", { data: { days: 30 } });
    expect(moved.status()).toBe(200);

    // In review: the card alone, with the waterfall drawn inside it above the prompt.
    await page.goto("/review");
    const reviewCard = page.locator(PSP);
    await reviewCard.waitFor();
    expect(await page.locator("[data-question-id]").count()).toBe(1);
    const figure = reviewCard.locator(`[data-question-context] ${FIGURE}`);
    expect(await figure.count()).toBe(1);
    expect(await figure.getByText("Figure: One checkout request, 1,240 ms end to end").count()).toBe(1);
    expect(await figure.locator("figure").textContent()).toContain("psp authorize");
    // The figure sits above the prompt, so the prompt's "this trace" reads true.
    const [figureBox, promptBox] = await Promise.all([figure.boundingBox(), reviewCard.locator('[id$="-prompt"]').boundingBox()]);
    expect(figureBox!.y + figureBox!.height).toBeLessThanOrEqual(promptBox!.y);
    await expectAccessible(page);
    await page.context().close();
  });

  it("keeps the review card with its figure readable at phone width in dark mode", async () => {
    const page = await newPage(browser(), { width: 390, height: 844, colorScheme: "dark" });
    await signUp(page, { name: "Figure Reader", email: uniqueEmail("context") });
    await page.goto("/lessons/trace-anatomy");
    const card = page.locator(PSP);
    await card.getByLabel("Your estimate").fill("60");
    await card.getByLabel("Your estimate").press("Enter");
    await expect.poll(() => card.textContent()).toContain("Within tolerance");
    await page.keyboard.press("Enter");
    await expect.poll(() => card.getAttribute("data-phase")).toBe("saved");
    expect((await page.request.post("/api/test/time-travel", { data: { days: 30 } })).status()).toBe(200);

    await page.goto("/review");
    await page.locator(`${PSP} ${FIGURE}`).waitFor();
    expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(true);
    // The page itself does not scroll sideways; the waterfall scrolls inside its own box.
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await expectAccessible(page);
    await page.context().close();
  });

  it("passes axe on a lesson full of highlighted code in the light and the dark theme", async () => {
    for (const colorScheme of ["light", "dark"] as const) {
      const page = await newPage(browser(), { colorScheme });
      await page.goto("/lessons/retries-backoff-jitter");
      await page.locator("pre.shiki").first().waitFor();
      expect(await page.locator("pre.shiki").count()).toBeGreaterThan(1);
      await expectAccessible(page);
      await page.context().close();
    }
  });
});
