import type { ReactNode } from "react";
import type { Feedback, QuestionKind } from "@/lib/quiz/types";
import type { Rating } from "@/lib/srs/rating";

export const RATING_LABEL: Record<Rating, string> = { 1: "Again", 2: "Hard", 3: "Good", 4: "Easy" };

/** What the browser gets of a question before it is answered: no correct flags, no explanations. */
export interface QuestionView {
  id: string;
  kind: QuestionKind;
  /** What the question shows above its prompt (a figure, a table, code): it makes the card stand alone in review. */
  context?: ReactNode;
  prompt: ReactNode;
  choices?: { id: string; content: ReactNode }[];
  multiple?: boolean;
  unit?: string;
  /** Free recall's model answer: the learner grades themselves against it, so it is not a secret. */
  modelAnswer?: ReactNode;
  keyPoints?: string[];
  /** Anchor of the question in its lesson, for links from the review and the author pages. */
  anchor: string;
}

export interface GradeResult {
  ok: true;
  feedback: Feedback;
  /** Interval each rating leads to ("10m", "3d"), when the learner is signed in and still chooses the grade. */
  intervals?: Record<Rating, string>;
  /** A wrong answer of a signed-in learner, recorded (as Again) with its grading. */
  recorded?: RecordResult;
}

export const SIGN_IN_TO_CHECK = "Sign in to check your answer: Recall then keeps it and brings the question back before you forget it.";

export interface RecordResult {
  ok: true;
  reviewLogId: string;
  duplicate: boolean;
  nextDue: string;
  nextIntervalLabel: string;
  state: "NEW" | "LEARNING" | "REVIEW" | "RELEARNING";
  leech: boolean;
  correct: boolean;
  version: number;
}
