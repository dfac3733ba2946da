// Every lesson in content/ renders in the built app with all of its questions, and passes axe in the
// light and the dark theme. content:check compiles the MDX, but only a browser shows that the widgets,
// figures and highlighted code of each lesson actually render and stay readable.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContent } from "@/lib/content/load";
import { expectAccessible, launch, newPage } from "./helpers/browser";

const { lessons } = await loadContent({ compile: false });

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(["light", "dark"] as const)("every lesson in the %s theme", (colorScheme) => {
  let page: Page;
  beforeAll(async () => {
    page = await newPage(browser, { colorScheme });
  });
  afterAll(async () => {
    await page?.context().close();
  });

  it("has lessons to check", () => {
    expect(lessons.length).toBeGreaterThan(0);
  });

  it.each(lessons.map((l) => [l.id, l.questionIds] as const))("/lessons/%s shows each of its questions and passes axe", async (id, questionIds) => {
    const response = await page.goto(`/lessons/${id}`);
    expect(response?.status()).toBe(200);
    const shown = await page.locator("[data-question-id]").evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-question-id")));
    expect(new Set(shown)).toEqual(new Set(questionIds));
    await expectAccessible(page);
  });
});
