// Bench 2 — prediction quality, in the style of srs-benchmark: on generated histories (a learner whose
// memory differs from the FSRS defaults), log loss and RMSE(bins) of parameters fitted on the first
// 70% of cards, the FSRS-6 defaults, and SM-2's implied recall (0.9^(t / interval)), all scored on the
// held-out 30% of cards.
import { cardSequences, fitParameters, logLoss, rmseBins, type ReviewRecord } from "@/lib/srs/fit";
import { DEFAULT_PARAMS } from "@/lib/srs/scheduler";
import { generateHistory } from "@/lib/srs/simulate";

export interface PredictionRow {
  model: string;
  logLoss: number;
  rmse: number;
  reviews: number;
}

/** A learner who forgets faster than the defaults assume (initial stabilities and growth scaled). */
function forgetfulLearner(): number[] {
  const w = [...DEFAULT_PARAMS];
  for (let i = 0; i < 4; i++) w[i] = w[i] * 0.5;
  w[8] = w[8] * 0.8;
  return w;
}

function sm2Scores(history: readonly ReviewRecord[]): { logLoss: number; rmse: number } {
  let sum = 0;
  let n = 0;
  const bins = new Map<number, { p: number; y: number; n: number }>();
  for (const seq of cardSequences(history)) {
    let ease = 2.5;
    let interval = 0;
    seq.forEach((r, i) => {
      if (i > 0 && r.deltaT > 0 && interval > 0) {
        const p = Math.min(1 - 1e-6, Math.max(1e-6, Math.pow(0.9, r.deltaT / interval)));
        const y = r.rating > 1 ? 1 : 0;
        sum -= y ? Math.log(p) : Math.log(1 - p);
        n++;
        const key = Math.round(Math.log2(r.deltaT + 1));
        const b = bins.get(key) ?? { p: 0, y: 0, n: 0 };
        b.p += p;
        b.y += y;
        b.n++;
        bins.set(key, b);
      }
      if (r.rating === 1) {
        ease = Math.max(1.3, ease - 0.2);
        interval = 1;
      } else if (interval === 0) interval = r.rating === 4 ? 4 : 1;
      else if (r.rating === 2) {
        ease = Math.max(1.3, ease - 0.15);
        interval *= 1.2;
      } else if (r.rating === 3) interval *= ease;
      else {
        ease += 0.15;
        interval *= ease * 1.3;
      }
    });
  }
  let sq = 0;
  for (const b of bins.values()) sq += b.n * ((b.p - b.y) / b.n) ** 2;
  return { logLoss: sum / n, rmse: Math.sqrt(sq / n) };
}

export async function predictionBench({ quick = false } = {}): Promise<PredictionRow[]> {
  const history = generateHistory({ seed: 42, cards: quick ? 300 : 1500, days: 365, now: new Date("2026-01-01T00:00:00Z"), learnerParams: forgetfulLearner() });
  const cardIds = [...new Set(history.map((h) => h.cardId))];
  const trainIds = new Set(cardIds.slice(0, Math.floor(cardIds.length * 0.7)));
  const train = history.filter((h) => trainIds.has(h.cardId));
  const test = history.filter((h) => !trainIds.has(h.cardId));
  const { params } = await fitParameters(train, { minReviews: 100 });
  const sm2 = sm2Scores(test);
  return [
    { model: "FSRS-6, fitted on 70% of cards", logLoss: logLoss(test, params), rmse: rmseBins(test, params), reviews: test.length },
    { model: "FSRS-6, default parameters", logLoss: logLoss(test, null), rmse: rmseBins(test, null), reviews: test.length },
    { model: "SM-2 implied recall", logLoss: sm2.logLoss, rmse: sm2.rmse, reviews: test.length },
  ];
}
