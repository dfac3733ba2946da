// URLs as an attacker types them, against the production build: repeated search parameters, NUL,
// broken UTF-8 and overlong ids in every page that reads its URL. Each must answer a 4xx or an
// ordinary page (an empty result), never a 500. And every HTML response carries the CSP, prefetches
// included.
import type { APIRequestContext } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { newPage, useBrowser } from "./helpers/browser";
import { signedInAs } from "./helpers/users";

const browser = useBrowser();
let anonymous: APIRequestContext;
let learner: APIRequestContext;
let author: APIRequestContext;
let instructor: APIRequestContext;

beforeAll(async () => {
  anonymous = (await newPage(browser())).request;
  [learner, author, instructor] = await Promise.all(
    (["LEARNER", "AUTHOR", "INSTRUCTOR"] as const).map(async (role) => (await signedInAs(browser(), role)).page.request),
  );
}, 120_000);

const BAD_SEGMENTS = ["%00", "a%00b", "%01%7F", "x".repeat(2000), "%E2%80%8F%0A", "%EF%BF%BD"];
// Escapes that are not UTF-8 get Next's own 500 before any page runs (vercel/next.js#92527):
// scripts/server.ts, in front of Next, answers them 400.
const UNDECODABLE = ["%ED%A0%80", "%FF", "%C0%AF", "a%E2%82", "%"];

async function statuses(request: APIRequestContext, paths: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const path of paths) out[path] = (await request.fetch(path, { maxRedirects: 0 })).status();
  return out;
}

describe("malformed URLs", () => {
  it("answers 400 or 404 for a malformed id in every page's path, never a 500", async () => {
    const cases: [APIRequestContext, string][] = [
      [anonymous, "/topics/"],
      [anonymous, "/courses/"],
      [anonymous, "/lessons/"],
      [learner, "/topics/"],
      [learner, "/lessons/"],
      [author, "/author/lessons/"],
      [author, "/author/courses/"],
      [instructor, "/instructor/cohorts/"],
    ];
    const bad: string[] = [];
    for (const [request, prefix] of cases) {
      const got = await statuses(request, BAD_SEGMENTS.map((s) => prefix + s));
      for (const [path, status] of Object.entries(got)) if (status !== 404 && status !== 400) bad.push(`${path.slice(0, 60)} → ${status}`);
    }
    expect(bad).toEqual([]);
  });

  it("answers 400 for a path whose percent-escapes are not UTF-8, on every page with an id in its path", async () => {
    const prefixes = ["/topics/", "/courses/", "/lessons/", "/join/", "/author/lessons/", "/instructor/cohorts/", "/api/me/export/"];
    const got = await statuses(learner, prefixes.flatMap((prefix) => UNDECODABLE.map((s) => prefix + s)));
    expect(Object.entries(got).filter(([, status]) => status !== 400)).toEqual([]);
    const response = await anonymous.fetch("/topics/%ED%A0%80");
    expect({ status: response.status(), type: response.headers()["content-type"], text: await response.text() }).toEqual({
      status: 400,
      type: "text/plain; charset=utf-8",
      text: expect.stringMatching(/not UTF-8/),
    });
  });

  it("answers a join link with a malformed code with a page that says so, never a 500", async () => {
    const got = await statuses(learner, BAD_SEGMENTS.map((s) => `/join/${s}`));
    const bad = Object.entries(got).filter(([, status]) => status !== 200 && status !== 404);
    expect(bad).toEqual([]);
    expect(await (await learner.fetch("/join/%00")).text()).toMatch(/No cohort has this code|Check the highlighted fields|Too many wrong join codes/);
  });

  it("answers the search page with one query however q is repeated or malformed, never a 500", async () => {
    const got = await statuses(anonymous, ["/search?q=a&q=b", "/search?q=sampling&q=%00", "/search?q=&q=", "/search?q=%00", "/search?q=%ED%A0%80", `/search?q=${"tail ".repeat(2000)}`]);
    expect(got).toEqual({
      "/search?q=a&q=b": 200,
      "/search?q=sampling&q=%00": 200,
      "/search?q=&q=": 200,
      "/search?q=%00": 404,
      "/search?q=%ED%A0%80": 200,
      [`/search?q=${"tail ".repeat(2000)}`]: 200,
    });
    // The first of repeated values is the query.
    const page = await (await anonymous.fetch("/search?q=sampling&q=zzzz")).text();
    expect(page).toMatch(/results for “sampling”/);
  });

  it("answers the review page with an empty or filtered queue for repeated or malformed filters, never a 500", async () => {
    const got = await statuses(learner, ["/review?course=a&course=b", "/review?topic=a&topic=b", "/review?course=%00", "/review?topic=%00", "/review?course=%ED%A0%80", "/review?course=observability&topic=sampling&topic=x"]);
    expect(got).toEqual({
      "/review?course=a&course=b": 200,
      "/review?topic=a&topic=b": 200,
      "/review?course=%00": 404,
      "/review?topic=%00": 404,
      "/review?course=%ED%A0%80": 200,
      "/review?course=observability&topic=sampling&topic=x": 200,
    });
  });
});

describe("Content-Security-Policy", () => {
  it("is on every HTML response, prefetches included", async () => {
    const missing: string[] = [];
    const variants: Record<string, string>[] = [{}, { purpose: "prefetch" }, { "next-router-prefetch": "1" }, { "sec-purpose": "prefetch" }, { purpose: "prefetch", "next-router-prefetch": "1" }];
    for (const headers of variants) {
      for (const path of ["/", "/courses", "/lessons/three-pillars", "/signin"]) {
        const response = await anonymous.fetch(path, { headers, maxRedirects: 0 });
        const html = (response.headers()["content-type"] ?? "").includes("text/html");
        if (html && !/script-src 'self' 'nonce-[^']+'/.test(response.headers()["content-security-policy"] ?? "")) missing.push(`${path} ${JSON.stringify(headers)}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
