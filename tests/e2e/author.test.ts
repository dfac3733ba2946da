import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expectAccessible, newPage, useBrowser } from "./helpers/browser";
import { signedInAs } from "./helpers/users";

const browser = useBrowser();

describe("author area", () => {
  it("previews a course's workload with reviews priced by outcome and marks the target cheapest per remembered question", async () => {
    const { page } = await signedInAs(browser(), "AUTHOR");
    await page.goto("/author/courses/observability");
    const rows = await page.getByRole("table", { name: "Workload at each desired retention" }).locator("tbody tr").evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll("td"), (td) => td.textContent?.trim() ?? "")));
    expect(rows.map((r) => r[0]?.replace(" (cheapest)", ""))).toEqual(["80%", "85%", "90%", "95%"]);
    const perRemembered = rows.map((r) => Number(r[5]));
    const cheapestRow = rows[perRemembered.indexOf(Math.min(...perRemembered))]!;
    expect(cheapestRow[0]).toContain("(cheapest)");
    expect(await page.getByTestId("cheapest-retention").textContent()).toContain(cheapestRow[0]!.replace(" (cheapest)", ""));
    // Minutes come from each review's own price, not reviews × a flat 20 s.
    for (const r of rows) expect(Math.abs(Number(r[3]) - (Number(r[1]) * 20) / 60 / 90)).toBeGreaterThan(0.2);
    await page.getByRole("link", { name: "90%" }).click();
    await expectAccessible(page);
    await page.context().close();
  });

  it("is reachable by AUTHOR and ADMIN only", async () => {
    const anonymous = await newPage(browser());
    await anonymous.goto("/author");
    expect(new URL(anonymous.url()).pathname).toBe("/signin");
    await anonymous.context().close();

    for (const [role, allowed] of [
      ["LEARNER", false],
      ["INSTRUCTOR", false],
      ["AUTHOR", true],
      ["ADMIN", true],
    ] as const) {
      const { page } = await signedInAs(browser(), role);
      const response = await page.goto("/author");
      expect(response?.status(), role).toBe(allowed ? 200 : 403);
      if (allowed) {
        expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Author");
        await expectAccessible(page);
        await page.getByRole("link", { name: "Anatomy of a trace" }).first().click();
        await page.waitForURL("**/author/lessons/trace-anatomy");
        // Every answer is revealed in the preview.
        expect(await page.getByText("✓ Correct:").count()).toBeGreaterThan(0);
        expect(await page.getByText("Model answer").count()).toBeGreaterThan(0);
      }
      await page.context().close();
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe("npm run dev", () => {
  let child: ChildProcess | undefined;
  let dir: string;
  afterAll(async () => {
    if (child?.pid && child.exitCode === null) {
      const exited = new Promise((r) => child?.once("exit", r));
      process.kill(-child.pid, "SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("shows an edited lesson without a restart, and a broken one's file:line errors", async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "recall-dev-"));
    const content = path.join(dir, "content");
    cpSync(process.env.RECALL_CONTENT_DIR || "content", content, { recursive: true });
    const port = await freePort();
    child = spawn(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "scripts/start.ts", "--dev"], {
      env: { ...process.env, PORT: String(port), RECALL_DATA_DIR: path.join(dir, "data"), RECALL_CONTENT_DIR: content, DATABASE_URL: "" },
      stdio: "ignore",
      detached: true,
    });
    const url = `http://localhost:${port}/lessons/three-pillars`;
    const deadline = Date.now() + 180_000;
    for (;;) {
      const ok = await fetch(url).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() > deadline || child.exitCode !== null) throw new Error("the dev server did not start");
      await new Promise((r) => setTimeout(r, 1000));
    }
    const page = await browser().newPage();
    await page.goto(url);
    const file = path.join(content, "courses/observability/lessons/three-pillars.mdx");
    const source = readFileSync(file, "utf8");

    writeFileSync(file, source.replace(/^title: .*$/m, 'title: "Edited while the page was open"'));
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent(), { timeout: 30_000 }).toBe("Edited while the page was open");

    writeFileSync(file, source.replace('<Choice correct explanation="', '<Choice correct explanation={broken} x="'));
    await expect.poll(() => page.getByTestId("content-errors").isVisible().catch(() => false), { timeout: 30_000 }).toBe(true);
    expect(await page.getByTestId("content-errors").textContent()).toMatch(/three-pillars\.mdx:\d+:\d+/);
    await page.close();
  }, 240_000);
});
