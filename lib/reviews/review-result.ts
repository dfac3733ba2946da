import type { SubmitReviewResult } from "./submit-review";

/** A recorded answer as it travels to the browser (server action or JSON API): instants as ISO strings. */
export function reviewResultJson(result: SubmitReviewResult) {
  return {
    reviewLogId: result.reviewLogId,
    duplicate: result.duplicate,
    nextDue: result.nextDue.toISOString(),
    nextIntervalLabel: result.nextIntervalLabel,
    state: result.state,
    leech: result.leech,
    correct: result.correct,
    version: result.version,
  };
}
