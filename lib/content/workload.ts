// The workload a course adds: a simulated learner reads one lesson a day (answering its questions as
// they go) and reviews what our scheduler (FSRS defaults) schedules at a chosen desired retention. The
// learners' memory follows FSRS-6 and each review costs what it costs in Anki users' logs by state and
// outcome (lib/srs/study-sim.ts: a lapse costs about twice an easy pass), so a high target's extra
// lapses-avoided and a low target's extra relearning both show in the minutes. Pure.
import { DEFAULT_PARAMS } from "@/lib/srs/scheduler";
import { DEFAULT_REVIEW_COSTS, fsrsMemory, fsrsPolicy, simulateStudy, type ReviewCosts } from "@/lib/srs/study-sim";

export interface WorkloadOptions {
  /** Question ids of each lesson, in course order. */
  lessons: readonly (readonly string[])[];
  desiredRetention: number;
  days?: number;
  /** Seconds a review takes by card state and rating; fsrs-rs's defaults unless given. */
  costs?: ReviewCosts;
  seed?: number;
  /** Learners simulated and averaged (each with its own seed). */
  learners?: number;
}

export interface Workload {
  desiredRetention: number;
  days: number;
  reviewsPerDay: number[];
  minutesPerDay: number[];
  totalReviews: number;
  totalMinutes: number;
  peakReviews: number;
  averageMinutesPerDay: number;
  rememberedAtEnd: number;
  /** Minutes of study for each question still remembered at the end: what a retention target costs per result. */
  minutesPerRemembered: number;
  questions: number;
}

export async function simulateWorkload({ lessons, desiredRetention, days = 90, costs = DEFAULT_REVIEW_COSTS, seed = 1, learners = 20 }: WorkloadOptions): Promise<Workload> {
  const cardIds = lessons.flat();
  const memory = fsrsMemory(DEFAULT_PARAMS);
  const policy = fsrsPolicy({ desiredRetention, enableFuzz: true });
  const reviews = new Array<number>(days).fill(0);
  const seconds = new Array<number>(days).fill(0);
  let remembered = 0;
  for (let i = 0; i < learners; i++) {
    const r = await simulateStudy({
      seed: seed * 1000 + i,
      cardIds,
      days,
      newCardsPerDay: 0,
      newCardsSchedule: lessons.map((l) => l.length),
      memory,
      policy,
      costs,
    });
    r.reviewsPerDay.forEach((n, d) => (reviews[d] += n));
    r.secondsPerDay.forEach((s, d) => (seconds[d] += s));
    remembered += r.rememberedAtEnd;
  }
  const reviewsPerDay = reviews.map((n) => n / learners);
  const minutesPerDay = seconds.map((s) => s / learners / 60);
  const totalReviews = reviewsPerDay.reduce((a, b) => a + b, 0);
  const totalMinutes = minutesPerDay.reduce((a, b) => a + b, 0);
  const rememberedAtEnd = remembered / learners;
  return {
    desiredRetention,
    days,
    reviewsPerDay,
    minutesPerDay,
    totalReviews,
    totalMinutes,
    peakReviews: Math.max(0, ...reviewsPerDay),
    averageMinutesPerDay: totalMinutes / Math.max(1, days),
    rememberedAtEnd,
    minutesPerRemembered: rememberedAtEnd > 0 ? totalMinutes / rememberedAtEnd : Number.POSITIVE_INFINITY,
    questions: cardIds.length,
  };
}

/** The workload whose minutes per remembered question are least: the target that buys memory cheapest. */
export function cheapestPerRemembered(workloads: readonly Workload[]): Workload | undefined {
  return workloads.reduce<Workload | undefined>((best, w) => (!best || w.minutesPerRemembered < best.minutesPerRemembered ? w : best), undefined);
}
