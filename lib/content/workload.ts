// The workload a course adds: a simulated learner reads one lesson a day (answering its questions
// as they go) and reviews under FSRS with default parameters at a chosen desired retention. Pure.
import { simulate } from "@/lib/srs/simulate";

export interface WorkloadOptions {
  /** Question ids of each lesson, in course order. */
  lessons: readonly (readonly string[])[];
  desiredRetention: number;
  days?: number;
  secondsPerReview?: number;
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

export function simulateWorkload({ lessons, desiredRetention, days = 90, secondsPerReview = 20, seed = 1, learners = 20 }: WorkloadOptions): Workload {
  const questions = lessons.flat().map((id) => ({ id }));
  const schedule = lessons.map((l) => l.length);
  const sum = new Array<number>(days).fill(0);
  let remembered = 0;
  for (let i = 0; i < learners; i++) {
    const r = simulate({
      seed: seed * 1000 + i,
      questions,
      days,
      newCardsPerDay: 0,
      newCardsSchedule: schedule,
      policy: { desiredRetention, enableFuzz: true },
      secondsPerReview,
    });
    r.reviewsPerDay.forEach((n, d) => (sum[d] += n));
    remembered += r.rememberedAtEnd;
  }
  const reviewsPerDay = sum.map((n) => n / learners);
  const totalReviews = reviewsPerDay.reduce((a, b) => a + b, 0);
  return {
    desiredRetention,
    days,
    reviewsPerDay,
    minutesPerDay: reviewsPerDay.map((n) => (n * secondsPerReview) / 60),
    totalReviews,
    peakReviews: Math.max(0, ...reviewsPerDay),
    averageMinutesPerDay: (totalReviews * secondsPerReview) / 60 / Math.max(1, days),
    rememberedAtEnd: remembered / learners,
    questions: questions.length,
  };
}
