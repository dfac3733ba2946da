import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { expectAccessible, newPage, signUp, uniqueEmail, useBrowser } from "./helpers/browser";

const browser = useBrowser();

const MC = '[data-question-id="three-pillars.signal-for-counting"]';

interface ExportedCard {
  questionId: string;
  due: string;
  state: string;
  scheduledDays: number;
}

async function exportedCard(page: Page, questionId: string): Promise<ExportedCard> {
  const res = await page.request.get("/api/me/export/cards.json");
  expect(res.status()).toBe(200);
  const { cards } = (await res.json()) as { cards: ExportedCard[] };
  return cards.find((c) => c.questionId === questionId)!;
}

describe("rescheduling after a change of desired retention", () => {
  it("offers a reschedule with a 30-day before → after preview, and moves the card only once the learner confirms", async () => {
    // A phone in dark mode: the offer must work and pass axe there too.
    const page = await newPage(browser(), { width: 390, height: 844, colorScheme: "dark" });
    await signUp(page, { name: "Retention Learner", email: uniqueEmail("reschedule") });

    // A first answer graded Easy: the card goes straight to review, due days from now.
    await page.goto("/lessons/three-pillars");
    const mc = page.locator(MC);
    await mc.locator("label", { hasText: "request counter" }).click();
    await mc.getByRole("button", { name: "Check" }).click();
    await mc.locator("[data-rating]", { hasText: "Easy" }).click();
    await expect.poll(() => mc.getAttribute("data-phase")).toBe("saved");
    const before = await exportedCard(page, "three-pillars.signal-for-counting");
    expect(before.state).toBe("REVIEW");

    await page.goto("/settings");
    expect(await page.getByRole("heading", { name: "Reschedule your cards?" }).count()).toBe(0);
    await page.getByLabel("Desired retention").fill("0.97");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Settings saved." }).count()).toBe(1);

    await page.goto("/settings");
    const offer = page.locator("section", { has: page.getByRole("heading", { name: "Reschedule your cards?" }) });
    await offer.waitFor();
    expect(await offer.textContent()).toContain("1 review card would get new due dates");
    const rows = offer.getByTestId("reschedule-preview").locator("tbody tr");
    expect(await rows.count()).toBe(30);
    await expectAccessible(page);
    // Nothing has moved yet.
    expect((await exportedCard(page, "three-pillars.signal-for-counting")).due).toBe(before.due);

    await offer.getByRole("button", { name: "Reschedule 1 card" }).click();
    await expect.poll(() => offer.getByRole("status").textContent()).toBe("1 card rescheduled.");
    const after = await exportedCard(page, "three-pillars.signal-for-counting");
    // A higher retention brings the card back sooner.
    expect(after.scheduledDays).toBeLessThan(before.scheduledDays);
    expect(new Date(after.due).getTime()).toBeLessThan(new Date(before.due).getTime());

    await page.goto("/settings");
    expect(await page.getByRole("heading", { name: "Reschedule your cards?" }).count()).toBe(0);
  });
});
