// Bench 9 — one answer's save as the learner feels it: in Chromium (no throttling), a signed-in
// learner answers every multiple-choice question of the observability lessons in the page; the time
// from the click on the grade to the card saying "saved" (the POST /api/reviews round trip: grading
// already happened on Check) — next to the same learner's plain GET of /api/auth/session, the
// cheapest signed-in round trip through the same server, as the baseline.
import { getAppStack } from "./lib/app-stack";
import { launchChromium } from "../support/chromium";
import { ms, ratio, summarize, type LatencySummary } from "./lib/stats";



export interface BrowserSubmissionResult {
  answers: number;
  save: LatencySummary;
  baseline: LatencySummary;
  ratio: number;
}

const LESSONS = ["three-pillars", "trace-anatomy", "context-propagation", "sampling-cost-model", "head-sampling", "tail-sampling", "wide-events", "cardinality-pii-failure-modes"];

export async function browserSubmissionBench({ quick }: { quick: boolean }): Promise<BrowserSubmissionResult> {
  const stack = await getAppStack({ quick, population: false });
  // A learner of the load set who has not answered these lessons' questions in the page before.
  const learner = stack.pageLearners[stack.pageLearners.length - 1] ?? stack.loadLearners[0]!;
  const browser = await launchChromium();
  const saves: number[] = [];
  const baseline: number[] = [];
  try {
    const context = await browser.newContext({ baseURL: stack.baseURL });
    const url = new URL(stack.baseURL);
    await context.addCookies(
      learner.cookie.split("; ").map((pair) => {
        const at = pair.indexOf("=");
        return { name: pair.slice(0, at), value: pair.slice(at + 1), domain: url.hostname, path: "/" };
      }),
    );
    const page = await context.newPage();
    for (const lesson of quick ? LESSONS.slice(0, 3) : LESSONS) {
      await page.goto(`/lessons/${lesson}`);
      // Multiple-choice cards (they hold a fieldset of choices), in page order.
      const cards = page.locator("section[data-question-id][data-phase]:has(fieldset)");
      const count = await cards.count();
      for (let i = 0; i < count; i++) {
        const card = cards.nth(i);
        if ((await card.getAttribute("data-phase")) === "saved") continue;
        await card.locator("label").first().click();
        await card.getByRole("button", { name: "Check" }).click();
        await card.locator("[data-default-rating]").waitFor();
        // Timed inside the page: from the click on the grade to the card's phase turning "saved".
        const elapsed = await card.evaluate(
          (el) =>
            new Promise<number>((resolve) => {
              const started = performance.now();
              // No named inner functions: tsx would wrap them in a helper the page does not have.
              const observer = new MutationObserver(() => {
                if (el.getAttribute("data-phase") === "saved") {
                  observer.disconnect();
                  resolve(performance.now() - started);
                }
              });
              observer.observe(el, { attributes: true, attributeFilter: ["data-phase"] });
              (el.querySelector("[data-default-rating]") as HTMLElement).click();
              setTimeout(() => {
                observer.disconnect();
                resolve(Number.NaN);
              }, 15_000);
            }),
        );
        if (Number.isFinite(elapsed)) saves.push(elapsed);
      }
    }
    for (let i = 0; i < Math.max(10, saves.length); i++) {
      const t = await page.evaluate(async () => {
        const s = performance.now();
        await fetch("/api/auth/session", { cache: "no-store" }).then((r) => r.text());
        return performance.now() - s;
      });
      baseline.push(t);
    }
  } finally {
    await browser.close();
  }
  const save = summarize(saves);
  const base = summarize(baseline);
  console.log(`\n9. One answer saved, from the browser (${saves.length} multiple-choice answers in the observability lessons)`);
  console.table([
    { measure: "grade click → saved (server action)", p50: ms(save.p50Ms), p95: ms(save.p95Ms), "× baseline p50": ratio(save.p50Ms, base.p50Ms) },
    { measure: "baseline: GET /api/auth/session", p50: ms(base.p50Ms), p95: ms(base.p95Ms), "× baseline p50": "1.00" },
  ]);
  return { answers: saves.length, save, baseline: base, ratio: save.p50Ms / base.p50Ms };
}
