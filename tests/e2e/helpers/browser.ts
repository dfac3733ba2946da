import { randomInt } from "node:crypto";
import type { Browser, Locator, Page } from "playwright-core";
import AxeBuilder from "@axe-core/playwright";
import { afterAll, beforeAll, expect, inject } from "vitest";
import { launchChromium } from "../../support/chromium";

/** A headless Chromium, as the benches launch it. */
export const launch = launchChromium;

/** The file's browser: launched before its tests, closed after them. Call the getter inside a test or hook. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error("The browser is launched in beforeAll: call this getter inside a test or a hook.");
    return browser;
  };
}

export function baseURL(): string {
  return inject("baseURL");
}

/**
 * A browser context as one visitor: its own network address (the suite's server trusts one proxy,
 * global-setup), so the suite's many sign-ups do not share one address's budget of 10 an hour. The
 * address is drawn at random from 198.18.0.0/15: test files run in separate processes, and a counter
 * keyed by process id gave two files the same addresses now and then (a sign-up refused, a test hung).
 */
export async function newPage(browser: Browser, opts: { width?: number; height?: number; colorScheme?: "light" | "dark" } = {}): Promise<Page> {
  const context = await browser.newContext({
    baseURL: baseURL(),
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 },
    colorScheme: opts.colorScheme ?? "light",
    extraHTTPHeaders: { "x-forwarded-for": `198.${18 + randomInt(2)}.${randomInt(256)}.${1 + randomInt(254)}` },
  });
  // Playwright waits forever by default: a step that never happens should fail as itself, naming the
  // locator it waited for, well inside the test's 60 s.
  context.setDefaultTimeout(20_000);
  return context.newPage();
}

/**
 * Waits until the keyboard is inside `card` (the question card focuses itself once hydrated). A key
 * pressed before that goes to the page body and is lost: on a slow machine the server-rendered card
 * is visible a moment before React has attached its key handlers.
 */
export async function keyboardIn(card: Locator): Promise<void> {
  await expect
    .poll(() => card.evaluate((el) => el.contains(document.activeElement)), { timeout: 20_000, message: "the keyboard never reached the card" })
    .toBe(true);
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/signin"));
}

/** Creates an account through the sign-up form, as a visitor does, and waits for the dashboard. Returns its email. */
export async function signUp(
  page: Page,
  { name = "Test Learner", email = uniqueEmail("learner"), password = "spaced repetition works" }: { name?: string; email?: string; password?: string } = {},
): Promise<string> {
  await page.goto("/signup");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL("**/dashboard");
  return email;
}

let counter = 0;
export function uniqueEmail(prefix = "e2e"): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}@example.com`;
}

/** Fails on any serious or critical axe violation, listing them. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")}`);
  expect(report, `axe violations on ${page.url()}`).toEqual([]);
}
