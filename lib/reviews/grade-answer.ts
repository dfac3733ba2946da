import type { Db } from "@/lib/db/client";
import { readLiveContent } from "@/lib/content/live-cache";
import { AppError } from "@/lib/errors";
import { gradeEstimate, gradeMultipleChoice, suggestFreeRecallGrade } from "@/lib/quiz/grade";
import type { Feedback, QuestionPayload, QuestionResponse } from "@/lib/quiz/types";
import { isRecalled } from "@/lib/srs/scheduler";

/** The question as it grades answers; read from this process's live-content cache (docs/scaling.md). */
export async function loadLiveQuestion(db: Db, questionId: string) {
  const question = await readLiveContent(db, `question:${questionId}`, () =>
    db.question.findFirst({
      where: { id: questionId, retiredAt: null },
      select: { id: true, kind: true, payload: true, answerHash: true, lessonId: true },
    }),
  );
  if (!question) throw new AppError("NOT_FOUND", "This question no longer exists.");
  return { ...question, payload: question.payload as unknown as QuestionPayload };
}

function toleranceLabel(payload: Extract<QuestionPayload, { kind: "ESTIMATE" }>): string {
  return payload.tolerance.type === "relative"
    ? `within ±${Math.round(payload.tolerance.value * 100)}%`
    : "within a factor of 10";
}

/**
 * Grades a response against the stored question: the browser never sees the answer before this.
 * `correct` is the machine's verdict: right or wrong for multiple choice and estimates; for free
 * recall, whether the key points found suggest a passing grade (none written suggests nothing). It
 * only constrains and suggests the grade; what a review log stores as correct is the grade itself.
 */
export function gradeResponse(payload: QuestionPayload, response: QuestionResponse): { correct: boolean; feedback: Feedback } {
  if (payload.kind === "MULTIPLE_CHOICE" && response.kind === "MULTIPLE_CHOICE") {
    const graded = gradeMultipleChoice(payload, response.choiceIds);
    return {
      correct: graded.correct,
      feedback: {
        kind: "MULTIPLE_CHOICE",
        correct: graded.correct,
        correctIds: payload.choices.filter((c) => c.correct).map((c) => c.id),
        explanations: Object.fromEntries(payload.choices.map((c) => [c.id, c.explanation])),
      },
    };
  }
  if (payload.kind === "FREE_RECALL" && response.kind === "FREE_RECALL") {
    const suggestion = suggestFreeRecallGrade(payload, response.text);
    return {
      correct: suggestion.suggestedRating !== undefined && isRecalled(suggestion.suggestedRating),
      feedback: { kind: "FREE_RECALL", found: suggestion.found, suggestedRating: suggestion.suggestedRating },
    };
  }
  if (payload.kind === "ESTIMATE" && response.kind === "ESTIMATE") {
    const graded = gradeEstimate(payload, response.value, response.unit);
    return {
      correct: graded.correct,
      feedback: {
        kind: "ESTIMATE",
        correct: graded.correct,
        factor: graded.factor,
        answer: payload.answer,
        unit: payload.unit,
        toleranceLabel: toleranceLabel(payload),
        solution: payload.solution,
      },
    };
  }
  throw new AppError("INVALID_INPUT", "This answer does not fit the question.");
}

export async function gradeAnswer({ db, questionId, response }: { db: Db; questionId: string; response: QuestionResponse }) {
  const question = await loadLiveQuestion(db, questionId);
  return gradeResponse(question.payload, response);
}
