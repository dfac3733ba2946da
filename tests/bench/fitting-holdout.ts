// Bench 11 — which fits get kept, and were they right to be? The bench's simulated learners
// (tests/bench/lib/learners.ts: FSRS-6 spread, ACT-R, forgetful, strong) plus learners whose memory
// IS the FSRS-6 defaults (the case where any fit can only fit noise) study under our scheduler (FSRS-6
// defaults, retention 0.9, fuzz on) for 150 days, as the app would log them. On that history a fit is
// decided by the old rule (log loss on the very history it was fitted on) and by the app's rule
// (lib/srs/evaluate `chooseParameters`: srs-benchmark's time-series split, 1% margin). Each decision
// is then judged on a FRESH history of the same learner (a new deck, another seed): the fit on the
// whole history against the defaults, by log loss there. Numbers, never assertions.
import { decideHoldout, evaluateHoldout } from "@/lib/srs/evaluate";
import { fitParameters, logLoss, type ReviewRecord } from "@/lib/srs/fit";
import { hashString } from "@/lib/srs/random";
import { DEFAULT_PARAMS } from "@/lib/srs/scheduler";
import { fsrsMemory, fsrsPolicy, simulateStudy, type MemoryModel } from "@/lib/srs/study-sim";
import { populations, type Learner } from "./lib/learners";

export interface FitHoldoutRow {
  population: string;
  learner: string;
  reviews: number;
  keptInSample: boolean;
  keptHeldOut: boolean;
  heldOut: { current: number; fitted: number };
  /** Log loss on a fresh history of the same learner. */
  fresh: { defaults: number; fitted: number };
}

export interface FitHoldoutSummary {
  rule: string;
  kept: number;
  keptAndRight: number;
  rejected: number;
  rejectedButBetter: number;
  /** Mean fresh log loss of the kept fits, and of the defaults on the same learners. */
  keptFresh: { fitted: number; defaults: number };
  rejectedFresh: { fitted: number; defaults: number };
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);

function summarize(rule: string, rows: FitHoldoutRow[], kept: (r: FitHoldoutRow) => boolean): FitHoldoutSummary {
  const k = rows.filter(kept);
  const r = rows.filter((x) => !kept(x));
  const better = (x: FitHoldoutRow) => x.fresh.fitted < x.fresh.defaults;
  return {
    rule,
    kept: k.length,
    keptAndRight: k.filter(better).length,
    rejected: r.length,
    rejectedButBetter: r.filter(better).length,
    keptFresh: { fitted: mean(k.map((x) => x.fresh.fitted)), defaults: mean(k.map((x) => x.fresh.defaults)) },
    rejectedFresh: { fitted: mean(r.map((x) => x.fresh.fitted)), defaults: mean(r.map((x) => x.fresh.defaults)) },
  };
}

async function historyOf(memory: MemoryModel<unknown>, seed: number, cards: number, prefix: string): Promise<ReviewRecord[]> {
  const result = await simulateStudy({
    seed,
    cardIds: Array.from({ length: cards }, (_, i) => `${prefix}${i}`),
    days: 150,
    newCardsPerDay: Math.ceil(cards / 75),
    memory,
    policy: fsrsPolicy({ desiredRetention: 0.9, enableFuzz: true }),
    skipDayProbability: 0.2,
  });
  return result.history.map((r) => ({ cardId: r.cardId, reviewedAt: r.reviewedAt, rating: r.rating }));
}

export async function fittingHoldoutBench({ quick = false } = {}): Promise<{ rows: FitHoldoutRow[]; summary: FitHoldoutSummary[] }> {
  const perPopulation = quick ? 2 : 6;
  const defaultsLearners: Learner[] = Array.from({ length: perPopulation }, (_, i) => ({
    id: `defaults-${i}`,
    seed: hashString(`defaults-seed:${i}`),
    memory: fsrsMemory(DEFAULT_PARAMS) as MemoryModel<unknown>,
    describe: "FSRS-6 defaults",
  }));
  const groups = [{ name: "FSRS-6 defaults", learners: defaultsLearners }, ...populations(perPopulation)];
  const rows: FitHoldoutRow[] = [];
  const fit = async (train: ReviewRecord[]) => (await fitParameters(train, { minReviews: 1 })).params;
  for (const group of groups) {
    for (const [i, learner] of group.learners.entries()) {
      // Decks of 60 to 160 cards: histories of roughly 500 to 2,000 reviews, where a learner first asks for a fit.
      const cards = 60 + (i % 5) * 25;
      const history = await historyOf(learner.memory, learner.seed, cards, "c");
      const fresh = await historyOf(learner.memory, learner.seed + 1, 300, "fresh");
      const evaluation = await evaluateHoldout({ history, current: null, fit });
      const params = await fit(history);
      rows.push({
        population: group.name,
        learner: learner.id,
        reviews: history.length,
        keptInSample: logLoss(history, params) < logLoss(history, null),
        keptHeldOut: decideHoldout(evaluation).keep,
        heldOut: { current: evaluation.current.logLoss, fitted: evaluation.fitted.logLoss },
        fresh: { defaults: logLoss(fresh, null), fitted: logLoss(fresh, params) },
      });
    }
  }
  return {
    rows,
    summary: [summarize("in-sample (old)", rows, (r) => r.keptInSample), summarize("held-out, 1% margin (new)", rows, (r) => r.keptHeldOut)],
  };
}
