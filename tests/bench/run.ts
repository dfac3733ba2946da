// npm run bench [-- --quick] [-- --only scheduling,prediction,fitting,content,cohort,reviews,queue,lesson,memory,submit,dashboard,fitting-holdout,reschedule,reminders]
// Prints a table per part and writes tests/bench/results/<part>.json. Numbers, never assertions.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { schedulingBench } from "./scheduling";
import { predictionBench } from "./prediction";
import { fittingBench } from "./fitting";
import { HOLDOUT_SPLITS } from "@/lib/srs/evaluate";
import { contentBench } from "./content";
import { memoryBench, reviewsBench } from "./http-load";
import { dueQueueBench } from "./due-queue";
import { lessonPageBench } from "./lesson-page";
import { closeAppStack } from "./lib/app-stack";
import { cohortBench } from "./cohort";
import { browserSubmissionBench } from "./submission-browser";
import { DASHBOARD_GOAL_MS, dashboardBench } from "./dashboard";
import { fittingHoldoutBench } from "./fitting-holdout";
import { rescheduleBench } from "./reschedule";
import { remindersBench } from "./reminders";

const quick = process.argv.includes("--quick");
const onlyArg = process.argv.indexOf("--only");
const only = onlyArg > 0 ? process.argv[onlyArg + 1].split(",") : null;
const resultsDir = path.resolve("tests/bench/results");
mkdirSync(resultsDir, { recursive: true });
const machine = { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version };

function save(part: string, data: unknown) {
  writeFileSync(path.join(resultsDir, `${part}.json`), JSON.stringify({ part, quick, at: new Date().toISOString(), machine, data }, null, 2));
}

const parts: Record<string, () => Promise<void>> = {
  async scheduling() {
    const started = Date.now();
    const report = await schedulingBench({ quick });
    const { size } = report;
    console.log(`\n1. Scheduling at equal knowledge (${size.learners} learners per population, ${size.cards} cards, ${size.newPerDay} new/day, ${size.days} days, 15% of days skipped)`);
    for (const pop of report.populations) {
      console.log(`\n   ${pop.name}: ${pop.method}; FSRS ${pop.equalKnowledge}`);
      console.table(
        report.rows
          .filter((r) => r.population === pop.name)
          .map((r) => ({
            policy: r.policy + (r.desiredRetention ? ` @ ${r.desiredRetention.toFixed(3)}` : ""),
            remembered: r.remembered.toFixed(1),
            "reviews (±95%)": `${r.reviewsPerLearner.toFixed(0)} ± ${r.reviewsCi95.toFixed(0)}`,
            "× SM-2 reviews (±95%)": `${r.reviewsVsSm2.toFixed(3)} ± ${r.reviewsVsSm2Ci95.toFixed(3)}`,
            "min / remembered (±95%)": `${r.minutesPerRemembered.toFixed(2)} ± ${r.minutesPerRememberedCi95.toFixed(2)}`,
            "× SM-2 minutes/remembered": r.minutesVsSm2.toFixed(3),
            "fits kept": r.fitsKept ?? "",
          })),
      );
    }
    console.log(`   (${((Date.now() - started) / 1000).toFixed(1)} s; goal: FSRS ≤ 0.80 × SM-2's reviews at equal knowledge on every population; Leitner and Fixed at their own knowledge)`);
    save("scheduling", report);
  },
  async prediction() {
    const started = Date.now();
    const rows = await predictionBench({ quick });
    console.log(`\n2. Prediction on later reviews (time-series split, ${HOLDOUT_SPLITS} splits per learner; histories scheduled by Anki SM-2; lower log loss and RMSE are better, higher AUC)`);
    for (const population of [...new Set(rows.map((r) => r.population))]) {
      console.log(`\n   ${population}`);
      console.table(
        rows
          .filter((r) => r.population === population)
          .map((r) => ({ model: r.model, learners: r.learners, reviews: r.reviews, "log loss": r.logLoss.toFixed(4), "RMSE (bins)": r.rmseBins.toFixed(4), AUC: r.auc.toFixed(4) })),
      );
    }
    console.log(`   (${((Date.now() - started) / 1000).toFixed(1)} s; means weighted by each learner's scored reviews. srs-benchmark, real Anki histories, log loss weighted by reviews: FSRS-6 0.3214, FSRS-6 defaults 0.3393, AVG 0.3630, Anki-SM-2 0.490, SM-2 0.547)`);
    save("prediction", rows);
  },
  async fitting() {
    const rows = await fittingBench();
    console.log("\nFitting time (fsrs-rs through the binding; one learner's history, FSRS-6 spread memory scheduled by SM-2)");
    console.table(
      rows.map((r) => ({
        reviews: r.reviews.toLocaleString("en"),
        cards: r.cards.toLocaleString("en"),
        "fit ms": r.fitMs.toFixed(0),
        "baseline: score once ms": r.scoreMs.toFixed(0),
        "× baseline": (r.fitMs / r.scoreMs).toFixed(1),
        "log loss defaults → fitted (in-sample)": `${r.logLossDefaults.toFixed(4)} → ${r.logLossFitted.toFixed(4)}`,
      })),
    );
    save("fitting", rows);
  },
  async content() {
    const r = await contentBench();
    console.log("\n6. Content build (content:check with every lesson compiled; goal ≥ 10 lessons/s cold)");
    console.table([
      {
        run: "cold (no cache)", lessons: r.lessons, seconds: r.coldSeconds.toFixed(2), "lessons/s": (r.lessons / r.coldSeconds).toFixed(1),
        goal: `≥ 10 ${r.lessons / r.coldSeconds >= 10 ? "✔" : "✖"}`, "CPU s": r.coldCpuSeconds.toFixed(2),
      },
      { run: "cached", lessons: r.lessons, seconds: r.cachedSeconds.toFixed(3), "lessons/s": (r.lessons / r.cachedSeconds).toFixed(0), goal: "", "CPU s": r.cachedCpuSeconds.toFixed(2) },
    ]);
    console.log(`   cached is ${(r.coldSeconds / r.cachedSeconds).toFixed(0)}× faster (the cold run also imports the compiler, starts the highlighter and loads its grammars)`);
    save("content", r);
  },
  // 3, 4, 5, 7: one production server and database for all four (tests/bench/lib/app-stack.ts).
  reviews: async () => save("reviews", await reviewsBench({ quick })),
  queue: async () => save("queue", await dueQueueBench({ quick })),
  lesson: async () => save("lesson", await lessonPageBench({ quick })),
  memory: async () => save("memory", await memoryBench({ quick })),
  submit: async () => save("submit", await browserSubmissionBench({ quick })),
  async dashboard() {
    const rows = await dashboardBench({ quick });
    console.log("\n10. Learner dashboard (getDashboard), one learner, median of 7 after a warm-up; baselines in the same run");
    console.table(
      rows.map((r) => ({
        "review logs": r.reviews.toLocaleString("en"),
        cards: r.cards,
        "dashboard ms": r.dashboard.medianMs.toFixed(1),
        goal: r.reviews === 200_000 ? `≤ ${DASHBOARD_GOAL_MS} ms ${r.dashboard.medianMs <= DASHBOARD_GOAL_MS ? "✔" : "✖"}` : "",
        "full scan of the log ms (before)": r.fullScan.medianMs.toFixed(1),
        "baseline count(*) ms": r.baseline.medianMs.toFixed(1),
        "× baseline": r.ratio.toFixed(2),
      })),
    );
    console.log("    each statement alone, median ms (the dashboard sends the account read, then the seven panels at once)");
    console.table(Object.fromEntries(rows.map((r) => [`${r.reviews.toLocaleString("en")} logs`, Object.fromEntries(Object.entries(r.panelsMs).map(([k, v]) => [k, v.toFixed(1)]))])));
    save("dashboard", rows);
  },
  async "fitting-holdout"() {
    const started = Date.now();
    const { rows, summary } = await fittingHoldoutBench({ quick });
    console.log(`\n11. Which fits are kept (${rows.length} simulated learners; each decision judged by log loss on a fresh history of the same learner)`);
    console.table(
      summary.map((s) => ({
        rule: s.rule,
        kept: s.kept,
        "kept and better on fresh": s.keptAndRight,
        "kept: fresh log loss fit / defaults": `${s.keptFresh.fitted.toFixed(4)} / ${s.keptFresh.defaults.toFixed(4)}`,
        rejected: s.rejected,
        "rejected but better": s.rejectedButBetter,
        "rejected: fresh log loss fit / defaults": `${s.rejectedFresh.fitted.toFixed(4)} / ${s.rejectedFresh.defaults.toFixed(4)}`,
      })),
    );
    console.log(`   (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    save("fitting-holdout", { rows, summary });
  },
  async reschedule() {
    const r = await rescheduleBench({ quick });
    console.log(`\n12. Recompute and reschedule ${r.cards.toLocaleString("en")} cards (${r.reviews.toLocaleString("en")} review logs)`);
    console.table([
      { step: "recompute memory states (replay every log)", ms: r.recomputeMs.toFixed(0) },
      { step: "reschedule preview (30 days)", ms: r.previewMs.toFixed(0) },
      { step: `reschedule (${r.moved.toLocaleString("en")} cards moved)`, ms: r.rescheduleMs.toFixed(0) },
    ]);
    save("reschedule", r);
  },
  async reminders() {
    const r = await remindersBench({ quick });
    console.log(`\n13. Review reminders: ${r.processes} server processes (scheduler ticking every ${r.tickMs / 1000} s + mail sender polling every second), a local SMTP server`);
    console.table([
      { measure: `reminder time → mail queued (${r.latency.reminders} reminders)`, p50: `${(r.queued.p50Ms / 1000).toFixed(1)} s`, p99: `${(r.queued.p99Ms / 1000).toFixed(1)} s`, max: `${(r.queued.maxMs / 1000).toFixed(1)} s` },
      { measure: `reminder time → mail accepted by SMTP (${r.latency.reminders} reminders)`, p50: `${(r.latency.p50Ms / 1000).toFixed(1)} s`, p99: `${(r.latency.p99Ms / 1000).toFixed(1)} s`, max: `${(r.latency.maxMs / 1000).toFixed(1)} s` },
    ]);
    console.table([
      {
        learners: r.throughput.learners.toLocaleString("en"),
        "all decided and queued after": `${r.throughput.decideSeconds.toFixed(1)} s`,
        "all accepted by SMTP after": `${r.throughput.seconds.toFixed(1)} s`,
        "reminders / minute": r.throughput.perMinute.toFixed(0),
      },
    ]);
    save("reminders", r);
  },
  async cohort() {
    const r = await cohortBench({ quick });
    console.log(`\n8. Cohort dashboard (getCohortDashboard, one cohort over every course, ${r.reviewsPerLearner} reviews per learner, ${r.questions} questions; median of 7 after a warm-up)`);
    console.table(
      r.sizes.map((s) => ({
        learners: s.learners.toLocaleString("en"),
        logs: s.reviews.toLocaleString("en"),
        cards: s.cards.toLocaleString("en"),
        "dashboard ms": s.dashboard.medianMs.toFixed(1),
        goal: `≤ ${s.goalMs} ms ${s.dashboard.medianMs <= s.goalMs ? "✔" : "✖"}`,
        "full scan of the log ms (before)": s.fullScan.medianMs.toFixed(1),
        "baseline count(*) ms": s.baseline.medianMs.toFixed(1),
        "× baseline": s.ratio.toFixed(1),
        statements: s.queries,
      })),
    );
    for (const s of r.sizes) {
      console.log(`   ${s.learners.toLocaleString("en")} learners: each statement in one dashboard (ms from its start) and alone (median of 7); JavaScript after the last: ${s.jsAfterMs.toFixed(1)} ms`);
      console.table(
        s.statements.map((t) => ({
          statement: t.label,
          rows: t.rows,
          "in the dashboard ms": `${t.startMs.toFixed(1)}–${t.endMs.toFixed(1)}`,
          "alone ms": t.alone.medianMs.toFixed(1),
        })),
      );
    }
    console.log(`   (built in ${r.buildSeconds.toFixed(1)} s; ${r.sizes.map((s) => `${s.atRisk} at risk and ${s.itemsJudged} items with a discrimination of ${s.learners}`).join("; ")})`);
    save("cohort", r);
  },
};

const started = Date.now();
console.log(`Recall benchmarks${quick ? " (quick)" : ""} on ${machine.cpus} × ${machine.model}, ${machine.memoryGiB} GiB, Node ${machine.node}`);
try {
  for (const [name, run] of Object.entries(parts)) if (!only || only.includes(name)) await run();
} finally {
  await closeAppStack();
}
console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(0)} s; results in tests/bench/results/`);
