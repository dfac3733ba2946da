"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { RecordInput } from "@/lib/reviews/schemas";
import type { RecordResult } from "./types";

/** The review session's offline mode (docs/decisions/017-offline-review.md). */
export interface OfflineReview {
  /** The browser says it is online and the last request got through. */
  online: boolean;
  /** A request just failed for want of a network: the session is offline until one gets through. */
  reportUnreachable: () => void;
  /** Keeps a self-graded answer on the device, to be sent when the connection returns; the session moves on. */
  queue: (input: RecordInput) => Promise<void>;
  /** Puts a card the server must check (multiple choice, estimate) aside until the connection returns. */
  setAside: (questionId: string) => void;
}

export interface QuizContextValue {
  mode: "anonymous" | "learner";
  sessionId: string;
  source: "lesson" | "review";
  /** Card version per question when the page was rendered (null: no card yet), for the two-tab check. */
  cardVersions: Record<string, number | null>;
  /** Lets the review session move on when a question is recorded. */
  onRecorded?: (questionId: string, result: RecordResult) => void;
  /** In a review session the visible question takes the keyboard without a click. */
  autoFocus?: boolean;
  signInHref?: string;
  offline?: OfflineReview;
}

const QuizContext = createContext<QuizContextValue>({ mode: "anonymous", sessionId: "anonymous", source: "lesson", cardVersions: {} });

export function QuizProvider({ value, children }: { value: QuizContextValue; children: ReactNode }) {
  return <QuizContext.Provider value={value}>{children}</QuizContext.Provider>;
}

export function useQuiz(): QuizContextValue {
  return useContext(QuizContext);
}
