// Bench 1 — scheduling quality. Learners whose memory follows FSRS-6 (default parameters) study 1,000
// cards, 10 new a day, for 365 days, under: our scheduler at desired retention 0.85 and 0.90, Anki's
// SM-2, and a Leitner box schedule. Same memory model, same seeds, same rating behaviour for all.
import { FSRSAlgorithm } from "ts-fsrs";
import { mulberry32, pickWeighted } from "@/lib/srs/random";
import { DAY_MS, DEFAULT_PARAMS, newCard, reviewCard, type Rating, type SrsCard } from "@/lib/srs/scheduler";
import { DEFAULT_RATING_MODEL } from "@/lib/srs/simulate";

interface Policy {
  name: string;
  init(): unknown;
  /** Returns the next interval in days (fractions allowed for learning steps) and the new state. */
  next(state: unknown, rating: Rating, nowMs: number): { state: unknown; dueMs: number };
}

function fsrsPolicy(retention: number): Policy {
  return {
    name: `FSRS-6 @ ${retention}`,
    init: () => null,
    next(state, rating, nowMs) {
      const card = (state as SrsCard | null) ?? newCard(new Date(nowMs));
      const { card: after } = reviewCard({ card, rating, now: new Date(nowMs), options: { desiredRetention: retention, enableFuzz: true } });
      return { state: after, dueMs: after.due.getTime() };
    },
  };
}

/** Anki's SM-2 variant: learning steps 1m/10m, graduating 1 d, easy 4 d, ease 250%, hard 1.2, easy bonus 1.3, lapse → 10m then 1 d. */
function sm2Policy(): Policy {
  type S = { phase: "learning" | "review" | "relearning"; step: number; ease: number; ivl: number };
  return {
    name: "Anki SM-2",
    init: () => ({ phase: "learning", step: 0, ease: 2.5, ivl: 0 }) satisfies S,
    next(raw, rating, nowMs) {
      const s = { ...(raw as S) };
      const minutes = (m: number) => ({ state: s, dueMs: nowMs + m * 60_000 });
      const days = (d: number) => ({ state: s, dueMs: nowMs + Math.max(1, Math.round(d)) * DAY_MS });
      if (s.phase !== "review") {
        if (rating === 1) {
          s.step = 0;
          return minutes(s.phase === "learning" ? 1 : 10);
        }
        if (rating === 4) {
          s.ivl = s.phase === "learning" ? 4 : Math.max(1, s.ivl);
          s.phase = "review";
          return days(s.ivl);
        }
        if (s.phase === "learning" && s.step === 0 && rating === 3) {
          s.step = 1;
          return minutes(10);
        }
        if (rating === 2) return minutes(s.step === 0 ? 6 : 10);
        s.ivl = s.phase === "learning" ? 1 : Math.max(1, s.ivl);
        s.phase = "review";
        return days(s.ivl);
      }
      if (rating === 1) {
        s.ease = Math.max(1.3, s.ease - 0.2);
        s.ivl = Math.max(1, Math.round(s.ivl * 0));
        s.phase = "relearning";
        s.step = 0;
        return minutes(10);
      }
      if (rating === 2) {
        s.ease = Math.max(1.3, s.ease - 0.15);
        s.ivl = Math.max(s.ivl + 1, s.ivl * 1.2);
      } else if (rating === 3) s.ivl = Math.max(s.ivl + 1, s.ivl * s.ease);
      else {
        s.ease += 0.15;
        s.ivl = Math.max(s.ivl + 1, s.ivl * s.ease * 1.3);
      }
      s.ivl = Math.min(36500, s.ivl);
      return days(s.ivl);
    },
  };
}

/** Leitner: five boxes reviewed after 1, 2, 4, 8, 16 days (then every 32); a miss goes back to box 1. */
function leitnerPolicy(): Policy {
  const boxes = [1, 2, 4, 8, 16, 32];
  return {
    name: "Leitner (1-2-4-8-16-32 d)",
    init: () => -1,
    next(raw, rating, nowMs) {
      const box = rating === 1 ? 0 : Math.min(boxes.length - 1, (raw as number) + 1);
      return { state: box, dueMs: nowMs + boxes[box] * DAY_MS };
    },
  };
}

export interface SchedulingResult {
  policy: string;
  reviewsPerDay: number;
  rememberedAtEnd: number;
  minutesPerRememberedCard: number;
  learners: number;
}

export function runPolicy(policy: Policy, { cards = 1000, newPerDay = 10, days = 365, learners = 3, secondsPerReview = 8 } = {}): SchedulingResult {
  const memory = new FSRSAlgorithm({ w: DEFAULT_PARAMS, enable_short_term: true });
  let reviews = 0;
  let remembered = 0;
  for (let l = 0; l < learners; l++) {
    const random = mulberry32(1000 + l);
    const sims: { state: unknown; dueMs: number; mem: { stability: number; difficulty: number } | null; lastMs: number; lastDay: number }[] = [];
    let introduced = 0;
    for (let day = 0; day < days; day++) {
      const dayStart = day * DAY_MS;
      const dayEnd = dayStart + DAY_MS;
      let clock = dayStart + 9 * 3_600_000;
      for (let i = 0; i < newPerDay && introduced < cards; i++, introduced++) sims.push({ state: policy.init(), dueMs: clock, mem: null, lastMs: 0, lastDay: 0 });
      const queue = sims.filter((s) => s.dueMs < dayEnd).sort((a, b) => a.dueMs - b.dueMs);
      while (queue.length) {
        const s = queue.shift()!;
        clock = Math.max(clock, s.dueMs);
        if (clock >= dayEnd) continue;
        let rating: Rating;
        if (!s.mem) rating = (pickWeighted(random, DEFAULT_RATING_MODEL.firstRatingWeights) + 1) as Rating;
        else if (random() >= memory.forgetting_curve((clock - s.lastMs) / DAY_MS, s.mem.stability)) rating = 1;
        else rating = (pickWeighted(random, DEFAULT_RATING_MODEL.recallRatingWeights) + 2) as Rating;
        s.mem = memory.next_state(s.mem, s.mem ? day - s.lastDay : 0, rating);
        s.lastMs = clock;
        s.lastDay = day;
        const next = policy.next(s.state, rating, clock);
        s.state = next.state;
        s.dueMs = next.dueMs;
        reviews++;
        clock += secondsPerReview * 1000;
        if (s.dueMs < dayEnd) {
          const at = queue.findIndex((q) => q.dueMs > s.dueMs);
          queue.splice(at === -1 ? queue.length : at, 0, s);
        }
      }
    }
    const end = days * DAY_MS;
    remembered += sims.reduce((sum, s) => sum + (s.mem ? memory.forgetting_curve((end - s.lastMs) / DAY_MS, s.mem.stability) : 0), 0);
  }
  const reviewsPerDay = reviews / learners / days;
  const rememberedAtEnd = remembered / learners;
  return { policy: policy.name, reviewsPerDay, rememberedAtEnd, minutesPerRememberedCard: (reviews / learners) * secondsPerReview / 60 / rememberedAtEnd, learners };
}

export function schedulingBench({ quick = false } = {}): SchedulingResult[] {
  const opts = quick ? { learners: 1, days: 180, cards: 500 } : { learners: 3 };
  return [fsrsPolicy(0.85), fsrsPolicy(0.9), sm2Policy(), leitnerPolicy()].map((p) => runPolicy(p, opts));
}
