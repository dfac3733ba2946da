// Single sign-on through a real OpenID Connect provider (tests/e2e/helpers/oidc-provider.ts, started
// by global-setup): the button, the provider's own login and consent pages, the callback, the session.
import { randomUUID } from "node:crypto";
import type { Locator, Page } from "playwright-core";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createPrisma, type Db } from "@/lib/db/client";
import { expectAccessible, newPage, useBrowser } from "./helpers/browser";
import { TEST_OIDC, testOidcEmail } from "./helpers/oidc-provider";
import { signedInAs } from "./helpers/users";

const browser = useBrowser();
let prisma: Db | undefined;
const database = () => (prisma ??= createPrisma(inject("databaseURL"), 2));
const logins: string[] = [];

afterAll(async () => {
  await database().user.deleteMany({ where: { email: { in: logins.map(testOidcEmail) } } });
  await prisma?.$disconnect();
});

/** Lets the page reach this machine only: the provider's pages import a web font from the internet. */
async function keepLocal(page: Page): Promise<Page> {
  await page.context().route(
    (url) => !["localhost", "127.0.0.1"].includes(url.hostname),
    (route) => route.abort(),
  );
  return page;
}

const localPage = async (): Promise<Page> => keepLocal(await newPage(browser()));

const atProvider = (url: URL) => url.hostname === "127.0.0.1";

/**
 * Clicks "Sign in with Test ID" and goes through the provider's pages as `login` (its development
 * login takes any password): the login form, then the consent page, each shown only when the
 * provider needs it (a second sign-in in the same browser has the provider's session and grant).
 * Returns once the browser is back on Recall.
 */
async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.goto("/signin");
  await throughProvider(page, login, page.getByRole("button", { name: `Sign in with ${TEST_OIDC.name}` }));
}

/** Clicks `button`, which leaves for the provider, then goes through its pages as needed until the browser is back on Recall. */
async function throughProvider(page: Page, login: string, button: Locator): Promise<void> {
  const start = page.url();
  await button.click();
  await page.waitForURL((url) => url.href !== start && (!atProvider(url) || url.pathname.startsWith("/interaction/")));
  const loginField = page.locator('input[name="login"]');
  const consent = page.getByRole("button", { name: "Continue" });
  for (let step = 0; step < 3 && atProvider(new URL(page.url())); step++) {
    const before = page.url();
    if (await loginField.isVisible()) {
      await loginField.fill(login);
      await page.locator('input[name="password"]').fill("any password");
      await page.getByRole("button", { name: "Sign-in" }).click();
    } else {
      await consent.click();
    }
    await page.waitForURL((url) => url.href !== before);
  }
  await page.waitForURL((url) => !atProvider(url));
}

describe("single sign-on with OpenID Connect", () => {
  it("offers the provider's button on an accessible sign-in page, signs a new learner in and the same user again", async () => {
    const login = `ada-${randomUUID().slice(0, 8)}`;
    logins.push(login);
    const page = await localPage();
    await page.goto("/signin");
    await expectAccessible(page);

    await signInAtProvider(page, login);
    await page.waitForURL("**/dashboard");
    expect(await page.getByTestId("current-user").textContent()).toBe(`SSO ${login}`);
    // The provider claims role ADMIN and an admins group: Recall takes neither.
    expect(await page.getByRole("link", { name: "Admin" }).count()).toBe(0);
    const user = await database().user.findUniqueOrThrow({ where: { email: testOidcEmail(login) }, select: { id: true, role: true, emailVerifiedAt: true, passwordHash: true } });
    expect(user).toMatchObject({ role: "LEARNER", passwordHash: null });
    expect(user.emailVerifiedAt).not.toBeNull();

    await page.goto("/settings");
    expect(await page.getByTestId("sign-in-methods").textContent()).toContain(TEST_OIDC.name);
    await expectAccessible(page);

    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await page.waitForURL((url) => url.pathname === "/");
    expect(await page.getByTestId("current-user").count()).toBe(0);

    await signInAtProvider(page, login);
    await page.waitForURL("**/dashboard");
    expect(await page.getByTestId("current-user").textContent()).toBe(`SSO ${login}`);
    expect(await database().user.count({ where: { email: testOidcEmail(login) } })).toBe(1);
    expect(await database().account.count({ where: { userId: user.id } })).toBe(1);
    await page.context().close();
  });

  it("links the provider to a signed-in password account from Settings, whatever the provider's email, and then signs that account in with it", async () => {
    const login = `grace-${randomUUID().slice(0, 8)}`;
    logins.push(login);
    const { page, user } = await signedInAs(browser());
    await keepLocal(page);
    await page.goto("/settings");
    await throughProvider(page, login, page.getByRole("button", { name: `Link ${TEST_OIDC.name}`, exact: true }));
    await page.waitForURL("**/settings**");
    expect(await page.getByTestId("sign-in-methods").textContent()).toContain(TEST_OIDC.name);
    expect(await page.getByRole("button", { name: `Link ${TEST_OIDC.name}`, exact: true }).count()).toBe(0);
    expect(await database().account.count({ where: { userId: user.id } })).toBe(1);

    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await page.waitForURL((url) => url.pathname === "/");
    await signInAtProvider(page, login);
    await page.waitForURL("**/dashboard");
    expect(await page.getByTestId("current-user").textContent()).toBe("Test learner");
    expect(await database().user.count({ where: { email: testOidcEmail(login) } })).toBe(0);

    // The account has a password, so the provider can go again.
    await page.goto("/settings");
    await page.getByRole("button", { name: `Unlink ${TEST_OIDC.name}` }).click();
    await page.getByRole("button", { name: `Link ${TEST_OIDC.name}`, exact: true }).waitFor();
    expect(await page.getByTestId("sign-in-methods").textContent()).not.toContain(TEST_OIDC.name);
    expect(await database().account.count({ where: { userId: user.id } })).toBe(0);
    await expectAccessible(page);
    await page.context().close();
  });

  it("refuses an email the provider does not vouch for, says why on the sign-in page and creates no account", async () => {
    const login = `unverified-${randomUUID().slice(0, 8)}`;
    logins.push(login);
    const page = await localPage();
    await signInAtProvider(page, login);
    await page.waitForURL((url) => url.pathname === "/signin");
    await expect.poll(() => page.getByRole("alert").first().textContent()).toContain("has not confirmed its email address");
    await expectAccessible(page);
    expect(await database().user.count({ where: { email: testOidcEmail(login) } })).toBe(0);
    await page.context().close();
  });
});
