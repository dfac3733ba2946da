// The admin's powers on a database of their own (a scratch database: "no admin left" must count
// every admin there is, which the shared test database, full of other files' admins, cannot show).
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditLog } from "@/lib/admin/audit";
import { changeRole } from "@/lib/admin/change-role";
import { listUsers, USERS_PAGE_SIZE } from "@/lib/admin/list-users";
import { setAccountDisabled } from "@/lib/admin/set-account-disabled";
import { authOptions, DISABLED_SIGNIN_ERROR, GENERIC_SIGNIN_ERROR } from "@/lib/auth/options";
import { hashPassword } from "@/lib/auth/password";
import { createPrisma, type Db } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { DEFAULT_MIGRATIONS_DIR } from "@/lib/db/migrations";
import { applyMigrations } from "@/lib/db/schema-engine";
import { deleteAccount } from "@/lib/learners/delete-account";
import { createScratchDatabase, createUser as createSharedUser, uniqueId } from "./helpers/db";
import { code } from "./helpers/outcome";

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let db: Db;

beforeAll(async () => {
  scratch = await createScratchDatabase("admin");
  await applyMigrations({ connectionString: scratch.url, migrationsDir: DEFAULT_MIGRATIONS_DIR });
  db = createPrisma(scratch.url, 6);
}, 120_000);
afterAll(async () => {
  await db?.$disconnect();
  await scratch?.drop();
});

async function user(role: Role = "LEARNER", extra: { name?: string; email?: string; password?: string } = {}) {
  const id = uniqueId();
  return db.user.create({
    data: { email: extra.email ?? `u-${id}@test.recall`, name: extra.name ?? `User ${id}`, role, passwordHash: extra.password ? await hashPassword(extra.password) : "factory:no-password" },
  });
}

/** Only these admins: every other admin in the scratch database is demoted first. */
async function onlyAdmins(count: number) {
  await db.user.updateMany({ where: { role: "ADMIN" }, data: { role: "LEARNER" } });
  return Promise.all(Array.from({ length: count }, () => user("ADMIN")));
}

const activeAdmins = () => db.user.count({ where: { role: "ADMIN", disabledAt: null } });

describe("finding accounts", () => {
  it("finds accounts by email or name in any case, a page at a time, for admins only", async () => {
    const [admin] = await onlyAdmins(1);
    const tag = uniqueId("zeb");
    for (let i = 0; i < USERS_PAGE_SIZE + 5; i++) await user("LEARNER", { email: `${tag}-${i}@test.recall` });
    await user("AUTHOR", { name: `Ada ${tag.toUpperCase()} Lovelace` });
    const first = await listUsers({ db, actor: admin, query: tag.toUpperCase() });
    expect(first).toMatchObject({ total: USERS_PAGE_SIZE + 6, page: 1, pages: 2 });
    expect(first.users).toHaveLength(USERS_PAGE_SIZE);
    const second = await listUsers({ db, actor: admin, query: tag, page: 2 });
    expect(second.users).toHaveLength(6);
    expect(new Set([...first.users, ...second.users].map((u) => u.id)).size).toBe(USERS_PAGE_SIZE + 6);
    expect((await listUsers({ db, actor: admin, query: "lovelace" })).users.map((u) => u.name)).toContain(`Ada ${tag.toUpperCase()} Lovelace`);
    // LIKE wildcards are text here, not patterns.
    expect((await listUsers({ db, actor: admin, query: "%" })).total).toBe(0);
    expect((await listUsers({ db, actor: admin, query: `${tag}_1` })).total).toBe(0);
    expect((await listUsers({ db, actor: admin, query: `${tag}-1` })).total).toBe(1 + 10);
    for (const role of ["LEARNER", "AUTHOR", "INSTRUCTOR"] as const) expect(await code(listUsers({ db, actor: await user(role) }))).toBe("FORBIDDEN");
  });
});

describe("changing roles", () => {
  it("changes a role and records who, when, what and from where in the audit log", async () => {
    const [admin] = await onlyAdmins(1);
    const ada = await user("LEARNER");
    const before = new Date();
    expect(await changeRole({ db, actor: admin, userId: ada.id, role: "author", address: "203.0.113.7" })).toEqual({ from: "LEARNER", to: "AUTHOR" });
    expect((await db.user.findUniqueOrThrow({ where: { id: ada.id } })).role).toBe("AUTHOR");
    const { entries } = await listAuditLog({ db, actor: admin });
    expect(entries[0]).toMatchObject({ actorEmail: admin.email, action: "role.change", targetEmail: ada.email, details: { from: "LEARNER", to: "AUTHOR" }, address: "203.0.113.7" });
    expect(entries[0]!.at.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
  });

  it("refuses non-admins (FORBIDDEN), junk roles (INVALID_INPUT) and junk ids (NOT_FOUND), changing nothing", async () => {
    const [admin] = await onlyAdmins(1);
    const ada = await user("LEARNER");
    const logBefore = await db.auditLog.count();
    for (const role of ["LEARNER", "AUTHOR", "INSTRUCTOR"] as const) expect(await code(changeRole({ db, actor: await user(role), userId: ada.id, role: "ADMIN", address: "x" }))).toBe("FORBIDDEN");
    for (const role of ["ROOT", "", null, 3, ["ADMIN"], "__proto__"]) expect(await code(changeRole({ db, actor: admin, userId: ada.id, role, address: "x" }))).toBe("INVALID_INPUT");
    for (const id of ["not-a-uuid", randomUUID(), null]) expect(await code(changeRole({ db, actor: admin, userId: id, role: "AUTHOR", address: "x" }))).toBe("NOT_FOUND");
    expect((await db.user.findUniqueOrThrow({ where: { id: ada.id } })).role).toBe("LEARNER");
    expect(await db.auditLog.count()).toBe(logBefore);
  });

  it("refuses to demote the last admin, and allows it once there is another", async () => {
    const [admin] = await onlyAdmins(1);
    expect(await code(changeRole({ db, actor: admin, userId: admin.id, role: "LEARNER", address: "x" }))).toBe("CONFLICT");
    const second = await user("ADMIN");
    expect(await code(changeRole({ db, actor: admin, userId: admin.id, role: "LEARNER", address: "x" }))).toBe("OK");
    expect(await activeAdmins()).toBe(1);
    expect(await code(changeRole({ db, actor: admin, userId: second.id, role: "LEARNER", address: "x" }))).toBe("FORBIDDEN");
  });

  it("keeps exactly one admin when two admins demote each other at once (10 tries)", async () => {
    for (let attempt = 0; attempt < 10; attempt++) {
      const [a, b] = await onlyAdmins(2);
      const outcomes = await Promise.all([
        code(changeRole({ db, actor: a!, userId: b!.id, role: "LEARNER", address: "a" })),
        code(changeRole({ db, actor: b!, userId: a!.id, role: "LEARNER", address: "b" })),
      ]);
      expect(outcomes.sort()).toEqual(["FORBIDDEN", "OK"]);
      expect(await activeAdmins()).toBe(1);
    }
  });

  it("keeps an admin who can sign in when two admins disable each other, or one demotes itself while disabling the other, at once (10 tries each)", async () => {
    for (let attempt = 0; attempt < 10; attempt++) {
      const [a, b] = await onlyAdmins(2);
      await Promise.all([
        code(setAccountDisabled({ db, actor: a!, userId: b!.id, disabled: true, address: "a" })),
        code(setAccountDisabled({ db, actor: b!, userId: a!.id, disabled: true, address: "b" })),
      ]);
      expect(await activeAdmins()).toBe(1);
      const [c, d] = await onlyAdmins(2);
      await Promise.all([
        code(changeRole({ db, actor: c!, userId: c!.id, role: "LEARNER", address: "c" })),
        code(setAccountDisabled({ db, actor: d!, userId: c!.id, disabled: false, address: "d" })),
        code(setAccountDisabled({ db, actor: c!, userId: d!.id, disabled: true, address: "c" })),
      ]);
      expect(await activeAdmins()).toBeGreaterThanOrEqual(1);
    }
  });
});

describe("disabling accounts", () => {
  it("ends the account's sessions (tokenVersion bumped), audits it, refuses oneself, and enables it again", async () => {
    const [admin] = await onlyAdmins(1);
    const ada = await user("INSTRUCTOR");
    await setAccountDisabled({ db, actor: admin, userId: ada.id, disabled: true, address: "198.51.100.4" });
    const disabled = await db.user.findUniqueOrThrow({ where: { id: ada.id } });
    expect(disabled.disabledAt).not.toBeNull();
    expect(disabled.tokenVersion).toBe(ada.tokenVersion + 1);
    expect(await code(setAccountDisabled({ db, actor: admin, userId: admin.id, disabled: true, address: "x" }))).toBe("CONFLICT");
    expect(await code(setAccountDisabled({ db, actor: ada, userId: admin.id, disabled: true, address: "x" }))).toBe("FORBIDDEN");
    await setAccountDisabled({ db, actor: admin, userId: ada.id, disabled: false, address: "198.51.100.5" });
    expect((await db.user.findUniqueOrThrow({ where: { id: ada.id } })).disabledAt).toBeNull();
    const { entries } = await listAuditLog({ db, actor: admin });
    expect(entries.slice(0, 2).map((e) => [e.action, e.targetEmail, e.address])).toEqual([
      ["account.enable", ada.email, "198.51.100.5"],
      ["account.disable", ada.email, "198.51.100.4"],
    ]);
  });

  it("refuses the sign-in of a disabled account, telling only whoever has its password", async () => {
    type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;
    const authorize = (authOptions.providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;
    const attempt = (email: string, password: string) =>
      authorize({ email, password }, { headers: { "x-recall-client-address": `10.9.${Math.floor(Math.random() * 250)}.1` } }).then(
        () => "OK",
        (e: Error) => e.message,
      );
    // authorize() reads the app's database (the shared test database), so the account is made there.
    const email = `disabled-${uniqueId()}@test.recall`;
    await createSharedUser({ email, password: "a long enough password", disabledAt: new Date() });
    expect(await attempt(email, "a long enough password")).toBe(DISABLED_SIGNIN_ERROR);
    expect(await attempt(email, "the wrong password")).toBe(GENERIC_SIGNIN_ERROR);
  });

  it("refuses to delete the last admin's account", async () => {
    const [admin] = await onlyAdmins(1);
    const withPassword = await db.user.update({ where: { id: admin!.id }, data: { passwordHash: await hashPassword("admin password 1") } });
    expect(await code(deleteAccount({ db, actor: withPassword, password: "admin password 1" }))).toBe("CONFLICT");
    await user("ADMIN");
    expect(await code(deleteAccount({ db, actor: withPassword, password: "admin password 1" }))).toBe("OK");
  });
});

describe("npm run admin -- grant", () => {
  const run = promisify(execFile);
  const tsx = path.resolve("node_modules/tsx/dist/cli.mjs");
  const cli = (...args: string[]) =>
    run(process.execPath, [tsx, "scripts/admin.ts", ...args], { env: { ...process.env, DATABASE_URL: scratch.url } }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );

  it("makes the first admin of a new deployment, audited as done from the command line", async () => {
    await db.user.updateMany({ where: { role: "ADMIN" }, data: { role: "LEARNER" } });
    const ada = await user("LEARNER");
    const granted = await cli("grant", ada.email.toUpperCase(), "admin");
    expect(granted).toMatchObject({ code: 0, stdout: expect.stringContaining(`✔ ${ada.email} is now ADMIN (was LEARNER)`) });
    expect((await db.user.findUniqueOrThrow({ where: { id: ada.id } })).role).toBe("ADMIN");
    expect(await db.auditLog.findFirst({ where: { targetUserId: ada.id }, orderBy: { id: "desc" } })).toMatchObject({ actorId: null, actorEmail: "(command line)", address: "command line", action: "role.change" });
  }, 60_000);

  it("says what is wrong: an unknown email or role exits 1, a wrong usage 2, and the last admin stays", async () => {
    const [admin] = await onlyAdmins(1);
    expect(await cli("grant", "nobody@test.recall", "ADMIN")).toMatchObject({ code: 1, stderr: expect.stringMatching(/✖ No account has the email nobody@test\.recall/) });
    expect(await cli("grant", admin!.email, "ROOT")).toMatchObject({ code: 1, stderr: expect.stringMatching(/✖ Choose a role/) });
    expect(await cli("grant", admin!.email, "LEARNER")).toMatchObject({ code: 1, stderr: expect.stringMatching(/✖ This is the last admin/) });
    expect(await cli("promote")).toMatchObject({ code: 2, stderr: expect.stringMatching(/Usage: npm run admin -- grant/) });
    expect(await activeAdmins()).toBe(1);
  }, 60_000);
});
