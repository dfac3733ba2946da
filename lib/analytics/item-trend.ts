// Facility and discrimination of one question as the cohort's first attempts accumulated: at each
// checkpoint, the item analysis of every first attempt made before it (the ranking of learners needs
// all questions, so all are analysed and the one asked for is kept). Pure.
import { analyseItems, type ItemAnalysisOptions } from "./item-analysis";

export interface TimedFirstAttempt {
  userId: string;
  questionId: string;
  correct: boolean;
  at: Date;
}

export interface ItemTrendPoint {
  /** The checkpoint: attempts strictly before it count. */
  until: Date;
  attempts: number;
  facility: number | null;
  discrimination: number | null;
}

export function itemTrend({
  questionId,
  attempts,
  checkpoints,
  options,
}: {
  questionId: string;
  attempts: readonly TimedFirstAttempt[];
  checkpoints: readonly Date[];
  options?: ItemAnalysisOptions;
}): ItemTrendPoint[] {
  const questionIds = [...new Set(attempts.map((a) => a.questionId))];
  return checkpoints.map((until) => {
    const before = attempts.filter((a) => a.at < until);
    const stats = analyseItems(
      questionIds.map((id) => ({
        questionId: id,
        kind: "FREE_RECALL" as const,
        firstAttempts: before.filter((a) => a.questionId === id).map((a) => ({ userId: a.userId, correct: a.correct })),
        laterReviews: 0,
        laterLapses: 0,
        meanDifficulty: null,
      })),
      options,
    ).find((s) => s.questionId === questionId);
    return { until, attempts: stats?.attempts ?? 0, facility: stats?.facility ?? null, discrimination: stats?.discrimination ?? null };
  });
}
