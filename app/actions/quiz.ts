"use server";

import { actionError, type ActionError } from "@/lib/actions/form-state";
import { getCurrentUser, requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { gradeAnswer } from "@/lib/reviews/grade-answer";
import { previewForQuestion } from "@/lib/reviews/preview";
import { gradeInputSchema } from "@/lib/reviews/schemas";
import { reviewResultJson } from "@/lib/reviews/review-result";
import { submitReview, type SubmitReviewResult } from "@/lib/reviews/submit-review";
import { undoReview } from "@/lib/reviews/undo-review";
import type { QuestionResponse } from "@/lib/quiz/types";
import { SIGN_IN_TO_CHECK, type GradeResult, type RecordResult } from "@/components/quiz/types";

const toActionError = (e: unknown) => actionError(e, "Could not save your answer right now — it is still here. Retry in a moment.");

function recordResult(result: SubmitReviewResult): RecordResult {
  return { ok: true, ...reviewResultJson(result) };
}

/**
 * Grades an answer. The answer key (right choices, explanations, an estimate's answer) goes only to
 * a signed-in learner, and only with the attempt recorded (docs/decisions/011-answer-key.md): a wrong
 * multiple-choice or estimate answer has one grade, Again, so it is recorded here, with the rest of
 * the record input (idempotencyKey, sessionId…) the page sends along; a right one reveals nothing
 * the learner did not answer, and they choose Hard, Good or Easy next. Free recall keeps no secret
 * (its model answer is on the page) and is self-graded by anyone.
 */
export async function gradeAnswerAction(raw: unknown): Promise<GradeResult | ActionError> {
  try {
    const parsed = gradeInputSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, code: "INVALID_INPUT", message: parsed.error.issues[0]?.message ?? "Invalid answer." };
    const { questionId } = parsed.data;
    const response = parsed.data.response as QuestionResponse;
    const user = await getCurrentUser();
    if (!user && response.kind !== "FREE_RECALL") return { ok: false, code: "UNAUTHENTICATED", message: SIGN_IN_TO_CHECK };
    const { correct, feedback } = await gradeAnswer({ db: db(), questionId, response });
    if (!user) return { ok: true, feedback };
    if (response.kind === "FREE_RECALL" || correct) return { ok: true, feedback, intervals: await previewForQuestion({ db: db(), actor: user, questionId }) };
    const recorded = await submitReview({ db: db(), actor: user, input: { ...(raw as Record<string, unknown>), rating: 1 } });
    return { ok: true, feedback, recorded: recordResult(recorded) };
  } catch (e) {
    return toActionError(e);
  }
}

export async function undoAnswerAction(raw: unknown): Promise<{ ok: true; questionId: string; version: number | null } | ActionError> {
  try {
    const user = await requireUser();
    const result = await undoReview({ db: db(), actor: user, input: raw });
    return { ok: true, questionId: result.questionId, version: result.version };
  } catch (e) {
    return toActionError(e);
  }
}
