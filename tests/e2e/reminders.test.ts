// Email verification and review reminders, end to end on the embedded default: the sign-up mail's
// link confirms the address, the learner turns reminders on in /settings at their own local time
// (Pacific/Chatham, +13:45 in December), their cards come due (the test moves their time on), the scheduler beside the
// server queues the reminder and the sender writes it to the local mailbox, and the one-click
// unsubscribe POST from its List-Unsubscribe header, with no session, turns reminders off.
import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { baseURL, expectAccessible, newPage, signUp, uniqueEmail, useBrowser } from "./helpers/browser";

const browser = useBrowser();
const QUESTIONS = ["context-propagation.uppercase-trace-id", "context-propagation.mask-flags", "context-propagation.deferred-decider"];

/** The newest mail to `email` with `subject` in the local mailbox, waiting for the sender to write it. */
async function mailFor(page: Page, email: string, subject: RegExp, timeoutMs = 15_000) {
  const mail = page.getByRole("region", { name: subject }).filter({ hasText: email });
  await expect
    .poll(
      async () => {
        await page.goto("/dev/mail");
        return mail.count();
      },
      { timeout: timeoutMs, interval: 1000, message: `no mail "${subject}" to ${email} at /dev/mail` },
    )
    .toBe(1);
  return mail;
}

function localClock(timezone: string, at = new Date()): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone: timezone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
}

describe("email verification and review reminders", () => {
  it("confirms the address from the sign-up mail, mails a reminder at the learner's Chatham time when cards are due, and one-click unsubscribe turns it off", async () => {
    const page = await newPage(browser(), { width: 375, colorScheme: "dark" });
    const email = await signUp(page, { name: "Rema", email: uniqueEmail("remind") });

    // Reviews work before confirming; the dashboard says what waits for it.
    const banner = page.getByRole("region", { name: "Confirm your email" });
    expect(await banner.textContent()).toContain(email);
    await expectAccessible(page);
    await page.goto("/settings");
    expect(await page.getByLabel("Email me on days with cards due").isDisabled()).toBe(true);

    const confirm = await mailFor(page, email, /Confirm your email for Recall/);
    const link = (await confirm.getByRole("link").getAttribute("href"))!;
    expect(link).toMatch(/\/verify-email\?token=[\w-]{43}$/);
    await page.goto(link);
    await expectAccessible(page);
    await page.getByRole("button", { name: "Confirm my email" }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Your email address is confirmed" }).count()).toBe(1);
    await page.goto("/dashboard");
    expect(await page.getByRole("region", { name: "Confirm your email" }).count()).toBe(0);

    // Three cards, then ten days later they are due.
    for (const questionId of QUESTIONS) {
      const answered = await page.request.post("/api/reviews", {
        data: { questionId, response: { kind: "FREE_RECALL", text: "" }, rating: 3, durationMs: 12_000, idempotencyKey: randomUUID(), sessionId: "e2e-reminders", source: "lesson", expectedVersion: null },
      });
      expect(answered.status()).toBe(201);
    }
    expect((await page.request.post("/api/test/time-travel", { data: { days: 10 } })).status()).toBe(200);

    // The learner lives on the Chatham Islands and asks for the reminder at the current minute there (+13:45 now).
    await page.goto("/settings");
    await page.getByLabel("Time zone").selectOption("Pacific/Chatham");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Settings saved" }).count()).toBe(1);
    await page.reload();
    const time = localClock("Pacific/Chatham");
    await page.getByLabel("Email me on days with cards due").check();
    await page.getByLabel("At (your local time)").fill(time);
    await page.getByRole("button", { name: "Save reminders" }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Reminders on" }).textContent()).toBe(`Reminders on: at ${time} (Pacific/Chatham) on days with cards due.`);
    await expectAccessible(page);

    // The scheduler ticks every 15 s; the sender writes the mail within a second of it being queued.
    const reminder = await mailFor(page, email, /^3 cards due, about 1 minute$/, 45_000);
    expect(await reminder.textContent()).toContain("/review");
    const header = (await reminder.getByTestId("list-unsubscribe").textContent())!;
    const url = /^<(.+)>$/.exec(header)![1];
    expect(new URL(url).pathname).toBe("/api/unsubscribe");

    // RFC 8058: the mail client POSTs List-Unsubscribe=One-Click to the header's URL, with no cookies.
    const oneClick = await fetch(new URL(new URL(url).pathname + new URL(url).search, baseURL()), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(oneClick.status).toBe(200);
    await page.goto("/settings");
    expect(await page.getByLabel("Email me on days with cards due").isChecked()).toBe(false);

    // Opening the same URL (a GET) only shows the page that asks.
    await page.goto(new URL(url).pathname + new URL(url).search);
    expect(new URL(page.url()).pathname).toBe("/unsubscribe");
    await expectAccessible(page);
    expect(await page.getByRole("button", { name: "Stop review reminders" }).count()).toBe(1);
    await page.context().close();
  }, 180_000);
});
