// The authorization matrix: every page and route handler, as each kind of visitor, with the answer
// each must get. Server actions check the same requireUser()/requireRole() (tests/integration).
import type { APIRequestContext } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { Role } from "@/lib/db/generated/enums";
import { parseActionResponse, serverActionId } from "../load/http";
import { baseURL, newPage, useBrowser } from "./helpers/browser";
import { signedInAs } from "./helpers/users";

type Who = "anonymous" | "learner" | "author" | "instructor" | "admin";
const ALL: Who[] = ["anonymous", "learner", "author", "instructor", "admin"];
const SIGNED_IN: Who[] = ["learner", "author", "instructor", "admin"];

// 200: served; 307: redirected (to sign in, or away from sign-in when already signed in); 401/403/404.
const MATRIX: { path: string; method?: "GET" | "POST"; expect: Partial<Record<Who, number>> }[] = [
  ...["/", "/courses", "/courses/observability", "/lessons/three-pillars", "/topics", "/topics/sampling", "/search?q=sampling"].map((path) => ({
    path,
    expect: Object.fromEntries(ALL.map((w) => [w, path === "/" && w !== "anonymous" ? 307 : 200])),
  })),
  ...["/signin", "/signup"].map((path) => ({ path, expect: { anonymous: 200, ...Object.fromEntries(SIGNED_IN.map((w) => [w, 307])) } })),
  ...["/dashboard", "/review", "/settings"].map((path) => ({ path, expect: { anonymous: 307, ...Object.fromEntries(SIGNED_IN.map((w) => [w, 200])) } })),
  ...["/author", "/author/lessons/trace-anatomy", "/author/courses/observability"].map((path) => ({
    path,
    expect: { anonymous: 307, learner: 403, instructor: 403, author: 200, admin: 200 },
  })),
  ...["/api/me/export/reviews.csv", "/api/me/export/cards.json", "/api/me/export/cards.apkg"].map((path) => ({
    path,
    expect: { anonymous: 401, ...Object.fromEntries(SIGNED_IN.map((w) => [w, 200])) },
  })),
  { path: "/api/author/courses/observability/anki", expect: { anonymous: 401, learner: 403, instructor: 403, author: 200, admin: 200 } },
  { path: "/api/author/courses/no-such-course/anki", expect: { anonymous: 401, learner: 403, author: 404, admin: 404 } },
  { path: "/instructor", expect: { anonymous: 307, learner: 403, author: 403, instructor: 200, admin: 200 } },
  ...["/admin", "/admin?q=example&page=2&log=3", "/admin?q=a&q=b"].map((path) => ({ path, expect: { anonymous: 307, learner: 403, author: 403, instructor: 403, admin: 200 } })),
  { path: "/cohorts", expect: { anonymous: 307, ...Object.fromEntries(SIGNED_IN.map((w) => [w, 200])) } },
  // A cohort that is not the instructor's (here: none) is 404, as if it did not exist; to the others, 403.
  ...[
    "/instructor/cohorts/00000000-0000-4000-8000-000000000000",
    "/instructor/cohorts/not-a-uuid/learners/x",
    "/instructor/cohorts/00000000-0000-4000-8000-000000000000/learners?risk=1",
    "/instructor/cohorts/00000000-0000-4000-8000-000000000000/topics",
    "/instructor/cohorts/00000000-0000-4000-8000-000000000000/items",
    "/instructor/cohorts/00000000-0000-4000-8000-000000000000/items/three-pillars.signal-for-counting",
  ].map((path) => ({
    path,
    expect: { anonymous: 307, learner: 403, author: 403, instructor: 404, admin: 404 },
  })),
  ...["learners.csv", "items.csv", "reviews.csv"].map((kind) => ({
    path: `/api/instructor/cohorts/00000000-0000-4000-8000-000000000000/export/${kind}`,
    expect: { anonymous: 401, learner: 403, author: 403, instructor: 404, admin: 404 },
  })),
  // Names of Object.prototype's members are not exports, and the access check answers before the kind is judged.
  ...["constructor", "valueOf", "__proto__", "toString", "nothing.csv"].map((kind) => ({
    path: `/api/instructor/cohorts/00000000-0000-4000-8000-000000000000/export/${kind}`,
    expect: { anonymous: 401, learner: 403, author: 403, instructor: 404, admin: 404 },
  })),
  // Reset pages are for anyone; the local mailbox is open on the embedded default (this test's app) only.
  ...["/forgot-password", "/reset-password?token=x", "/dev/mail"].map((path) => ({ path, expect: Object.fromEntries(ALL.map((w) => [w, 200])) })),
  // Links from mails work without a session: confirming an address asks for a click, and so does unsubscribing.
  ...["/verify-email?token=x", "/unsubscribe?token=x"].map((path) => ({ path, expect: Object.fromEntries(ALL.map((w) => [w, 200])) })),
  { path: "/api/unsubscribe?token=not-a-token-anyone-was-sent", method: "POST", expect: Object.fromEntries(ALL.map((w) => [w, 404])) },
  { path: "/api/unsubscribe?token=x", expect: Object.fromEntries(ALL.map((w) => [w, 303])) },
  { path: "/lessons/no-such-lesson", expect: Object.fromEntries(ALL.map((w) => [w, 404])) },
  { path: "/api/me/export/other.txt", expect: { anonymous: 401, learner: 404 } },
];

const NO_ACCOUNT = "00000000-0000-4000-8000-000000000000";

const browser = useBrowser();
const requests = new Map<Who, APIRequestContext>();

beforeAll(async () => {
  requests.set("anonymous", (await newPage(browser())).request);
  for (const who of SIGNED_IN) requests.set(who, (await signedInAs(browser(), who.toUpperCase() as Role)).page.request);
}, 120_000);

describe("authorization matrix", () => {
  for (const row of MATRIX) {
    it(`${row.method ?? "GET"} ${row.path}`, async () => {
      const got: Partial<Record<Who, number>> = {};
      for (const who of Object.keys(row.expect) as Who[]) {
        const request = requests.get(who)!;
        const response = await request.fetch(row.path, { method: row.method ?? "GET", maxRedirects: 0 });
        got[who] = response.status();
      }
      expect(got).toEqual(row.expect);
    });
  }

  // The admin's server actions, called over HTTP as the browser calls them (React's reply encoding),
  // on an account that does not exist: an admin gets past the check to NOT_FOUND, nobody else does.
  const ADMIN_ACTIONS: { name: string; body: () => FormData | string }[] = [
    {
      name: "changeRoleAction",
      body: () => {
        const form = new FormData();
        // As React writes it: the form's fields first, then the arguments that refer to them.
        form.append("_1_role", "AUTHOR");
        form.append("0", JSON.stringify([NO_ACCOUNT, { status: "idle" }, "$K1"]));
        return form;
      },
    },
    { name: "setAccountDisabledAction", body: () => JSON.stringify([NO_ACCOUNT, "disable", { status: "idle" }]) },
  ];
  for (const action of ADMIN_ACTIONS) {
    it(`POST ${action.name} (app/admin/actions.ts)`, async () => {
      const id = serverActionId(action.name, "app/admin/actions.ts", { testBuild: true });
      const got: Partial<Record<Who, string>> = {};
      for (const who of ALL) {
        const body = action.body();
        const response = await requests.get(who)!.fetch("/courses", {
          method: "POST",
          headers: { "next-action": id, accept: "text/x-component", origin: baseURL(), ...(typeof body === "string" ? { "content-type": "text/plain;charset=UTF-8" } : {}) },
          // FormData as is: an object would put the integer-like key "0" first, ahead of the field it refers to.
          ...(typeof body === "string" ? { data: body } : { multipart: body }),
          maxRedirects: 0,
        });
        const result = parseActionResponse(await response.text()) as { status?: string; code?: string };
        got[who] = result?.code ?? result?.status ?? `HTTP ${response.status()}`;
      }
      expect(got).toEqual({ anonymous: "UNAUTHENTICATED", learner: "FORBIDDEN", author: "FORBIDDEN", instructor: "FORBIDDEN", admin: "NOT_FOUND" });
    });
  }

  it("sends anonymous visitors of a protected page to sign in and back", async () => {
    const response = await requests.get("anonymous")!.fetch("/review", { maxRedirects: 0 });
    expect(response.headers()["location"]).toMatch(/\/signin\?callbackUrl=%2Freview$/);
  });

  it("answers the test-only clock route of a test build only with a session (a real build has no such route)", async () => {
    const response = await requests.get("anonymous")!.fetch("/api/test/time-travel", { method: "POST", data: { days: 1 } });
    expect(response.status()).toBe(401);
  });
});
