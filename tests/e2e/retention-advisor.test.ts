import { describe, expect, it } from "vitest";
import { expectAccessible, newPage, signUp, uniqueEmail, useBrowser } from "./helpers/browser";

const browser = useBrowser();

describe("retention advisor on /settings", () => {
  it("simulates the learner's own deck, marks the cheapest retention and takes it with one button", async () => {
    const page = await newPage(browser(), { width: 390, height: 844 });
    await signUp(page, { name: "Advised Learner", email: uniqueEmail("advisor") });

    // One answer in a lesson: the learner has a card and a course with questions still to come.
    await page.goto("/lessons/three-pillars");
    const mc = page.locator('[data-question-id="three-pillars.signal-for-counting"]');
    await mc.locator("label", { hasText: "request counter" }).click();
    await mc.getByRole("button", { name: "Check" }).click();
    await mc.locator("[data-rating]", { hasText: "Good" }).click();
    await expect.poll(() => mc.getAttribute("data-phase")).toBe("saved");

    await page.goto("/settings");
    const advisor = page.locator("section", { has: page.getByRole("heading", { name: "Which retention costs you least?" }) });
    await advisor.getByRole("button", { name: "Work out my best retention" }).click();
    const summary = advisor.getByTestId("advisor-summary");
    await summary.waitFor({ timeout: 30_000 });
    const best = /retention (0\.\d\d) costs least/.exec((await summary.textContent()) ?? "")?.[1];
    expect(best).toMatch(/^0\.(7\d|8\d|9[0-7])$/);
    // The curve has a row per retention 0.70–0.97 and the best one is marked in it.
    const rows = advisor.getByTestId("advisor-table").locator("tbody tr");
    expect(await rows.count()).toBe(28);
    expect(await advisor.getByTestId("advisor-table").locator("tbody tr", { hasText: "least per card" }).textContent()).toContain(best!);
    await expectAccessible(page);

    const use = advisor.getByRole("button", { name: `Use ${best}` });
    if (best === "0.90") {
      // Already the learner's setting: nothing to take.
      expect(await use.isDisabled()).toBe(true);
      return;
    }
    await use.click();
    await expect.poll(() => advisor.getByRole("status").last().textContent()).toBe(`Desired retention is now ${best}.`);
    await page.goto("/settings");
    expect(await page.getByLabel("Desired retention").inputValue()).toBe(best);
    // Taking a new retention offers the reschedule, as the settings form does.
    await page.getByRole("heading", { name: "Reschedule your cards?" }).waitFor();
  });
});
