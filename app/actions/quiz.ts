"use server";

import { getCurrentUser, requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { gradeAnswer } from "@/lib/reviews/grade-answer";
import { previewForQuestion } from "@/lib/reviews/preview";
import { gradeInputSchema } from "@/lib/reviews/schemas";
import { submitReview } from "@/lib/reviews/submit-review";
import { undoReview } from "@/lib/reviews/undo-review";
import type { QuestionResponse } from "@/lib/quiz/types";
import type { ActionError, GradeResult, RecordResult } from "@/components/quiz/types";

function toActionError(e: unknown): ActionError {
  if (isAppError(e)) return { ok: false, code: e.code, message: e.message, fieldErrors: e.fieldErrors };
  console.error(e);
  return { ok: false, code: "UNAVAILABLE", message: "Could not save your answer right now — it is still here. Retry in a moment." };
}

/** Grades an answer (anyone may try a question); for a signed-in learner also previews each grade's interval. */
export async function gradeAnswerAction(raw: unknown): Promise<GradeResult | ActionError> {
  try {
    const parsed = gradeInputSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, code: "INVALID_INPUT", message: parsed.error.issues[0]?.message ?? "Invalid answer." };
    const { questionId } = parsed.data;
    const response = parsed.data.response as QuestionResponse;
    const { feedback } = await gradeAnswer({ db: db(), questionId, response });
    const user = await getCurrentUser();
    const intervals = user ? await previewForQuestion({ db: db(), user, questionId }) : undefined;
    return { ok: true, feedback, intervals };
  } catch (e) {
    return toActionError(e);
  }
}

export async function recordAnswerAction(raw: unknown): Promise<RecordResult | ActionError> {
  try {
    const user = await requireUser();
    const result = await submitReview({ db: db(), user, input: raw });
    return {
      ok: true,
      reviewLogId: result.reviewLogId,
      duplicate: result.duplicate,
      nextDue: result.nextDue.toISOString(),
      nextIntervalLabel: result.nextIntervalLabel,
      state: result.state,
      leech: result.leech,
      correct: result.correct,
      version: result.version,
    };
  } catch (e) {
    return toActionError(e);
  }
}

export async function undoAnswerAction(raw: unknown): Promise<{ ok: true; questionId: string; version: number | null } | ActionError> {
  try {
    const user = await requireUser();
    const result = await undoReview({ db: db(), userId: user.id, input: raw });
    return { ok: true, questionId: result.questionId, version: result.version };
  } catch (e) {
    return toActionError(e);
  }
}
