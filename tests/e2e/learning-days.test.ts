// A learner in Los Angeles whose day starts at 04:00, in a real browser against the production app:
// a card answered Easy comes due at 04:00 local on its due day (as the cards export says), and a free
// recall left empty and graded Again is exported as not correct, with no passing grade pre-selected.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { learningDay, startOfLearningDayAfter } from "@/lib/srs/day";
import { expectAccessible, launch, newPage, signUp, uniqueEmail } from "./helpers/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const LOS_ANGELES = { timezone: "America/Los_Angeles", dayStartHour: 4 };
const MC_ID = "three-pillars.signal-for-counting";
const FR_ID = "three-pillars.logs-to-trace";

function localTime(instant: Date): string {
  return new Intl.DateTimeFormat("en-US", { timeZone: LOS_ANGELES.timezone, hourCycle: "h23", hour: "2-digit", minute: "2-digit" }).format(instant);
}

describe("learning days", () => {
  it("a Los Angeles learner (day from 04:00): Easy comes due at 04:00 local; an empty free recall graded Again is not correct", async () => {
    const page = await newPage(browser);
    await signUp(page, { name: "Day Learner", email: uniqueEmail("days") });

    await page.goto("/settings");
    await page.getByLabel("Time zone").selectOption(LOS_ANGELES.timezone);
    await page.getByLabel("My day starts at").selectOption(String(LOS_ANGELES.dayStartHour));
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Settings saved" }).count()).toBe(1);

    await page.goto("/lessons/three-pillars");
    const mc = page.locator(`[data-question-id="${MC_ID}"]`);
    await mc.locator("label", { hasText: "request counter" }).click();
    await mc.getByRole("button", { name: "Check" }).click();
    const easy = mc.locator('[data-rating="4"]');
    await easy.waitFor();
    expect(await easy.textContent()).toMatch(/Easy\d+d$/);
    await easy.click();
    await expect.poll(() => mc.getAttribute("data-phase")).toBe("saved");
    const saved = (await mc.getByRole("status").textContent()) ?? "";

    const fr = page.locator(`[data-question-id="${FR_ID}"]`);
    await fr.getByRole("button", { name: "Show answer" }).click();
    await fr.locator('[data-rating="1"]').waitFor();
    expect(await fr.locator("[data-default-rating]").count()).toBe(0);
    await expectAccessible(page);
    await fr.locator('[data-rating="1"]').click();
    await expect.poll(() => fr.getAttribute("data-phase")).toBe("saved");

    const cards = (await (await page.request.get("/api/me/export/cards.json")).json()) as {
      cards: { questionId: string; due: string; lastReview: string; scheduledDays: number; state: string }[];
    };
    const card = cards.cards.find((c) => c.questionId === MC_ID)!;
    expect(card.state).toBe("REVIEW");
    const due = new Date(card.due);
    const answeredAt = new Date(card.lastReview);
    expect(localTime(due)).toBe("04:00");
    expect(due).toEqual(startOfLearningDayAfter(answeredAt, card.scheduledDays, LOS_ANGELES));
    expect(learningDay(due, LOS_ANGELES) > learningDay(answeredAt, LOS_ANGELES)).toBe(true);
    // The button showed the interval before fuzz, as Anki's do; the saved answer says the one given.
    expect(saved).toContain(`Next review in ${card.scheduledDays}d`);

    const csv = await (await page.request.get("/api/me/export/reviews.csv")).text();
    // No field here holds a comma or a quote: unquoting is enough to read it.
    const [header, ...rows] = csv.trim().split(/\r?\n/).map((line) => line.split(",").map((cell) => cell.replace(/^"(.*)"$/, "$1")));
    const column = (name: string) => header!.indexOf(name);
    const frRow = rows.find((r) => r[column("question_id")] === FR_ID)!;
    expect(frRow[column("review_rating")]).toBe("1");
    expect(frRow[column("correct")]).toBe("false");
    await page.context().close();
  });
});
