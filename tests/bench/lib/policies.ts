// The schedules FSRS is compared with, each as its best users run it. Every interval in days lands at
// the start of a learning day (a UTC day in the simulation), as Anki's do; learning steps are minutes.
import { hashString, mulberry32 } from "@/lib/srs/random";
import { DAY_MS } from "@/lib/srs/day";
import { type Rating } from "@/lib/srs/scheduler";
import type { Policy } from "@/lib/srs/study-sim";

const MINUTE_MS = 60_000;

function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

function dueInDays(atMs: number, days: number): number {
  return (dayOf(atMs) + days) * DAY_MS;
}

// ── Anki SM-2 (Anki's v3 scheduler with FSRS off, default deck options) ──────────────────────────────
// Read from ankitects/anki rslib/src/scheduler/states/{review,learning,relearning,fuzz}.rs:
// learning steps 1m 10m, graduating interval 1 d, easy interval 4 d, starting ease 2.5, hard interval
// × 1.2, easy bonus × 1.3, relearning step 10m, new interval after a lapse × 0 with a 1-day minimum.
// Passing a review that is `late` days late: Hard = ivl × 1.2 (≥ ivl + 1); Good = (ivl + late/2) × ease
// (≥ Hard + 1); Easy = (ivl + late) × ease × 1.3 (≥ Good + 1); ease −0.15 on Hard, +0.15 on Easy, −0.2 on
// Again (floor 1.3). Every review interval is fuzzed as Anki fuzzes it (fuzz.rs: ±1 day plus 15% of the
// part of the interval in 2.5–7 d, 10% in 7–20 d, 5% beyond), with a per-card fuzz factor.

interface Sm2State {
  phase: "learning" | "review" | "relearning";
  step: number;
  ease: number;
  /** Scheduled interval, days. */
  ivl: number;
  /** Day the card was last scheduled as a review (for days late). */
  lastDay: number;
  reps: number;
  card: number;
}

const FUZZ_RANGES = [
  { start: 2.5, end: 7, factor: 0.15 },
  { start: 7, end: 20, factor: 0.1 },
  { start: 20, end: Number.POSITIVE_INFINITY, factor: 0.05 },
];

function fuzzDelta(interval: number): number {
  if (interval < 2.5) return 0;
  return FUZZ_RANGES.reduce((delta, r) => delta + r.factor * Math.max(0, Math.min(interval, r.end) - r.start), 1);
}

/** Anki's with_review_fuzz over constrained_fuzz_bounds. */
export function ankiFuzz(interval: number, minimum: number, fuzzFactor: number, maximum = 36500): number {
  const min = Math.min(minimum, maximum);
  const ivl = Math.min(maximum, Math.max(min, interval));
  const delta = fuzzDelta(ivl);
  let lower = Math.min(maximum, Math.max(min, Math.round(ivl - delta)));
  let upper = Math.min(maximum, Math.max(min, Math.round(ivl + delta)));
  if (upper === lower && upper > 2 && upper < maximum) upper = lower + 1;
  return Math.floor(lower + fuzzFactor * (1 + upper - lower));
}

export function ankiSm2Policy(): Policy<Sm2State> {
  let cards = 0;
  const fuzzFactor = (s: Sm2State) => mulberry32(hashString(`sm2:${s.card}:${s.reps}`))();
  return {
    name: "Anki SM-2",
    start: () => ({ phase: "learning", step: 0, ease: 2.5, ivl: 0, lastDay: 0, reps: 0, card: cards++ }),
    next(prev, rating: Rating, atMs) {
      const s: Sm2State = { ...prev, reps: prev.reps + 1 };
      const minutes = (m: number) => ({ state: s, dueMs: atMs + m * MINUTE_MS });
      const graduate = (days: number) => {
        s.phase = "review";
        s.ivl = ankiFuzz(days, 1, fuzzFactor(s));
        s.lastDay = dayOf(atMs);
        return { state: s, dueMs: dueInDays(atMs, s.ivl) };
      };
      if (s.phase === "learning") {
        if (rating === 1) {
          s.step = 0;
          return minutes(1);
        }
        if (rating === 2) return minutes(s.step === 0 ? 5.5 : 10);
        if (rating === 4) return graduate(4);
        if (s.step === 0) {
          s.step = 1;
          return minutes(10);
        }
        return graduate(1);
      }
      if (s.phase === "relearning") {
        if (rating === 1) return minutes(10);
        if (rating === 2) return minutes(15);
        return graduate(rating === 4 ? s.ivl + 1 : s.ivl);
      }
      const late = Math.max(0, dayOf(atMs) - s.lastDay - s.ivl);
      const current = Math.max(1, s.ivl);
      if (rating === 1) {
        s.ease = Math.max(1.3, s.ease - 0.2);
        s.ivl = 1;
        s.phase = "relearning";
        return minutes(10);
      }
      const f = fuzzFactor(s);
      const hard = ankiFuzz(current * 1.2, s.ivl + 1, f);
      const good = ankiFuzz((current + late / 2) * s.ease, hard + 1, f);
      const easy = ankiFuzz((current + late) * s.ease * 1.3, good + 1, f);
      if (rating === 2) s.ease = Math.max(1.3, s.ease - 0.15);
      if (rating === 4) s.ease += 0.15;
      s.ivl = rating === 2 ? hard : rating === 3 ? good : easy;
      s.lastDay = dayOf(atMs);
      return { state: s, dueMs: dueInDays(atMs, s.ivl) };
    },
  };
}

// ── Leitner, with no cap on the boxes ───────────────────────────────────────────────────────────────
/** Box n is reviewed after 2^n days (1, 2, 4, 8, … with no top box); a miss sends the card back to box 0. */
export function leitnerPolicy(): Policy<number> {
  return {
    name: "Leitner 1-2-4-8-… d",
    start: () => -1,
    next(box, rating, atMs) {
      const next = rating === 1 ? 0 : box + 1;
      return { state: next, dueMs: dueInDays(atMs, 2 ** next) };
    },
  };
}

// ── A fixed expanding schedule ──────────────────────────────────────────────────────────────────────
export const FIXED_SCHEDULE_DAYS = [1, 3, 7, 14, 30, 60, 120, 240, 480] as const;

/** The classic "review after 1, 3, 7, 14, 30 … days" whatever the answers; after the last step, every 480 d. */
export function fixedSchedulePolicy(): Policy<number> {
  return {
    name: "Fixed 1-3-7-14-30-60-120-240 d",
    start: () => -1,
    next(step, _rating, atMs) {
      const next = Math.min(step + 1, FIXED_SCHEDULE_DAYS.length - 1);
      return { state: next, dueMs: dueInDays(atMs, FIXED_SCHEDULE_DAYS[next]!) };
    },
  };
}
