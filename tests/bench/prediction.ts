// Bench 2 — prediction quality in srs-benchmark's way, on the scheduling bench's populations. Each
// learner's year of history is produced by their own memory model (not FSRS's defaults; for ACT-R, not
// FSRS at all) under Anki SM-2's schedule, as most real Anki histories were. Per learner, the reviews are
// cut by a time-series split (train on everything before a block, score the block; lib/srs/evaluate.ts)
// and every model is scored on the same test reviews with the same RMSE bins:
//   FSRS-6 fitted on the earlier reviews (every split, as the app's held-out check does),
//   FSRS-6 with default parameters, SM-2's implied recall 0.9^(t / interval) (Anki's SM-2 replayed on the
//   card), and AVG, the training set's mean recall rate (srs-benchmark's constant baseline).
// Log loss, RMSE(bins) and AUC per learner, then the mean weighted by each learner's scored reviews.
import { HOLDOUT_SPLITS, timeSeriesSplit } from "@/lib/srs/evaluate";
import { fitParameters, logLossOf, predictions, rmseBinsOf, type Prediction, type ReviewRecord } from "@/lib/srs/fit";
import { DAY_MS } from "@/lib/srs/day";
import { type Rating } from "@/lib/srs/scheduler";
import { simulateStudy } from "@/lib/srs/study-sim";
import { populations } from "./lib/learners";
import { ankiSm2Policy } from "./lib/policies";

export interface PredictionRow {
  population: string;
  model: string;
  learners: number;
  reviews: number;
  logLoss: number;
  rmseBins: number;
  auc: number;
}

type Model = "FSRS-6, fitted (time-series split)" | "FSRS-6, default parameters" | "Anki SM-2 implied recall" | "AVG (mean recall of the training reviews)";
export const MODELS: readonly Model[] = ["FSRS-6, fitted (time-series split)", "FSRS-6, default parameters", "Anki SM-2 implied recall", "AVG (mean recall of the training reviews)"];

/** Area under the ROC curve by ranks (ties get their mean rank): 0.5 is chance. */
export function auc(scored: readonly Pick<Prediction, "p" | "y">[]): number {
  const positives = scored.filter((s) => s.y === 1).length;
  const negatives = scored.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  const sorted = scored.map((s) => s).sort((a, b) => a.p - b.p);
  let rankSum = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j]!.p === sorted[i]!.p) j++;
    const meanRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (sorted[k]!.y === 1) rankSum += meanRank;
    i = j;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

const key = (p: Pick<Prediction, "reviewedAt">, cardId: string) => `${cardId}@${p.reviewedAt.getTime()}`;

/**
 * SM-2's implied recall for every review FSRS scores: Anki's SM-2 replayed on the card's own ratings, the
 * probability 0.9^(elapsed / interval) (the interval SM-2 had set targets 90%), keyed by card and instant.
 */
function sm2Recall(history: readonly ReviewRecord[]): Map<string, number> {
  const out = new Map<string, number>();
  const byCard = new Map<string, ReviewRecord[]>();
  for (const r of history) (byCard.get(r.cardId) ?? byCard.set(r.cardId, []).get(r.cardId)!).push(r);
  for (const [cardId, reviews] of byCard) {
    const policy = ankiSm2Policy();
    let state = policy.start(reviews[0]!.reviewedAt.getTime());
    let lastMs = 0;
    let intervalDays = 0;
    for (const r of reviews) {
      const atMs = r.reviewedAt.getTime();
      if (intervalDays >= 1) {
        const elapsed = Math.floor(atMs / DAY_MS) - Math.floor(lastMs / DAY_MS);
        out.set(`${cardId}@${atMs}`, Math.min(1 - 1e-6, Math.max(1e-6, Math.pow(0.9, elapsed / intervalDays))));
      }
      const next = policy.next(state, r.rating, atMs);
      state = next.state;
      intervalDays = (next.dueMs - atMs) / DAY_MS;
      lastMs = atMs;
    }
  }
  return out;
}

interface Tagged extends Prediction {
  cardId: string;
}

/** `predictions` with each prediction's card id, recovered from the card's review instants. */
function taggedPredictions(history: readonly ReviewRecord[], params: readonly number[] | null): Tagged[] {
  const instants = new Map<number, string[]>();
  for (const r of history) (instants.get(r.reviewedAt.getTime()) ?? instants.set(r.reviewedAt.getTime(), []).get(r.reviewedAt.getTime())!).push(r.cardId);
  // Every review in a simulation happens at its own instant (the clock moves by the review's duration).
  return predictions(history, params).map((p) => ({ ...p, cardId: instants.get(p.reviewedAt.getTime())![0]! }));
}

async function scoreLearner(history: ReviewRecord[]): Promise<Record<Model, Tagged[]>> {
  const defaults = taggedPredictions(history, null).sort((a, b) => a.reviewedAt.getTime() - b.reviewedAt.getTime());
  const sm2 = sm2Recall(history);
  const sorted = history.slice().sort((a, b) => a.reviewedAt.getTime() - b.reviewedAt.getTime());
  const out = Object.fromEntries(MODELS.map((m) => [m, [] as Tagged[]])) as Record<Model, Tagged[]>;
  const blocks = timeSeriesSplit(defaults.length, HOLDOUT_SPLITS);
  for (const [k, block] of blocks.entries()) {
    const from = defaults[block.testStart]!.reviewedAt.getTime();
    const to = k === blocks.length - 1 ? Number.POSITIVE_INFINITY : defaults[block.testEnd]!.reviewedAt.getTime();
    const inBlock = (p: Prediction) => p.reviewedAt.getTime() >= from && p.reviewedAt.getTime() < to;
    const train = sorted.filter((r) => r.reviewedAt.getTime() < from);
    const trainScored = defaults.filter((p) => p.reviewedAt.getTime() < from);
    const { params } = await fitParameters(train, { minReviews: 1 });
    const test = defaults.filter(inBlock);
    const average = trainScored.reduce((s, p) => s + p.y, 0) / Math.max(1, trainScored.length);
    out[MODELS[0]].push(...taggedPredictions(history, params).filter(inBlock));
    out[MODELS[1]].push(...test);
    // Reviews SM-2 cannot predict (no graduated interval yet) keep the defaults' prediction, so every
    // model is scored on the same reviews.
    out[MODELS[2]].push(...test.map((p) => ({ ...p, p: sm2.get(key(p, p.cardId)) ?? p.p })));
    out[MODELS[3]].push(...test.map((p) => ({ ...p, p: Math.min(1 - 1e-6, Math.max(1e-6, average)) })));
  }
  return out;
}

export async function predictionBench({ quick = false } = {}): Promise<PredictionRow[]> {
  const learnersPerPopulation = quick ? 8 : 30;
  const cards = quick ? 150 : 300;
  const rows: PredictionRow[] = [];
  for (const pop of populations(learnersPerPopulation)) {
    const perModel = new Map<Model, { n: number; logLoss: number; rmse: number; auc: number }[]>();
    for (const learner of pop.learners) {
      const result = await simulateStudy({
        seed: learner.seed,
        cardIds: Array.from({ length: cards }, (_, i) => `c${i}`),
        days: 365,
        newCardsPerDay: 10,
        memory: learner.memory,
        policy: ankiSm2Policy(),
        skipDayProbability: 0.15,
      });
      const history: ReviewRecord[] = result.history.map((r) => ({ cardId: r.cardId, reviewedAt: r.reviewedAt, rating: r.rating as Rating }));
      const scored = await scoreLearner(history);
      for (const model of MODELS) {
        const s = scored[model];
        (perModel.get(model) ?? perModel.set(model, []).get(model)!).push({ n: s.length, logLoss: logLossOf(s), rmse: rmseBinsOf(s), auc: auc(s) });
      }
    }
    for (const model of MODELS) {
      const xs = perModel.get(model)!;
      const n = xs.reduce((a, x) => a + x.n, 0);
      const weighted = (f: (x: (typeof xs)[number]) => number) => xs.reduce((a, x) => a + (Number.isFinite(f(x)) ? f(x) * x.n : 0), 0) / n;
      rows.push({ population: pop.name, model, learners: xs.length, reviews: n, logLoss: weighted((x) => x.logLoss), rmseBins: weighted((x) => x.rmse), auc: weighted((x) => x.auc) });
    }
  }
  return rows;
}
