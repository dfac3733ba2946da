// The learner's own retention advisor: for each desired retention from 0.70 to 0.97, a year of study of
// the learner's own deck simulated with their own parameters as their memory, our scheduler at that
// retention, and their own pass/fail durations as the cost. The retention that costs least per card
// remembered at the end is the recommendation (fsrs-rs calls this "compute minimum recommended
// retention"; its simulator uses the same cost-per-memorised-card target). Pure: the caller reads the
// deck and the durations.

import { DAY_MS } from "./day";
import { resolveParams, type Rating, type SrsCard } from "./scheduler";
import { DEFAULT_REVIEW_COSTS, fsrsMemory, fsrsPolicy, simulateStudy, type FsrsMemory, type ReviewCosts } from "./study-sim";

export const ADVISOR_MIN_RETENTION = 0.7;
export const ADVISOR_MAX_RETENTION = 0.97;
/**
 * Every retention the advisor simulates: 0.70, 0.71, … 0.97. A search that samples fewer points (golden
 * section) gets lost in the simulation's small wiggles near the flat minimum; 28 runs of a deck are cheap.
 */
export const ADVISOR_GRID: readonly number[] = Array.from({ length: 28 }, (_, i) => Math.round((0.7 + i * 0.01) * 100) / 100);

export interface AdvisorCard {
  id: string;
  card: SrsCard;
}

export interface AdvisorInput {
  /** The learner's FSRS parameters (null: the defaults), taken as the truth about their memory. */
  params: readonly number[] | null;
  /** Cards already studied (state REVIEW/LEARNING/RELEARNING). */
  cards: readonly AdvisorCard[];
  /** Questions not started yet, introduced `newCardsPerDay` a day. */
  newCards: number;
  newCardsPerDay: number;
  costs: ReviewCosts;
  now: Date;
  days?: number;
  seed?: number;
}

export interface AdvisorPoint {
  retention: number;
  /** Mean minutes of study a day over the simulated period. */
  minutesPerDay: number;
  /** Cards the learner would recall at the end (expected). */
  remembered: number;
  /** Total minutes ÷ cards remembered: the figure minimised. */
  minutesPerRemembered: number;
}

export interface AdvisorResult {
  points: AdvisorPoint[];
  best: AdvisorPoint;
}

export async function simulateRetention(input: AdvisorInput, retention: number): Promise<AdvisorPoint> {
  const days = input.days ?? 365;
  const params = resolveParams(input.params);
  const nowMs = input.now.getTime();
  const startMs = Math.floor(nowMs / DAY_MS) * DAY_MS;
  const existing = input.cards
    .filter(({ card }) => card.state !== "NEW" && card.lastReview && card.stability > 0)
    .map(({ id, card }) => ({
      id,
      memory: { stability: card.stability, difficulty: card.difficulty, lastMs: card.lastReview!.getTime() } satisfies FsrsMemory,
      state: card,
      dueMs: card.due.getTime(),
      lastMs: card.lastReview!.getTime(),
    }));
  const result = await simulateStudy({
    seed: input.seed ?? 1,
    cardIds: Array.from({ length: input.newCards }, (_, i) => `new-${i}`),
    days,
    newCardsPerDay: input.newCardsPerDay,
    memory: fsrsMemory(params),
    policy: fsrsPolicy({ desiredRetention: retention, params, enableFuzz: false }),
    costs: input.costs,
    existing,
    startMs,
  });
  const minutes = result.seconds / 60;
  return {
    retention,
    minutesPerDay: minutes / days,
    remembered: result.rememberedAtEnd,
    minutesPerRemembered: result.rememberedAtEnd > 0 ? minutes / result.rememberedAtEnd : Number.POSITIVE_INFINITY,
  };
}

/** The curve over ADVISOR_GRID and the retention on it that costs least per remembered card. */
export async function adviseRetention(input: AdvisorInput): Promise<AdvisorResult> {
  const points: AdvisorPoint[] = [];
  for (const r of ADVISOR_GRID) points.push(await simulateRetention(input, r));
  const best = points.reduce((b, p) => (p.minutesPerRemembered < b.minutesPerRemembered ? p : b));
  return { points, best };
}

/** One review's duration as the log has it: the card's state before, the rating, the time it took. */
export interface DurationSample {
  stateBefore: SrsCard["state"];
  rating: Rating;
  durationMs: number;
}

/** Samples per (phase, pass/fail) below which the default cost of that cell is kept. */
export const MIN_DURATION_SAMPLES = 20;
/** Answers longer than this were interrupted, not thought about: they are left out. */
const MAX_DURATION_MS = 5 * 60_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Review costs from the learner's own log: the median seconds of a pass and of a fail in each phase
 * (learning, review, relearning), where there are enough samples; fsrs-rs's defaults elsewhere. A pass is
 * split over Hard/Good/Easy in the defaults' proportions, so the learner's level and the shape both count.
 */
export function costsFromDurations(samples: readonly DurationSample[], defaults: ReviewCosts = DEFAULT_REVIEW_COSTS): ReviewCosts {
  const phaseOf = (s: SrsCard["state"]): keyof ReviewCosts | null =>
    s === "NEW" || s === "LEARNING" ? "learning" : s === "REVIEW" ? "review" : s === "RELEARNING" ? "relearning" : null;
  const cells = new Map<string, number[]>();
  for (const s of samples) {
    const phase = phaseOf(s.stateBefore);
    if (!phase || !(s.durationMs > 0) || s.durationMs > MAX_DURATION_MS) continue;
    const key = `${phase}:${s.rating > 1 ? "pass" : "fail"}`;
    (cells.get(key) ?? cells.set(key, []).get(key)!).push(s.durationMs / 1000);
  }
  const out = { ...defaults } as { -readonly [K in keyof ReviewCosts]: [number, number, number, number] };
  for (const phase of ["learning", "review", "relearning"] as const) {
    const d = [...defaults[phase]] as [number, number, number, number];
    const fail = cells.get(`${phase}:fail`);
    const pass = cells.get(`${phase}:pass`);
    if (fail && fail.length >= MIN_DURATION_SAMPLES) d[0] = median(fail);
    if (pass && pass.length >= MIN_DURATION_SAMPLES) {
      const scale = median(pass) / ((defaults[phase][1] + defaults[phase][2] + defaults[phase][3]) / 3);
      for (const i of [1, 2, 3] as const) d[i] = defaults[phase][i] * scale;
    }
    out[phase] = d;
  }
  return out;
}
