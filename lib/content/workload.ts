// The workload a course adds: a simulated learner reads one lesson a day (answering its questions
// as they go) and reviews under FSRS with default parameters at a chosen desired retention. Minutes come
// from fsrs-rs's review costs by state and grade (a failed review takes longer than a pass), so a
// retention that buys fewer reviews with more failures shows what it really costs. Pure.
import { simulate } from "@/lib/srs/simulate";
import { DEFAULT_REVIEW_COSTS, type ReviewCosts } from "@/lib/srs/study-sim";

export interface WorkloadOptions {
  /** Question ids of each lesson, in course order. */
  lessons: readonly (readonly string[])[];
  desiredRetention: number;
  days?: number;
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
  peakReviews: number;
  averageMinutesPerDay: number;
  rememberedAtEnd: number;
  questions: number;
}

export function simulateWorkload({ lessons, desiredRetention, days = 90, costs = DEFAULT_REVIEW_COSTS, seed = 1, learners = 20 }: WorkloadOptions): Workload {
  const questions = lessons.flat().map((id) => ({ id }));
  const schedule = lessons.map((l) => l.length);
  const sum = new Array<number>(days).fill(0);
  const secondsSum = new Array<number>(days).fill(0);
  let remembered = 0;
  for (let i = 0; i < learners; i++) {
    const r = simulate({
      seed: seed * 1000 + i,
      questions,
      days,
      newCardsPerDay: 0,
      newCardsSchedule: schedule,
      policy: { desiredRetention, enableFuzz: true },
      secondsPerReview: 0,
      costs,
    });
    r.reviewsPerDay.forEach((n, d) => (sum[d] += n));
    r.secondsPerDay.forEach((n, d) => (secondsSum[d] += n));
    remembered += r.rememberedAtEnd;
  }
  const reviewsPerDay = sum.map((n) => n / learners);
  const totalReviews = reviewsPerDay.reduce((a, b) => a + b, 0);
  return {
    desiredRetention,
    days,
    reviewsPerDay,
    minutesPerDay: secondsSum.map((n) => n / learners / 60),
    totalReviews,
    peakReviews: Math.max(0, ...reviewsPerDay),
    averageMinutesPerDay: secondsSum.reduce((a, b) => a + b, 0) / learners / 60 / Math.max(1, days),
    rememberedAtEnd: remembered / learners,
    questions: questions.length,
  };
}
