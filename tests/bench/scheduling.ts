// Bench 1 — scheduling quality on learners the scheduler does not know. Four populations (lib/learners.ts:
// FSRS-6 with a wide per-learner spread, ACT-R, forgetful, strong), each learner studying a deck for a
// year under every policy with the same days off, session times and recall draws. Our FSRS starts from
// the defaults and fits the learner's own history as the app does; Anki SM-2, uncapped Leitner and a
// fixed expanding schedule are the baselines. FSRS's desired retention is tuned per population until the
// cards remembered at day 365 match SM-2's within 0.5%: then reviews and minutes per remembered card
// compare equal outcomes.
import { chooseParameters } from "@/lib/srs/evaluate";
import { UTC_MIDNIGHT_DAYS } from "@/lib/srs/day";
import { fitParameters, MIN_REVIEWS_FOR_FIT, type ReviewRecord } from "@/lib/srs/fit";
import { reviewCard, newCard, type SchedulerOptions, type SrsCard } from "@/lib/srs/scheduler";
import type { DayOptions } from "@/lib/srs/day";
import { replayMemory } from "@/lib/srs/replay";
import { simulateStudy, type Policy, type SimReview, type StudyResult } from "@/lib/srs/study-sim";
import { populations, type Learner, type Population } from "./lib/learners";
import { ankiSm2Policy, fixedSchedulePolicy, leitnerPolicy } from "./lib/policies";

export interface BenchSize {
  learners: number;
  days: number;
  cards: number;
  newPerDay: number;
  /** Days on which the FSRS policy tries to fit the learner's history (when it has enough reviews). */
  fitDays: readonly number[];
}

export const FULL_SIZE: BenchSize = { learners: 30, days: 365, cards: 200, newPerDay: 10, fitDays: [90, 240] };
/** Ten learners a population and one fit: the held-out fit rule costs about 3.5 fits each time. */
export const QUICK_SIZE: BenchSize = { learners: 10, days: 365, cards: 100, newPerDay: 10, fitDays: [120] };

const SKIP_DAY_PROBABILITY = 0.15;

/**
 * The decision the app makes when a learner asks to fit: keep the fit only if the learner's own rule
 * says so. Injected so that the bench runs exactly the rule lib/learners applies.
 */
export type FitRule = (history: readonly ReviewRecord[], current: readonly number[] | null) => Promise<readonly number[] | null>;

export const appFitRule: FitRule = async (history, current) => {
  const fit = async (train: ReviewRecord[]) => (await fitParameters(train, { minReviews: 1 })).params;
  const { params } = await chooseParameters({ history, current, fit });
  return params ?? current;
};

/** The simulated learner lives at UTC with the day starting at midnight. */
const SIM_DAYS: DayOptions = { timezone: "UTC", dayStartHour: 0 };

/** The card with its memory state recomputed from its reviews under `params` (lib/srs/replay, as the app does). */
function replayCard(card: SrsCard, reviews: readonly SimReview[], params: readonly number[] | null): SrsCard {
  const { after } = replayMemory({ reviews, params, dayOptions: SIM_DAYS });
  return after ? { ...card, stability: after.stability, difficulty: after.difficulty } : card;
}

/**
 * Our scheduler as the app runs it: FSRS-6 defaults, fuzz on, the learner's desired retention; on the
 * fit days, if the history is long enough, the app's fit rule decides and kept parameters recompute
 * every card's memory state by replaying its reviews (due dates stay until the learner reschedules).
 */
export function fsrsAppPolicy(desiredRetention: number, size: BenchSize, fitRule: FitRule): Policy<SrsCard> & { fits: { day: number; kept: boolean }[] } {
  let options: SchedulerOptions = { desiredRetention, enableFuzz: true, params: null, day: UTC_MIDNIGHT_DAYS };
  const fits: { day: number; kept: boolean }[] = [];
  return {
    name: `FSRS-6 (ours, fitting) @ ${desiredRetention.toFixed(3)}`,
    fits,
    start: (atMs) => newCard(new Date(atMs)),
    next(card, rating, atMs) {
      const after = reviewCard({ card, rating, now: new Date(atMs), options }).card;
      return { state: after, dueMs: after.due.getTime() };
    },
    async onDay(day, history, cards) {
      if (!size.fitDays.includes(day) || history.length < MIN_REVIEWS_FOR_FIT) return;
      const current = options.params ?? null;
      const chosen = await fitRule(history, current);
      const kept = chosen !== current;
      fits.push({ day, kept });
      if (!kept) return;
      options = { ...options, params: chosen };
      const byCard = new Map<string, SimReview[]>();
      for (const r of history) (byCard.get(r.cardId) ?? byCard.set(r.cardId, []).get(r.cardId)!).push(r);
      const replayed = new Map<string, SrsCard>();
      for (const [id, state] of cards) {
        const reviews = byCard.get(id);
        replayed.set(id, reviews?.length ? replayCard(state, reviews, chosen) : state);
      }
      return replayed;
    },
  };
}

interface LearnerRun {
  learner: string;
  reviews: number;
  minutes: number;
  remembered: number;
}

export interface PolicyRow {
  population: string;
  policy: string;
  desiredRetention?: number;
  learners: number;
  remembered: number;
  reviewsPerLearner: number;
  reviewsCi95: number;
  minutesPerRemembered: number;
  minutesPerRememberedCi95: number;
  /** Per-learner ratio of reviews to SM-2's, mean and 95% half-width (paired by learner). */
  reviewsVsSm2: number;
  reviewsVsSm2Ci95: number;
  minutesVsSm2: number;
  fitsKept?: string;
}

export interface SchedulingReport {
  size: BenchSize;
  rows: PolicyRow[];
  populations: { name: string; method: string; equalKnowledge: string }[];
}

async function runLearner(learner: Learner, policy: Policy<unknown>, size: BenchSize): Promise<StudyResult> {
  return simulateStudy({
    seed: learner.seed,
    cardIds: Array.from({ length: size.cards }, (_, i) => `c${i}`),
    days: size.days,
    newCardsPerDay: size.newPerDay,
    memory: learner.memory,
    policy,
    skipDayProbability: SKIP_DAY_PROBABILITY,
  });
}

async function runPopulation(pop: Population, makePolicy: () => Policy<unknown>, size: BenchSize): Promise<{ runs: LearnerRun[]; policies: Policy<unknown>[] }> {
  const runs: LearnerRun[] = [];
  const policies: Policy<unknown>[] = [];
  for (const learner of pop.learners) {
    const policy = makePolicy();
    policies.push(policy);
    const r = await runLearner(learner, policy, size);
    runs.push({ learner: learner.id, reviews: r.reviews, minutes: r.seconds / 60, remembered: r.rememberedAtEnd });
  }
  return { runs, policies };
}

function meanCi(xs: readonly number[]): { mean: number; ci95: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, ci95: Number.NaN };
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  // t quantile for 29 degrees of freedom is 2.045; 1.96 + a small-sample allowance is close for n ≥ 10.
  const t = n >= 30 ? 2.045 : n >= 10 ? 2.26 : 2.78;
  return { mean, ci95: (t * Math.sqrt(variance)) / Math.sqrt(n) };
}

const total = (runs: readonly LearnerRun[], key: keyof Omit<LearnerRun, "learner">) => runs.reduce((s, r) => s + r[key], 0);

function row(population: string, policy: string, runs: LearnerRun[], sm2: LearnerRun[], extra: Partial<PolicyRow> = {}): PolicyRow {
  const reviews = meanCi(runs.map((r) => r.reviews));
  const perRemembered = meanCi(runs.map((r) => r.minutes / r.remembered));
  const ratio = meanCi(runs.map((r, i) => r.reviews / sm2[i]!.reviews));
  const minutesRatio = total(runs, "minutes") / total(runs, "remembered") / (total(sm2, "minutes") / total(sm2, "remembered"));
  return {
    population,
    policy,
    learners: runs.length,
    remembered: total(runs, "remembered") / runs.length,
    reviewsPerLearner: reviews.mean,
    reviewsCi95: reviews.ci95,
    minutesPerRemembered: perRemembered.mean,
    minutesPerRememberedCi95: perRemembered.ci95,
    reviewsVsSm2: ratio.mean,
    reviewsVsSm2Ci95: ratio.ci95,
    minutesVsSm2: minutesRatio,
    ...extra,
  };
}

/**
 * Desired retention at which FSRS remembers as much as SM-2 (within `tolerance`, relative). Remembered
 * cards grow with the retention target, so a bracketing search over [0.70, 0.97] (regula falsi, Illinois
 * variant) finds it in a few runs. Returns the closest run, flagged, if the ends do not bracket SM-2.
 */
async function tuneToEqualKnowledge(
  pop: Population,
  size: BenchSize,
  target: number,
  fitRule: FitRule,
  tolerance = 0.005,
  log?: (line: string) => void,
): Promise<{ retention: number; runs: LearnerRun[]; policies: Policy<unknown>[]; matched: boolean }> {
  type Point = { retention: number; gap: number; runs: LearnerRun[]; policies: Policy<unknown>[] };
  let best: Point | undefined;
  const evaluate = async (retention: number): Promise<Point> => {
    const result = await runPopulation(pop, () => fsrsAppPolicy(retention, size, fitRule) as Policy<unknown>, size);
    const remembered = total(result.runs, "remembered") / result.runs.length;
    const gap = (remembered - target) / target;
    log?.(`   ${pop.name}: FSRS @ ${retention.toFixed(4)} remembers ${remembered.toFixed(1)} vs SM-2 ${target.toFixed(1)} (${gap >= 0 ? "+" : ""}${(gap * 100).toFixed(2)}%)`);
    const point = { retention, gap, ...result };
    if (!best || Math.abs(gap) < Math.abs(best.gap)) best = point;
    return point;
  };
  const done = () => ({ retention: best!.retention, runs: best!.runs, policies: best!.policies, matched: Math.abs(best!.gap) <= tolerance });
  const first = await evaluate(0.9);
  if (Math.abs(first.gap) <= tolerance) return done();
  let lo = first.gap < 0 ? first : await evaluate(0.7);
  let hi = first.gap < 0 ? await evaluate(0.97) : first;
  if (lo.gap > 0 || hi.gap < 0) return done();
  // Illinois: when the same end moves twice running, the other end's weight is halved, so the search
  // cannot creep towards the answer from one side only.
  let loWeight = lo.gap;
  let hiWeight = hi.gap;
  let lastMoved: "lo" | "hi" | null = null;
  for (let iteration = 0; iteration < 8 && Math.abs(best!.gap) > tolerance; iteration++) {
    const retention = lo.retention + ((hi.retention - lo.retention) * -loWeight) / (hiWeight - loWeight);
    const point = await evaluate(retention);
    if (point.gap < 0) {
      lo = point;
      loWeight = point.gap;
      if (lastMoved === "lo") hiWeight /= 2;
      lastMoved = "lo";
    } else {
      hi = point;
      hiWeight = point.gap;
      if (lastMoved === "hi") loWeight /= 2;
      lastMoved = "hi";
    }
  }
  return done();
}

export async function schedulingBench({ quick = false, fitRule = appFitRule, log = (l: string) => console.log(l) }: { quick?: boolean; fitRule?: FitRule; log?: (line: string) => void } = {}): Promise<SchedulingReport> {
  const size = quick ? QUICK_SIZE : FULL_SIZE;
  const rows: PolicyRow[] = [];
  const described: SchedulingReport["populations"] = [];
  for (const pop of populations(size.learners)) {
    const sm2 = (await runPopulation(pop, () => ankiSm2Policy() as Policy<unknown>, size)).runs;
    const sm2Remembered = total(sm2, "remembered") / sm2.length;
    const tuned = await tuneToEqualKnowledge(pop, size, sm2Remembered, fitRule, 0.005, log);
    const fits = tuned.policies.flatMap((p) => (p as ReturnType<typeof fsrsAppPolicy>).fits);
    const kept = fits.filter((f) => f.kept).length;
    rows.push(row(pop.name, "FSRS-6 (ours, fitting)", tuned.runs, sm2, { desiredRetention: tuned.retention, fitsKept: `${kept}/${fits.length}` }));
    rows.push(row(pop.name, "Anki SM-2", sm2, sm2));
    rows.push(row(pop.name, "Leitner 1-2-4-8-… d", (await runPopulation(pop, () => leitnerPolicy() as Policy<unknown>, size)).runs, sm2));
    rows.push(row(pop.name, "Fixed 1-3-7-14-30-60-120-240 d", (await runPopulation(pop, () => fixedSchedulePolicy() as Policy<unknown>, size)).runs, sm2));
    described.push({
      name: pop.name,
      method: pop.method,
      equalKnowledge: tuned.matched ? `matched at desired retention ${tuned.retention.toFixed(3)}` : `not matched within 0.5% in [0.70, 0.97]: closest ${tuned.retention.toFixed(3)}`,
    });
  }
  return { size, rows, populations: described };
}
