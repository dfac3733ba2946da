"use client";

import { useState } from "react";
import type { Feedback } from "@/lib/quiz/types";
import { QuestionCard } from "./question-card";
import { RATING_LABEL, type QuestionView } from "./types";
import { isTyping, useAnswer, withModifier } from "./use-answer";

/**
 * The model answer and key points, to grade oneself against. With an answer written, each key point is
 * marked found or not (online: the server matched them; offline nothing is marked, and it says so).
 */
function FreeRecallFeedback({ question, feedback, wroteAnswer, offline }: { question: QuestionView; feedback: Extract<Feedback, { kind: "FREE_RECALL" }>; wroteAnswer: boolean; offline: boolean }) {
  const marked = wroteAnswer && !offline;
  return (
    <div className="mt-3 space-y-2 rounded-md border border-[var(--border)] bg-[var(--bg)] p-3">
      <p className="text-sm font-semibold">Model answer</p>
      <div className="prose-lesson">{question.modelAnswer}</div>
      {question.keyPoints && question.keyPoints.length > 0 && (
        <>
          <p className="text-sm font-semibold">Key points</p>
          <ul className="space-y-1 text-sm">
            {question.keyPoints.map((point, i) => {
              const found = feedback.found.includes(i);
              return (
                <li key={i}>
                  <span aria-hidden="true">{marked ? (found ? "✓ " : "○ ") : "• "}</span>
                  {point}
                  {marked && <span className="sr-only">{found ? " (found in your answer)" : " (not found)"}</span>}
                </li>
              );
            })}
          </ul>
          {offline && wroteAnswer && (
            <p className="text-sm text-[var(--fg-muted)]">Offline, Recall does not match your answer to the key points: compare them yourself.</p>
          )}
          {feedback.suggestedRating && (
            <p className="text-sm text-[var(--fg-muted)]">
              Your answer makes {feedback.found.length} of {question.keyPoints.length} key points: we suggest{" "}
              <strong>{RATING_LABEL[feedback.suggestedRating]}</strong>. You decide.
            </p>
          )}
        </>
      )}
    </div>
  );
}

export function FreeRecallCard({ question }: { question: QuestionView }) {
  const [text, setText] = useState("");
  const answer = useAnswer({
    question,
    focusInput: false,
    read: () => ({ response: { kind: "FREE_RECALL", text } }),
    // Space (outside the text box) or Ctrl+Enter (inside it too) shows the model answer.
    ownKey: (event) => {
      const ctrlEnter = withModifier(event) && event.key === "Enter";
      const space = !withModifier(event) && event.key === " " && !isTyping(event);
      return ctrlEnter || space ? "check" : undefined;
    },
  });
  const feedback = answer.feedback?.kind === "FREE_RECALL" ? answer.feedback : null;

  return (
    <QuestionCard
      question={question}
      answer={answer}
      answeringKeys="Keys: Space or Enter show the answer (Ctrl+Enter while typing)"
      checkLabel="Show answer"
      feedback={feedback && <FreeRecallFeedback question={question} feedback={feedback} offline={answer.shownOffline} wroteAnswer={text.trim() !== ""} />}
    >
      <div className="space-y-2">
        <label htmlFor={`${question.anchor}-text`} className="text-sm font-medium">
          Your answer <span className="font-normal text-[var(--fg-muted)]">(optional: you may answer in your head)</span>
        </label>
        <textarea
          id={`${question.anchor}-text`}
          value={text}
          onChange={(e) => setText(e.target.value)}
          readOnly={answer.answered}
          rows={3}
          className="block w-full rounded-md border border-[var(--border)] bg-[var(--bg)] p-2"
        />
      </div>
    </QuestionCard>
  );
}
