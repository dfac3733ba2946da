// Bench 11 — which fits get kept, and were they right to be? Simulated learners (half whose memory
// follows the FSRS-6 defaults, half who remember differently) each get a history; a fit is decided
// on it by the old rule (log loss on the very history it was fitted on) and by the held-out rule
// (lib/srs/evaluate: srs-benchmark's time-series split, 1% margin). Each decision is then judged on a
// FRESH history of the same learner (another seed): the fit on the whole history against the
// defaults, by log loss there. Numbers, never assertions.
import { decideHoldout, evaluateHoldout } from "@/lib/srs/evaluate";
import { fitParameters, logLoss } from "@/lib/srs/fit";
import { DEFAULT_PARAMS } from "@/lib/srs/scheduler";
import { generateHistory } from "@/lib/srs/simulate";

const NOW = new Date("2026-01-01T00:00:00Z");

const scaled = (factors: Record<number, number>): number[] => DEFAULT_PARAMS.map((w, i) => (factors[i] === undefined ? w : w * factors[i]!));

/** The learners' true memories. */
const MEMORIES: Record<string, number[] | undefined> = {
  defaults: undefined,
  forgetful: scaled({ 0: 0.4, 1: 0.4, 2: 0.5, 3: 0.5, 8: 0.8 }),
  "very forgetful": scaled({ 0: 0.2, 1: 0.2, 2: 0.25, 3: 0.25, 8: 0.6 }),
  strong: scaled({ 0: 3, 1: 3, 2: 3, 3: 2, 8: 1.3 }),
};

export interface FitHoldoutRow {
  memory: string;
  seed: number;
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

export async function fittingHoldoutBench({ quick = false } = {}): Promise<{ rows: FitHoldoutRow[]; summary: FitHoldoutSummary[] }> {
  const seeds = quick ? [1, 2] : [1, 2, 3, 4, 5, 6];
  const rows: FitHoldoutRow[] = [];
  for (const [memory, learnerParams] of Object.entries(MEMORIES)) {
    for (const seed of seeds) {
      // Histories from about 500 to 2,000 reviews: the range where a learner first asks for a fit.
      const cards = 60 + ((seed * 37) % 5) * 25;
      const history = generateHistory({ seed, cards, days: 180, now: NOW, learnerParams });
      const fresh = generateHistory({ seed: seed + 10_000, cards: 300, days: 180, now: NOW, learnerParams });
      const fit = async (train: typeof history) => (await fitParameters(train, { minReviews: 1 })).params;
      const evaluation = await evaluateHoldout({ history, current: null, fit });
      const params = await fit(history);
      rows.push({
        memory,
        seed,
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
