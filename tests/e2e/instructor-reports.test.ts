// The instructor's reports in a real browser, on the demo cohort (read by a co-instructor this file
// creates, not the demo account): filters live in the URL and survive a reload, the CSV is the
// filtered table, the heatmap keeps its learner column and topic header in view, each report and
// drill-down is axe-clean at desktop and phone width (screenshots for the review go to
// /tmp/reports-shots/). Also the rough edges of issue 16 that only a browser shows: the join link's host
// and the sampling calculator's results while an input is invalid.
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_COHORT_NAME } from "@/lib/demo/cohort";
import { csvCells } from "../helpers/csv";
import { baseURL, expectAccessible, launch, newPage, signIn } from "./helpers/browser";
import { createCoInstructor, type TestUser } from "./helpers/users";

const SHOTS = "/tmp/reports-shots";

let browser: Browser;
let cohortPath: string;
let instructor: TestUser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  [browser, instructor] = await Promise.all([launch(), createCoInstructor(DEMO_COHORT_NAME)]);
  const page = await instructorPage();
  await page.goto("/instructor");
  await page.getByRole("link", { name: /Demo cohort/ }).click();
  await page.waitForURL("**/instructor/cohorts/*");
  cohortPath = new URL(page.url()).pathname;
  await page.context().close();
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

async function instructorPage(opts: { width?: number; colorScheme?: "light" | "dark" } = {}): Promise<Page> {
  const page = await newPage(browser, opts);
  await signIn(page, instructor.email, instructor.password);
  return page;
}

/** The emails of the learners table's rows, in order. */
async function tableEmails(page: Page): Promise<string[]> {
  const ids = await page.getByTestId("learners-table").locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-testid") ?? ""));
  return ids.map((id) => id.replace(/^learner-row-/, ""));
}

describe("cohort reports", () => {
  it("keep the filters in the URL, and a reload shows the same filtered table", async () => {
    const page = await instructorPage();
    await page.goto(`${cohortPath}/learners`);
    const all = await tableEmails(page);
    expect(all.length).toBeGreaterThanOrEqual(20);

    await page.getByLabel("Level").selectOption("senior");
    await page.getByLabel("At-risk learners only").check();
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL((url) => url.search === "?level=senior&risk=1");
    const filtered = await tableEmails(page);
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.length).toBeLessThan(all.length);
    const count = await page.getByTestId("learners-count").textContent();

    await page.reload();
    expect(new URL(page.url()).search).toBe("?level=senior&risk=1");
    expect(await page.getByLabel("Level").inputValue()).toBe("senior");
    expect(await page.getByLabel("At-risk learners only").isChecked()).toBe(true);
    expect(await tableEmails(page)).toEqual(filtered);
    expect(await page.getByTestId("learners-count").textContent()).toBe(count);

    // Switching report keeps the filters; a malformed link says what it ignored and keeps the rest.
    await page.getByRole("link", { name: "Items" }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/items") && url.search === "?level=senior&risk=1");
    expect(await page.getByLabel("Level").inputValue()).toBe("senior");
    await page.goto(`${cohortPath}/learners?level=expert&risk=1`);
    expect(await page.getByRole("alert").filter({ hasText: "Unknown level “expert”" }).count()).toBe(1);
    expect(await page.getByLabel("At-risk learners only").isChecked()).toBe(true);
    // Repeated, NUL and broken values: an ordinary page (or a CSV 400), never a 500.
    for (const query of ["?course=%00", "?topic=a&topic=b", "?from=%ED%A0%80", "?page=99999999999"]) {
      expect((await page.request.fetch(`${cohortPath}/learners${query}`, { maxRedirects: 0 })).status(), query).toBeLessThan(500);
      expect((await page.request.fetch(`/api/instructor/cohorts/${cohortPath.split("/").pop()}/export/learners.csv${query}`)).status(), query).toBeLessThan(500);
    }
    await page.context().close();
  }, 120_000);

  it("export as CSV exactly the filtered table, in the table's order", async () => {
    const page = await instructorPage();
    await page.goto(`${cohortPath}/learners?risk=1&sort=name`);
    const rows = await tableEmails(page);
    const href = await page.getByRole("link", { name: "Download this table (learners.csv)" }).getAttribute("href");
    expect(href).toMatch(/learners\.csv\?risk=1&sort=name$/);
    const csv = await (await page.request.fetch(href!)).text();
    const lines = csv.trim().split("\r\n");
    const header = csvCells(lines[0]!);
    const [email, atRisk] = [header.indexOf("email"), header.indexOf("at_risk")];
    expect(lines.slice(1).map((l) => csvCells(l)[email])).toEqual(rows);
    expect(lines.slice(1).every((l) => csvCells(l)[atRisk] === "true")).toBe(true);

    await page.goto(`${cohortPath}/items?level=junior`);
    const items = await page.getByTestId("item-analysis").locator("tbody tr").evaluateAll((trs) => trs.map((t) => (t.getAttribute("data-testid") ?? "").replace(/^item-/, "")));
    const itemsCsv = await (await page.request.fetch(`/api/instructor/cohorts/${cohortPath.split("/").pop()}/export/items.csv?level=junior`)).text();
    expect(itemsCsv.trim().split("\r\n").slice(1).map((l) => csvCells(l)[0])).toEqual(items);
    await page.context().close();
  }, 120_000);

  it("keep the heatmap's learner column and topic header in view while it scrolls, and a cell opens the learner's topic", async () => {
    const page = await instructorPage({ width: 1280 });
    await page.goto(`${cohortPath}/topics`);
    const region = page.getByRole("region", { name: /Retrievability by learner and topic/ });
    const firstLearner = page.getByTestId("topic-heatmap").locator("tbody tr").nth(1).locator("th");
    const header = page.getByTestId("topic-heatmap").locator("thead th").nth(1);
    const before = { learner: await firstLearner.boundingBox(), header: await header.boundingBox() };
    await region.evaluate((el) => el.scrollTo({ left: 600, top: 400 }));
    await expect.poll(async () => (await firstLearner.boundingBox())?.x).toBe(before.learner?.x);
    expect((await header.boundingBox())?.y).toBe(before.header?.y);

    await region.evaluate((el) => el.scrollTo({ left: 0, top: 0 }));
    const cell = page.getByTestId("topic-heatmap").locator("tbody td a").first();
    const label = (await cell.getAttribute("aria-label"))!;
    await cell.click();
    await page.waitForURL(/\/learners\/[0-9a-f-]+\?topic=/);
    const topicTitle = label.split(", ")[1]!.split(":")[0]!;
    expect(await page.getByRole("heading", { name: `Cards on ${topicTitle}` }).count()).toBe(1);
    expect(await page.getByTestId("topic-cards").locator("tbody tr").count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await page.context().close();
  }, 120_000);

  it("open a question's drill-down with its choices, trend and lapsers", async () => {
    const page = await instructorPage();
    await page.goto(`${cohortPath}/items`);
    await page.getByTestId("item-analysis").locator("tbody tr").first().locator("th a").click();
    await page.waitForURL(/\/items\/[^/?]+/);
    expect((await page.getByTestId("item-prompt").textContent())?.length).toBeGreaterThan(10);
    expect(await page.getByTestId("item-trend").locator("tbody tr").count()).toBe(8);
    expect(await page.getByTestId("item-figures").locator("dd").count()).toBe(6);
    await expectAccessible(page);
    await page.context().close();
  }, 120_000);

  it("are axe-clean at 1280 and 375 px, light and dark (screenshots in /tmp/reports-shots)", async () => {
    const probe = await instructorPage();
    await probe.goto(`${cohortPath}/items`);
    const itemPath = new URL(await probe.getByTestId("item-analysis").locator("tbody tr th a").first().evaluate((a) => (a as HTMLAnchorElement).href)).pathname;
    await probe.context().close();
    const reports: [string, string][] = [
      ["overview", cohortPath],
      ["learners", `${cohortPath}/learners`],
      ["topics", `${cohortPath}/topics`],
      ["items", `${cohortPath}/items`],
      ["item", itemPath],
    ];
    for (const [width, colorScheme] of [
      [1280, "light"],
      [375, "light"],
      [375, "dark"],
    ] as const) {
      const page = await instructorPage({ width, colorScheme });
      for (const [name, path] of reports) {
        await page.goto(path);
        await expectAccessible(page);
        if (colorScheme === "light") await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: name !== "topics" && name !== "learners" });
        else await page.screenshot({ path: `${SHOTS}/${name}-${width}-dark.png` });
      }
      await page.context().close();
    }
  }, 240_000);
});

describe("rough edges (issue 16)", () => {
  it("shows the join link on the configured public URL, whatever host the page was opened on", async () => {
    // The app's public URL is http://localhost:PORT (NEXTAUTH_URL); open it as 127.0.0.1 instead.
    const configured = new URL(baseURL());
    const page = await newPage(browser);
    const other = `http://127.0.0.1:${configured.port}`;
    await page.goto(`${other}/signin`);
    await page.getByLabel("Email").fill(instructor.email);
    await page.getByLabel("Password").fill(instructor.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/signin"));
    await page.goto(`${other}${cohortPath}`);
    const link = await page.getByTestId("join-link").textContent();
    expect(link).toMatch(new RegExp(`^${configured.origin.replace(/[.]/g, "\\.")}/join/[2-9A-Z]{4}-[2-9A-Z]{4}$`));
    await page.context().close();
  }, 120_000);

  it("withdraws the sampling calculator's results while an input is invalid, and says why", async () => {
    const page = await newPage(browser);
    await page.goto("/lessons/sampling-cost-model");
    const calculator = page.locator("div", { has: page.getByText("Sampling cost calculator", { exact: true }) }).last();
    await calculator.getByTestId("calculator-results").waitFor();
    await calculator.getByLabel("Requests per second (req/s)").fill("abc");
    await expect.poll(() => calculator.getByTestId("calculator-results").count()).toBe(0);
    expect(await calculator.getByTestId("calculator-status").textContent()).toContain("fix requests per second");
    await calculator.getByLabel("Requests per second (req/s)").fill("2000");
    await calculator.getByTestId("calculator-results").waitFor();
    await page.context().close();
  }, 120_000);
});
