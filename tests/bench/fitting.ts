// Bench — fitting time: fsrs-rs (through the optimiser binding) on 1k, 10k and 100k reviews of a
// generated learner (FSRS-6 memory with spread parameters, scheduled by Anki SM-2, so neither the data
// nor the schedule is the fitted model's own), next to the baseline of scoring the same history once
// with the defaults (the replay every fit decision needs anyway).
import { canFitParameters, fitParameters, logLoss, type ReviewRecord } from "@/lib/srs/fit";
import { hashString, mulberry32 } from "@/lib/srs/random";
import { fsrsMemory, simulateStudy } from "@/lib/srs/study-sim";
import { spreadParams } from "./lib/learners";
import { ankiSm2Policy } from "./lib/policies";

export interface FittingRow {
  reviews: number;
  cards: number;
  fitMs: number;
  scoreMs: number;
  logLossDefaults: number;
  logLossFitted: number;
}

async function historyOf(reviews: number): Promise<{ history: ReviewRecord[]; cards: number }> {
  // About 9 reviews per card in a year under SM-2 for this learner; the deck is sized to reach `reviews`.
  const cards = Math.ceil(reviews / 9);
  const params = spreadParams(mulberry32(hashString(`fitting:${reviews}`)));
  const result = await simulateStudy({
    seed: hashString(`fitting-seed:${reviews}`),
    cardIds: Array.from({ length: cards }, (_, i) => `c${i}`),
    days: 365,
    newCardsPerDay: Math.ceil(cards / 180),
    memory: fsrsMemory(params),
    policy: ankiSm2Policy(),
  });
  const history = result.history.slice(0, reviews).map((r) => ({ cardId: r.cardId, reviewedAt: r.reviewedAt, rating: r.rating }));
  return { history, cards: new Set(history.map((h) => h.cardId)).size };
}

/** The same sizes with or without --quick: the largest fit takes a few seconds. */
export async function fittingBench(): Promise<FittingRow[]> {
  if (!canFitParameters()) throw new Error("The FSRS optimiser cannot load on this machine: fitting cannot be measured.");
  const sizes = [1_000, 10_000, 100_000];
  const rows: FittingRow[] = [];
  for (const size of sizes) {
    const { history, cards } = await historyOf(size);
    const scoring = performance.now();
    const before = logLoss(history, null);
    const scoreMs = performance.now() - scoring;
    const fitting = performance.now();
    const { params } = await fitParameters(history);
    const fitMs = performance.now() - fitting;
    rows.push({ reviews: history.length, cards, fitMs, scoreMs, logLossDefaults: before, logLossFitted: logLoss(history, params) });
  }
  return rows;
}
