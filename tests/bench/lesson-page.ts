// Bench 5 — the lesson page, next to an empty page built by the same build under the same root
// layout (app/bench-empty/page.test-route.tsx, only in a test build), both served by the production server:
// - first-load JavaScript: the gzip bytes (Resource Timing's encodedBodySize) of every script the
//   page loads until it is idle, in Chromium, for every lesson;
// - HTML time to first byte over HTTP on this machine, one request at a time (anonymous visitor);
// - LCP, CLS and INP in Chromium under mobile throttling as Lighthouse's mobile preset sets it
//   (CPU 4× slower, 150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up, 412×823 screen), from a
//   PerformanceObserver: INP over a click on a choice, the Check button and the theme toggle (the
//   empty page: the theme toggle), each a fresh browser context (cold cache), median of the runs.
import type { Browser, BrowserContext } from "playwright-core";
import { getAppStack } from "./lib/app-stack";
import { launchChromium } from "../support/chromium";
import { httpAgent, request } from "./lib/load";
import { benchPool } from "./http-load";
import { kB, ms, ratio, summarize, type LatencySummary } from "./lib/stats";

const MOBILE = { viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true };
const CPU_SLOWDOWN = 4;
const NETWORK = { offline: false, latency: 150, downloadThroughput: (1_638.4 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };

/** Collected in the page from its first script on. */
const OBSERVER = `(() => {
  const v = { lcp: 0, lcpElement: "", cls: 0, interactions: {} };
  window.__vitals = v;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) { v.lcp = e.renderTime || e.loadTime || e.startTime; v.lcpElement = e.element ? e.element.tagName + (e.element.className ? "." + String(e.element.className).split(" ")[0] : "") : ""; }
  }).observe({ type: "largest-contentful-paint", buffered: true });
  let windowValue = 0, windowStart = 0, last = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.hadRecentInput) continue;
      if (e.startTime - last > 1000 || e.startTime - windowStart > 5000) { windowValue = 0; windowStart = e.startTime; }
      windowValue += e.value; last = e.startTime; v.cls = Math.max(v.cls, windowValue);
    }
  }).observe({ type: "layout-shift", buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.interactionId) v.interactions[e.interactionId] = Math.max(v.interactions[e.interactionId] || 0, e.duration);
  }).observe({ type: "event", durationThreshold: 16, buffered: true });
})();`;

interface Vitals {
  lcpMs: number;
  lcpElement: string;
  cls: number;
  /** Longest interaction (≤ 16 ms shows as 16: event timing reports nothing shorter). */
  inpMs: number;
  interactions: number;
  ttfbMs: number;
  loadMs: number;
}

interface Scripts {
  count: number;
  gzipBytes: number;
  rawBytes: number;
  htmlGzipBytes: number;
}

async function scriptsOf(browser: Browser, url: string): Promise<Scripts> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: "networkidle" });
    const scripts = await page.evaluate(() => {
      const scripts = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).filter((r) => r.initiatorType === "script" || /\.js(\?|$)/.test(r.name));
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      return {
        failed: scripts.filter((r) => r.responseStatus !== 200).map((r) => `${r.name} (${r.responseStatus})`),
        count: scripts.length,
        gzipBytes: scripts.reduce((s, r) => s + r.encodedBodySize, 0),
        rawBytes: scripts.reduce((s, r) => s + r.decodedBodySize, 0),
        htmlGzipBytes: nav.encodedBodySize,
      };
    });
    const { failed, ...sizes } = scripts;
    if (failed.length) throw new Error(`${url} loaded scripts that failed: ${failed.join(", ")} (did another \`next build\` replace .next under the server?)`);
    return sizes;
  } finally {
    await context.close();
  }
}

async function vitalsOf(browser: Browser, url: string, interact: "lesson" | "empty"): Promise<Vitals> {
  const context: BrowserContext = await browser.newContext(MOBILE);
  try {
    await context.addInitScript(OBSERVER);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", NETWORK);
    // Chromium applies the emulated latency to a navigation before the page's time origin, so the
    // page's own timings miss the first round trip: it is measured here, from the request to the
    // response committing, and added back (LCP is counted from the request, as a user waits).
    const t0 = performance.now();
    await page.goto(url, { waitUntil: "commit", timeout: 120_000 });
    const commitMs = performance.now() - t0;
    await page.waitForLoadState("load", { timeout: 120_000 });
    await page.waitForLoadState("networkidle", { timeout: 60_000 }).catch(() => undefined);
    await page.waitForTimeout(500);
    const before = await page.evaluate(() => {
      const v = (window as unknown as { __vitals: { lcp: number; lcpElement: string } }).__vitals;
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      return { lcp: v.lcp, lcpElement: v.lcpElement, responseStart: nav.responseStart, load: nav.loadEventEnd };
    });
    const unseen = Math.max(0, commitMs - before.responseStart);
    if (interact === "lesson") {
      const choice = page.locator("[data-choice-id]").first();
      await choice.scrollIntoViewIfNeeded();
      await choice.click();
      await page.waitForTimeout(300);
      await page.getByRole("button", { name: "Check", exact: true }).first().click();
      await page.waitForTimeout(1_500);
    }
    await page.locator("header button[aria-label$='(change)']").first().click();
    await page.waitForTimeout(800);
    const after = await page.evaluate(() => {
      const v = (window as unknown as { __vitals: { cls: number; interactions: Record<string, number> } }).__vitals;
      return { cls: v.cls, interactions: Object.values(v.interactions) };
    });
    return {
      lcpMs: before.lcp + unseen,
      lcpElement: before.lcpElement,
      cls: after.cls,
      inpMs: Math.max(16, ...after.interactions),
      interactions: after.interactions.length,
      ttfbMs: commitMs,
      loadMs: before.load + unseen,
    };
  } finally {
    await context.close();
  }
}

function median(values: number[]): number {
  const s = values.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

export interface LessonPageResult {
  lessons: { lessonId: string; scripts: Scripts }[];
  empty: Scripts;
  heaviest: { lessonId: string; extraGzipBytes: number };
  median: { lessonId: string; extraGzipBytes: number };
  ttfb: { lesson: LatencySummary; empty: LatencySummary };
  vitals: { lesson: Vitals[]; empty: Vitals[]; lessonMedian: Omit<Vitals, "lcpElement">; emptyMedian: Omit<Vitals, "lcpElement"> };
  throttling: { cpuSlowdown: number; network: typeof NETWORK; viewport: typeof MOBILE };
}

export async function lessonPageBench({ quick }: { quick: boolean }): Promise<LessonPageResult> {
  const stack = await getAppStack({ quick, population: false });
  const pool = benchPool(stack.databaseUrl, 1);
  const { rows } = await pool.query<{ id: string }>(`SELECT l."id" FROM "Lesson" l JOIN "Course" c ON c."id" = l."courseId" WHERE l."retiredAt" IS NULL ORDER BY c."position", l."position"`);
  await pool.end();
  const emptyUrl = new URL("/bench-empty", stack.baseURL).href;
  const browser = await launchChromium();
  try {
    // Every page once first, so that no measurement pays for a first render on the server.
    for (const id of rows.map((r) => r.id)) await scriptsOf(browser, new URL(`/lessons/${id}`, stack.baseURL).href);
    const empty = await scriptsOf(browser, emptyUrl);
    const lessons: LessonPageResult["lessons"] = [];
    for (const { id } of rows) lessons.push({ lessonId: id, scripts: await scriptsOf(browser, new URL(`/lessons/${id}`, stack.baseURL).href) });
    const byWeight = lessons.slice().sort((a, b) => a.scripts.gzipBytes - b.scripts.gzipBytes);
    const heaviest = byWeight[byWeight.length - 1]!;
    const typical = byWeight[Math.floor(byWeight.length / 2)]!;
    const lessonUrl = new URL(`/lessons/${heaviest.lessonId}`, stack.baseURL).href;

    const agent = httpAgent(1);
    const lessonTtfb: number[] = [];
    const emptyTtfb: number[] = [];
    const rounds = quick ? 10 : 40;
    for (let i = -3; i < rounds; i++) {
      for (const [url, out] of [[lessonUrl, lessonTtfb], [emptyUrl, emptyTtfb]] as const) {
        const res = await request(agent, new URL(url), { headers: { "accept-encoding": "gzip" } });
        if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
        if (i >= 0) out.push(res.ttfbMs);
      }
    }
    agent.destroy();

    const runs = quick ? 1 : 3;
    const lessonVitals: Vitals[] = [];
    const emptyVitals: Vitals[] = [];
    for (let i = 0; i < runs; i++) {
      lessonVitals.push(await vitalsOf(browser, lessonUrl, "lesson"));
      emptyVitals.push(await vitalsOf(browser, emptyUrl, "empty"));
    }
    const med = (list: Vitals[]) => ({
      lcpMs: median(list.map((v) => v.lcpMs)),
      cls: median(list.map((v) => v.cls)),
      inpMs: median(list.map((v) => v.inpMs)),
      interactions: median(list.map((v) => v.interactions)),
      ttfbMs: median(list.map((v) => v.ttfbMs)),
      loadMs: median(list.map((v) => v.loadMs)),
    });
    const result: LessonPageResult = {
      lessons,
      empty,
      heaviest: { lessonId: heaviest.lessonId, extraGzipBytes: heaviest.scripts.gzipBytes - empty.gzipBytes },
      median: { lessonId: typical.lessonId, extraGzipBytes: typical.scripts.gzipBytes - empty.gzipBytes },
      ttfb: { lesson: summarize(lessonTtfb), empty: summarize(emptyTtfb) },
      vitals: { lesson: lessonVitals, empty: emptyVitals, lessonMedian: med(lessonVitals), emptyMedian: med(emptyVitals) },
      throttling: { cpuSlowdown: CPU_SLOWDOWN, network: NETWORK, viewport: MOBILE },
    };
    print(result, runs);
    return result;
  } finally {
    await browser.close();
  }
}

function print(r: LessonPageResult, runs: number) {
  const sizes = r.lessons.map((l) => l.scripts.gzipBytes);
  console.log(`\n5. Lesson page vs an empty page of the same build (/bench-empty, same layout); first-load JS of all ${r.lessons.length} lessons: ${kB(Math.min(...sizes))}–${kB(Math.max(...sizes))} kB gzip`);
  const rows = (r.median.lessonId === r.heaviest.lessonId ? [["lesson (median = heaviest)", r.heaviest]] : [["median lesson", r.median], ["heaviest lesson", r.heaviest]]) as [string, LessonPageResult["heaviest"]][];
  console.table([
    { page: "empty page", scripts: r.empty.count, "JS gzip kB": kB(r.empty.gzipBytes), "JS raw kB": kB(r.empty.rawBytes), "+ over empty kB": "0.0", "HTML gzip kB": kB(r.empty.htmlGzipBytes) },
    ...rows.map(([label, which]) => {
      const s = r.lessons.find((l) => l.lessonId === which.lessonId)!.scripts;
      return { page: `${label}: ${which.lessonId}`, scripts: s.count, "JS gzip kB": kB(s.gzipBytes), "JS raw kB": kB(s.rawBytes), "+ over empty kB": kB(which.extraGzipBytes), "HTML gzip kB": kB(s.htmlGzipBytes) };
    }),
  ]);
  const v = r.vitals;
  console.log(`   heaviest lesson vs empty page; TTFB over HTTP here, one request at a time (${r.ttfb.lesson.count} each); vitals in Chromium, mobile throttling, median of ${runs}:`);
  console.table([
    { measure: "TTFB p50 ms (HTTP, no throttling)", lesson: ms(r.ttfb.lesson.p50Ms, 1), empty: ms(r.ttfb.empty.p50Ms, 1), "lesson ÷ empty": ratio(r.ttfb.lesson.p50Ms, r.ttfb.empty.p50Ms) },
    { measure: "TTFB p95 ms (HTTP, no throttling)", lesson: ms(r.ttfb.lesson.p95Ms, 1), empty: ms(r.ttfb.empty.p95Ms, 1), "lesson ÷ empty": ratio(r.ttfb.lesson.p95Ms, r.ttfb.empty.p95Ms) },
    { measure: "TTFB ms (throttled: request → commit)", lesson: ms(v.lessonMedian.ttfbMs, 0), empty: ms(v.emptyMedian.ttfbMs, 0), "lesson ÷ empty": ratio(v.lessonMedian.ttfbMs, v.emptyMedian.ttfbMs) },
    { measure: "LCP ms (from the request)", lesson: ms(v.lessonMedian.lcpMs, 0), empty: ms(v.emptyMedian.lcpMs, 0), "lesson ÷ empty": ratio(v.lessonMedian.lcpMs, v.emptyMedian.lcpMs) },
    { measure: "CLS", lesson: v.lessonMedian.cls.toFixed(3), empty: v.emptyMedian.cls.toFixed(3), "lesson ÷ empty": "" },
    { measure: "INP ms (16 = under 16)", lesson: ms(v.lessonMedian.inpMs, 0), empty: ms(v.emptyMedian.inpMs, 0), "lesson ÷ empty": ratio(v.lessonMedian.inpMs, v.emptyMedian.inpMs) },
    { measure: "load event ms (from the request)", lesson: ms(v.lessonMedian.loadMs, 0), empty: ms(v.emptyMedian.loadMs, 0), "lesson ÷ empty": ratio(v.lessonMedian.loadMs, v.emptyMedian.loadMs) },
  ]);
  console.log(`   LCP element: lesson ${v.lesson[0]?.lcpElement || "?"}, empty ${v.empty[0]?.lcpElement || "?"}`);
  console.log("   (goals: first-load JS ≤ empty + 15 kB gzip; LCP ≤ 1.5 s throttled; CLS ≤ 0.05; TTFB ≤ 50 ms)");
}
