// The instructor's loop in a real browser: create a cohort, a new learner joins through the link
// (signing up on the way, and confirming the address from the mail) and answers questions, the instructor sees them in the table and item
// analysis, and downloads the CSV; the learner is refused the instructor's pages and exports.
import { describe, expect, it } from "vitest";
import { expectAccessible, newPage, signIn, uniqueEmail, useBrowser } from "./helpers/browser";
import { signedInAs } from "./helpers/users";

const browser = useBrowser();

describe("instructors", () => {
  it("create a cohort, see a learner who joined by link answer questions, and export the CSV", async () => {
    const { page: instructor } = await signedInAs(browser(), "INSTRUCTOR");
    await instructor.goto("/instructor");
    await expectAccessible(instructor);

    // A bad form says which field and why, and keeps what was typed.
    await instructor.getByLabel("Cohort name").fill("E2E cohort");
    await instructor.getByRole("button", { name: "Create cohort" }).click();
    await expect.poll(() => instructor.getByRole("alert").allTextContents()).toContainEqual("Choose at least one course.");
    expect(await instructor.getByLabel("Cohort name").inputValue()).toBe("E2E cohort");

    await instructor.getByRole("checkbox", { name: /Observability: traces, propagation and sampling/ }).check();
    await instructor.getByRole("button", { name: "Create cohort" }).click();
    await instructor.waitForURL("**/instructor/cohorts/*");
    const cohortUrl = new URL(instructor.url()).pathname;
    const link = await instructor.getByTestId("join-link").textContent();
    expect(link).toMatch(/\/join\/[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(await instructor.getByText("No learner has joined yet.").count()).toBe(1);
    await expectAccessible(instructor);

    // A new learner follows the link: sign up, come back, join, answer.
    const learner = await newPage(browser(), { width: 390, height: 844 });
    const email = uniqueEmail("cohort");
    await learner.goto(new URL(link!).pathname);
    await learner.waitForURL("**/signup?callbackUrl=*");
    await learner.getByLabel("Name").fill("Cohort Learner");
    await learner.getByLabel("Email").fill(email);
    await learner.getByLabel("Password").fill("spaced repetition works");
    await learner.getByRole("button", { name: "Create account" }).click();
    await learner.waitForURL("**/join/*");
    await expect.poll(() => learner.getByRole("heading", { level: 1 }).textContent()).toBe("Join E2E cohort");
    // Joining waits for a confirmed address: the page says so and the link in the sign-up mail opens it.
    expect(await learner.getByRole("button", { name: "Join this cohort" }).count()).toBe(0);
    expect(await learner.getByRole("region", { name: "Confirm your email" }).textContent()).toContain(email);
    const confirm = learner.getByRole("region", { name: "Confirm your email for Recall" }).filter({ hasText: email });
    await expect
      .poll(
        async () => {
          await learner.goto("/dev/mail");
          return confirm.count();
        },
        { timeout: 15_000, interval: 1000 },
      )
      .toBe(1);
    await learner.goto((await confirm.getByRole("link").getAttribute("href"))!);
    await learner.getByRole("button", { name: "Confirm my email" }).click();
    await expect.poll(() => learner.getByRole("status").filter({ hasText: "Your email address is confirmed" }).count()).toBe(1);
    await learner.goto(new URL(link!).pathname);
    await learner.getByRole("button", { name: "Join this cohort" }).click();
    await learner.waitForURL("**/cohorts?joined=1");
    expect(await learner.getByRole("heading", { name: "E2E cohort" }).count()).toBe(1);
    await expectAccessible(learner);

    await learner.goto("/lessons/three-pillars");
    const mc = learner.locator('[data-question-id="three-pillars.signal-for-counting"]');
    await mc.locator("label", { hasText: "request counter" }).click();
    await mc.getByRole("button", { name: "Check" }).click();
    await mc.locator("[data-default-rating]").waitFor();
    await mc.locator("[data-default-rating]").click();
    await expect.poll(() => mc.getAttribute("data-phase")).toBe("saved");

    // The learner is refused everything of the instructor's.
    for (const path of ["/instructor", cohortUrl, `${cohortUrl}/learners/00000000-0000-4000-8000-000000000000`]) {
      expect((await learner.request.fetch(path, { maxRedirects: 0 })).status()).toBe(403);
    }
    for (const kind of ["learners.csv", "items.csv", "reviews.csv"]) {
      expect((await learner.request.fetch(`/api/instructor/cohorts/${cohortUrl.split("/").pop()}/export/${kind}`)).status()).toBe(403);
    }

    // The instructor sees the learner in the learners report, opens their progress, and downloads the CSVs.
    await instructor.goto(`${cohortUrl}/learners`);
    const row = instructor.getByTestId(`learner-row-${email}`);
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain("Cohort Learner");
    expect(await row.locator("td").nth(1).textContent()).toBe("1"); // one card

    const download = instructor.waitForEvent("download");
    await instructor.getByRole("link", { name: "Download this table (learners.csv)" }).click();
    const file = await download;
    const csv = await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString("utf8"));
    expect(csv.split("\r\n")[0]).toMatch(/^name,email,joined_at,lessons_read/);
    expect(csv).toContain(email);
    const reviews = await instructor.request.fetch(`/api/instructor/cohorts/${cohortUrl.split("/").pop()}/export/reviews.csv`);
    expect(reviews.headers()["content-type"]).toBe("text/csv; charset=utf-8");
    expect(await reviews.text()).toContain("three-pillars.signal-for-counting");

    await instructor.goto(`${cohortUrl}/items`);
    expect(await instructor.getByTestId("item-three-pillars.signal-for-counting").locator("td").first().textContent()).toBe("1");

    await instructor.goto(`${cohortUrl}/learners`);
    await row.getByRole("link", { name: "Cohort Learner" }).click();
    await instructor.waitForURL("**/learners/*");
    expect(await instructor.getByRole("heading", { level: 1 }).textContent()).toBe("Cohort Learner");
    await expectAccessible(instructor);

    // Sorting by a column, from the keyboard: the sort goes into the URL.
    await instructor.goto(`${cohortUrl}/learners`);
    const header = instructor.getByRole("link", { name: /^Cards/ });
    await header.focus();
    await instructor.keyboard.press("Enter");
    await instructor.waitForURL("**/learners?sort=cards");
    await expect.poll(() => instructor.locator("th[aria-sort='descending']").textContent()).toContain("Cards");

    // Removing the learner takes them out of the table.
    await instructor.goto(cohortUrl);
    instructor.once("dialog", (d) => void d.accept());
    await instructor.getByRole("button", { name: "Remove Cohort Learner" }).click();
    await expect.poll(() => instructor.getByRole("button", { name: "Remove Cohort Learner" }).count()).toBe(0);
    await instructor.goto(`${cohortUrl}/learners`);
    expect(await instructor.getByTestId(`learner-row-${email}`).count()).toBe(0);
    await instructor.context().close();
    await learner.context().close();
  }, 180_000);

  it("show the demo cohort with learners, at-risk flags and item analysis on first start", async () => {
    const page = await newPage(browser());
    await signIn(page, "instructor@example.com", "recall-demo");
    await page.goto("/instructor");
    await page.getByRole("link", { name: /Demo cohort/ }).click();
    await page.waitForURL("**/instructor/cohorts/*");
    expect(Number(await page.getByTestId("cohort-summary").locator("dd").nth(1).textContent())).toBeGreaterThan(0);
    expect(await page.getByTestId("at-risk-list").locator("li").count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await page.getByRole("link", { name: "Learners", exact: true }).click();
    await page.waitForURL("**/learners");
    expect(await page.getByTestId("learners-table").locator("tbody tr").count()).toBeGreaterThanOrEqual(20);
    await page.getByRole("link", { name: "Topics × learners" }).click();
    await page.waitForURL("**/topics");
    expect(await page.getByTestId("topic-heatmap").locator("tbody tr").count()).toBeGreaterThanOrEqual(20);
    await page.context().close();
  }, 120_000);
});
