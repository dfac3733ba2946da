import { describe, expect, it } from "vitest";
import { expectAccessible, newPage, signIn, signUp, uniqueEmail, useBrowser } from "./helpers/browser";

const browser = useBrowser();

describe("accounts", () => {
  it("signs up, signs out, signs in and changes a setting", async () => {
    const page = await newPage(browser());
    const email = uniqueEmail("signup");

    await page.goto("/");
    await expectAccessible(page);
    await page.getByRole("link", { name: "Start learning" }).click();
    await page.waitForURL("**/signup**");
    await expectAccessible(page);

    // Bad input: each field says what is wrong, and what was typed stays (but the password).
    await page.getByLabel("Name").fill("Ada");
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect.poll(() => page.locator("#email-error").textContent()).toContain("valid email");
    expect(await page.locator("#password-error").textContent()).toContain("at least 10 characters");
    expect(await page.getByLabel("Name").inputValue()).toBe("Ada");
    expect(await page.getByLabel("Email").inputValue()).toBe("not-an-email");
    expect(await page.getByLabel("Password").inputValue()).toBe("");
    await expectAccessible(page);

    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL("**/dashboard");
    expect(await page.getByTestId("current-user").textContent()).toBe("Ada");
    await expectAccessible(page);

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((url) => url.pathname === "/");
    expect(await page.getByTestId("current-user").count()).toBe(0);

    // A taken email is named as such.
    await page.goto("/signup");
    await page.getByLabel("Name").fill("Someone else");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("another long password");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect.poll(() => page.locator("#email-error").textContent()).toContain("already exists");

    // Wrong password: one generic message.
    await page.goto("/signin");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("wrong password!");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect.poll(() => page.getByRole("alert").first().textContent()).toContain("Wrong email or password");
    await expectAccessible(page);

    await signIn(page, email, "correct horse battery");
    await page.goto("/settings");
    await expectAccessible(page);
    await page.getByLabel("Desired retention").fill("0.99");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => page.locator("#desiredRetention-error").textContent()).toContain("0.70 to 0.97");
    await page.getByLabel("Desired retention").fill("0.85");
    await page.getByLabel("Time zone").selectOption("Asia/Tokyo");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Settings saved" }).count()).toBe(1);
    await page.reload();
    expect(await page.getByLabel("Desired retention").inputValue()).toBe("0.85");
    expect(await page.getByLabel("Time zone").inputValue()).toBe("Asia/Tokyo");
    await page.context().close();
  });

  it("signs each demo account in with the role its name says", async () => {
    for (const [email, link] of [
      ["learner@example.com", "Cohorts"],
      ["author@example.com", "Author"],
      ["instructor@example.com", "Cohorts"],
      ["admin@example.com", "Author"],
    ] as const) {
      const page = await newPage(browser());
      await signIn(page, email, "recall-demo");
      const nav = page.getByRole("navigation", { name: "Main" });
      expect(await nav.getByRole("link", { name: link }).count()).toBe(1);
      // Learners reach the cohorts they are in; instructors and admins the cohorts they run.
      expect(await nav.getByRole("link", { name: "Cohorts" }).getAttribute("href")).toBe(email.startsWith("learner") || email.startsWith("author") ? "/cohorts" : "/instructor");
      if (email.startsWith("learner")) expect(await nav.getByRole("link", { name: "Author" }).count()).toBe(0);
      await page.context().close();
    }
  });

  it("ends old sessions after 'sign out everywhere'", async () => {
    const first = await newPage(browser());
    const email = await signUp(first, { name: "Grace", email: uniqueEmail("everywhere"), password: "a long enough password" });
    const second = await newPage(browser());
    await signIn(second, email, "a long enough password");

    await first.goto("/settings");
    await first.getByRole("button", { name: "Sign out everywhere" }).click();
    await first.waitForURL("**/signin**");
    await second.goto("/settings");
    await second.waitForURL("**/signin**");
    expect(new URL(second.url()).pathname).toBe("/signin");
    await first.context().close();
    await second.context().close();
  });

  it("works on a phone-sized screen in dark mode", async () => {
    const page = await newPage(browser(), { width: 375, height: 740, colorScheme: "dark" });
    await page.goto("/");
    expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(true);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.getByRole("button", { name: "Menu" }).click();
    await expect.poll(() => page.locator("#mobile-menu").getByRole("link", { name: "Sign in" }).isVisible()).toBe(true);
    await expectAccessible(page);
    await page.getByTestId("theme-toggle").click();
    expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(false);
    await page.context().close();
  });
});
