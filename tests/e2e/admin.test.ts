// The admin page in a browser: find a new account, make it an instructor, disable it (its open
// session ends at once and it cannot sign in again), enable it, and read each change in the audit log.
import { describe, expect, it } from "vitest";
import { expectAccessible, newPage, signIn, signUp, uniqueEmail, useBrowser } from "./helpers/browser";
import { createTestUser } from "./helpers/users";

const browser = useBrowser();

const PASSWORD = "plum lantern orbit 42";

describe("/admin", () => {
  it("changes a role, disables and enables an account (ending its session), and logs each change", async () => {
    const person = await newPage(browser());
    const email = await signUp(person, { name: "Managed Person", email: uniqueEmail("managed"), password: PASSWORD });

    const adminUser = await createTestUser({ role: "ADMIN" });
    const admin = await newPage(browser(), { width: 390, height: 844, colorScheme: "dark" });
    await signIn(admin, adminUser.email, adminUser.password);
    await admin.goto("/admin");
    await admin.getByLabel("Find accounts by email or name").fill(email.toUpperCase());
    await admin.getByRole("button", { name: "Find" }).click();
    await admin.waitForURL(/\/admin\?q=/);
    const row = admin.locator(`tr[data-email="${email}"]`);
    await row.waitFor();
    expect(await admin.locator("tbody tr").count()).toBe(1);
    await expectAccessible(admin);

    await row.getByLabel(`Role of ${email}`, { exact: true }).selectOption("INSTRUCTOR");
    await row.getByRole("button", { name: `Change the role of ${email}` }).click();
    await expect.poll(() => row.textContent()).toContain("Role changed from learner to instructor.");
    await person.goto("/instructor");
    expect(await person.getByRole("heading", { level: 1 }).textContent()).toBeTruthy();
    expect(person.url()).toMatch(/\/instructor$/);

    await row.getByRole("button", { name: `Disable the account of ${email}` }).click();
    await expect.poll(() => row.textContent()).toContain("Account disabled; its sessions have ended.");
    const afterDisable = await person.request.fetch("/dashboard", { maxRedirects: 0 });
    expect(afterDisable.status()).toBe(307);
    expect(afterDisable.headers()["location"]).toMatch(/\/signin/);
    await person.goto("/signin");
    await person.getByLabel("Email").fill(email);
    await person.getByLabel("Password").fill(PASSWORD);
    await person.getByRole("button", { name: "Sign in", exact: true }).click();
    await person.getByText(/This account is disabled\. Ask an admin/).waitFor();

    await admin.reload();
    await admin.locator(`tr[data-email="${email}"]`).getByRole("button", { name: `Enable the account of ${email}` }).click();
    await expect.poll(() => admin.locator(`tr[data-email="${email}"]`).textContent()).toContain("Account enabled.");
    await signIn(person, email, PASSWORD);
    expect(person.url()).not.toMatch(/\/signin/);

    await admin.reload();
    const log = (await admin.getByTestId("audit-log").textContent()) ?? "";
    for (const line of [`${adminUser.email} enabled ${email}`, `${adminUser.email} disabled ${email}`, `${adminUser.email} changed the role of ${email} (learner → instructor)`]) {
      expect(log).toContain(line);
    }
    expect(log).toMatch(/UTC/);
    await expectAccessible(admin);
    await person.context().close();
    await admin.context().close();
  });
});
