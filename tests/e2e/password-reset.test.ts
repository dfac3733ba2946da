// A forgotten password, end to end on the embedded default: the reset mail goes through the queue
// into the local mailbox, the learner follows its link from /dev/mail, and every old session ends.
import { describe, expect, it } from "vitest";
import { expectAccessible, newPage, signIn, signUp, uniqueEmail, useBrowser } from "./helpers/browser";

const browser = useBrowser();

describe("password reset", () => {
  it("mails a link that sets a new password once and signs the account out everywhere", async () => {
    const email = uniqueEmail("reset");
    const oldSession = await newPage(browser());
    await signUp(oldSession, { name: "Grace", email, password: "the old long password" });

    const page = await newPage(browser(), { width: 375, colorScheme: "dark" });
    await page.goto("/signin");
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await page.waitForURL("**/forgot-password");
    await expectAccessible(page);
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Send me a reset link" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain(`If an account uses ${email}`);

    // The queue's sender (beside the server) writes the mail within a second or two.
    const mail = page.getByRole("region", { name: "Reset your Recall password" }).filter({ hasText: email });
    await expect
      .poll(
        async () => {
          await page.goto("/dev/mail");
          return mail.count();
        },
        { timeout: 15_000 },
      )
      .toBe(1);
    await expectAccessible(page);
    const link = (await mail.getByRole("link").getAttribute("href"))!;
    expect(link).toMatch(/\/reset-password\?token=[\w-]{43}$/);

    await page.goto(link);
    await expectAccessible(page);
    await page.getByLabel("New password", { exact: true }).fill("a brand new passphrase");
    await page.getByLabel("New password again").fill("a brand new passphrase");
    await page.getByRole("button", { name: "Set the new password" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("Your password is changed");

    // Used once: the same link again is refused, with a way to ask for another.
    await page.goto(link);
    await page.getByLabel("New password", { exact: true }).fill("yet another passphrase");
    await page.getByLabel("New password again").fill("yet another passphrase");
    await page.getByRole("button", { name: "Set the new password" }).click();
    await expect.poll(() => page.getByRole("alert").filter({ hasText: "expired or was already used" }).count()).toBe(1);

    // The session from before the reset is over; the new password signs in.
    await oldSession.goto("/dashboard");
    expect(new URL(oldSession.url()).pathname).toBe("/signin");
    await signIn(page, email, "a brand new passphrase");
    expect(new URL(page.url()).pathname).toBe("/dashboard");
    await oldSession.context().close();
    await page.context().close();
  });

  it("answers an email with no account the same way, and mails nothing", async () => {
    const page = await newPage(browser());
    const email = uniqueEmail("nobody");
    await page.goto("/forgot-password");
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Send me a reset link" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain(`If an account uses ${email}`);
    await page.waitForTimeout(2500);
    await page.goto("/dev/mail");
    expect(await page.getByText(email).count()).toBe(0);
    await page.context().close();
  });
});
