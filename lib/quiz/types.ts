// The question model shared by the content pipeline (which extracts questions from MDX),
// the database (Question.payload) and the quiz UI. Pure data: no React, no Prisma.

import type { Rating } from "@/lib/srs/rating";

export type QuestionKind = "MULTIPLE_CHOICE" | "FREE_RECALL" | "ESTIMATE";

export interface ChoiceData {
  /** Stable within the question: "a", "b", … in the order the author wrote them. */
  id: string;
  /** The choice as markdown-ish plain text. */
  text: string;
  correct: boolean;
  explanation: string;
}

export interface MultipleChoicePayload {
  kind: "MULTIPLE_CHOICE";
  choices: ChoiceData[];
  /** True when more than one choice is correct: the learner must pick exactly the correct set. */
  multiple: boolean;
}

export interface KeyPointData {
  text: string;
  /** Phrases any one of which, found in the learner's answer (case-insensitive), counts as this point. */
  keywords: string[];
}

export interface FreeRecallPayload {
  kind: "FREE_RECALL";
  /** The model answer, as plain text (the page renders the MDX itself). */
  answer: string;
  keyPoints: KeyPointData[];
}

/** Relative tolerance (0.1 = within ±10%) or within a factor of 10 either way. */
export type Tolerance = { type: "relative"; value: number } | { type: "order-of-magnitude" };

export interface EstimatePayload {
  kind: "ESTIMATE";
  answer: number;
  unit: string;
  tolerance: Tolerance;
  /** The worked solution, as plain text. */
  solution: string;
}

export type QuestionPayload = MultipleChoicePayload | FreeRecallPayload | EstimatePayload;

export interface QuestionData {
  id: string;
  lessonId: string;
  kind: QuestionKind;
  /** The prompt as plain text (a <Prompt> child's text when the prompt holds code). */
  prompt: string;
  topics: string[];
  payload: QuestionPayload;
  /** Source position of the question's opening tag, for `file:line` messages and author links. */
  line: number;
}

/** What a learner sends for each kind. */
export type QuestionResponse =
  | { kind: "MULTIPLE_CHOICE"; choiceIds: string[] }
  | { kind: "FREE_RECALL"; text: string }
  | { kind: "ESTIMATE"; value: number; unit?: string };

/** What the learner is shown once an answer is graded on the server (lib/reviews/grade-answer.ts). */
export type Feedback =
  | { kind: "MULTIPLE_CHOICE"; correct: boolean; correctIds: string[]; explanations: Record<string, string> }
  | { kind: "FREE_RECALL"; found: number[]; suggestedRating?: Rating }
  | { kind: "ESTIMATE"; correct: boolean; factor: number; answer: number; unit: string; toleranceLabel: string; solution: string };
