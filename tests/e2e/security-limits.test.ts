// Issue 13 over HTTP, against the production server: limits under simultaneous requests, callback
// URLs that leave the site, sign-out staying on the browser's host, revoked sessions, weak passwords.
// The suite's server trusts one proxy (TRUST_PROXY=1, global-setup): the client address is the
// rightmost X-Forwarded-For entry, or the socket's when there is none.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpLearner, serverActionId } from "../load/http";
import { baseURL, launch, newPage, signIn, uniqueEmail } from "./helpers/browser";

const PASSWORD = "quiet harbour lantern";
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const randomAddress = () => `198.51.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

async function account(): Promise<string> {
  const email = uniqueEmail("sec");
  const http = new HttpLearner(baseURL(), randomAddress());
  expect(await http.signUp(serverActionId("signUpAction", "app/signup/actions.ts", { testBuild: true }), { name: "Sec Learner", email, password: PASSWORD })).toEqual({ ok: true });
  return email;
}

/** One POST /api/auth/callback/credentials; the error next-auth puts in the returned URL, or "signed in". */
async function credentials(http: HttpLearner, csrfToken: string, email: string, password: string): Promise<string> {
  const res = await http.request("/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: baseURL() },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }).toString(),
  });
  const { url } = (await res.json()) as { url: string };
  return new URL(url).searchParams.get("error") ?? "signed in";
}

describe("limits under simultaneous requests", () => {
  it("evaluates a handful of 150 simultaneous sign-ins at one account (149 wrong, then the right one), not all of them", async () => {
    const email = await account();
    const http = new HttpLearner(baseURL(), randomAddress());
    const { csrfToken } = (await (await http.request("/api/auth/csrf")).json()) as { csrfToken: string };
    const passwords = [...Array.from({ length: 149 }, (_, i) => `wrong guess number ${i}`), PASSWORD];
    const results = await Promise.all(passwords.map((p) => credentials(http, csrfToken, email, p)));
    const evaluated = results.filter((r) => !r.startsWith("Too many failed sign-ins")).length;
    console.log(`HTTP sign-in, one account: ${evaluated} of ${passwords.length} evaluated; the right password: ${results.at(-1)}`);
    // 5 free attempts, then one every 2 s, 4 s, …: a burst that takes a few seconds gets one or two more.
    expect(evaluated).toBeGreaterThanOrEqual(5);
    expect(evaluated).toBeLessThanOrEqual(7);
  }, 120_000);

  it("counts sign-ups by the address the trusted proxy saw, not by what the client wrote on the left of X-Forwarded-For", async () => {
    const proxySaw = randomAddress();
    const actionId = serverActionId("signUpAction", "app/signup/actions.ts", { testBuild: true });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => new HttpLearner(baseURL(), `203.0.113.${i}, ${proxySaw}`).signUp(actionId, { name: "Forged Hop", email: uniqueEmail(`forged${i}`), password: PASSWORD })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(results.filter((r) => !r.ok).every((r) => /Too many sign-ups/.test(r.message ?? ""))).toBe(true);
  }, 120_000);
});

describe("callback URLs", () => {
  for (const [page, raw] of [
    ["signin", "/%09/evil.test"],
    ["signin", "/%09%5Cevil.test"],
    ["signup", "/%09/evil.test"],
    ["signup", "/%09%5Cevil.test"],
  ] as const) {
    it(`stays on the site after /${page}?callbackUrl=${raw}`, async () => {
      // Its own address: browser sign-ups of the whole suite would otherwise share 127.0.0.1's budget.
      const context = await browser.newContext({ baseURL: baseURL(), extraHTTPHeaders: { "x-forwarded-for": randomAddress() } });
      const tab = await context.newPage();
      const email = page === "signin" ? await account() : uniqueEmail("cb");
      await tab.goto(`/${page}?callbackUrl=${raw}`);
      if (page === "signup") await tab.getByLabel("Name").fill("Callback Tester");
      await tab.getByLabel("Email").fill(email);
      await tab.getByLabel("Password").fill(PASSWORD);
      await tab.getByRole("button", { name: page === "signin" ? "Sign in" : "Create account", exact: true }).click();
      await tab.waitForURL((url) => !url.pathname.startsWith(`/${page}`));
      expect(new URL(tab.url()).origin).toBe(new URL(baseURL()).origin);
      expect(new URL(tab.url()).pathname).toBe("/dashboard");
      await context.close();
    });
  }

  it("answers a repeated callbackUrl with the page, not a 500", async () => {
    const res = await fetch(`${baseURL()}/signin?callbackUrl=/a&callbackUrl=/b`);
    expect(res.status).toBe(200);
  });

  it("signs out to the host the browser is on (127.0.0.1, while NEXTAUTH_URL says localhost)", async () => {
    const email = await account();
    const loopback = baseURL().replace("localhost", "127.0.0.1");
    const context = await browser.newContext({ baseURL: loopback });
    const tab = await context.newPage();
    await signIn(tab, email, PASSWORD);
    await tab.getByRole("button", { name: "Sign out" }).click();
    await tab.waitForURL((url) => url.pathname === "/");
    expect(new URL(tab.url()).origin).toBe(new URL(loopback).origin);
    await context.close();
  });
});

describe("revoked sessions", () => {
  it("gives an old cookie no session and no fresh cookie after 'sign out everywhere'", async () => {
    const email = await account();
    const old = new HttpLearner(baseURL(), randomAddress());
    expect(await old.signIn(email, PASSWORD)).toBe(true);
    const before = (await (await old.request("/api/auth/session")).json()) as { user?: { email?: string } };
    expect(before.user?.email).toBe(email);
    const oldCookie = old.cookieHeader;

    const tab = await newPage(browser);
    await signIn(tab, email, PASSWORD);
    await tab.goto("/settings");
    await tab.getByRole("button", { name: /sign out everywhere/i }).click();
    await tab.waitForURL("**/signin**");

    const res = await fetch(`${baseURL()}/api/auth/session`, { headers: { cookie: oldCookie } });
    expect(await res.json()).toEqual({});
    const renewed = res.headers.getSetCookie().filter((c) => /session-token=[^;]+/.test(c) && !/max-age=0|expires=thu, 01 jan 1970/i.test(c));
    expect(renewed).toEqual([]);
    await tab.context().close();
  });
});

describe("password policy", () => {
  it("refuses aaaaaaaaaa and the email as a password at sign-up, saying why", async () => {
    const tab = await newPage(browser);
    const email = uniqueEmail("weak");
    await tab.goto("/signup");
    await tab.getByLabel("Name").fill("Weak Password");
    await tab.getByLabel("Email").fill(email);
    for (const [password, why] of [["aaaaaaaaaa", "Repeated characters"], [email, "Leave your name and email out"]] as const) {
      await tab.getByLabel("Password").fill(password);
      await tab.getByRole("button", { name: "Create account" }).click();
      await expect.poll(() => tab.locator("#password-error").textContent()).toContain(why);
    }
    await tab.context().close();
  });
});
