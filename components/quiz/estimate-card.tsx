"use client";

import { useState } from "react";
import type { Feedback } from "@/lib/quiz/types";
import { QuestionCard } from "./question-card";
import type { QuestionView } from "./types";
import { useAnswer } from "./use-answer";

function formatNumber(n: number): string {
  return new Intl.NumberFormat("en-US", { maximumSignificantDigits: 4 }).format(n);
}

/** The typed estimate as a number: digit separators (1,000 · 1_000 · 1 000) and exponents (8.64e8) allowed. */
function parseEstimate(value: string): number | null {
  const parsed = Number(value.replace(/[,_\s]/g, ""));
  return value.trim() === "" || !Number.isFinite(parsed) ? null : parsed;
}

/** How far the estimate is from the answer, and the worked solution. */
function EstimateFeedback({ feedback }: { feedback: Extract<Feedback, { kind: "ESTIMATE" }> }) {
  return (
    <div className="mt-3 space-y-1">
      <p className="font-semibold">
        {feedback.correct ? "Within tolerance." : "Outside the tolerance."} The answer is {formatNumber(feedback.answer)} {feedback.unit} (
        {feedback.toleranceLabel}); yours is{" "}
        {feedback.factor <= 1.0001 ? "exact" : `off by a factor of ${feedback.factor.toFixed(feedback.factor < 10 ? 2 : 0)}`}.
      </p>
      <p className="text-sm">{feedback.solution}</p>
    </div>
  );
}

export function EstimateCard({ question }: { question: QuestionView }) {
  const [value, setValue] = useState("");
  const answer = useAnswer({
    question,
    // An estimate needs typing: a review session puts the keyboard in its field.
    focusInput: true,
    read: () => {
      const parsed = parseEstimate(value);
      return parsed === null ? { problem: "Enter a number, such as 864000000 or 8.64e8." } : { response: { kind: "ESTIMATE", value: parsed, unit: question.unit } };
    },
  });
  const feedback = answer.feedback?.kind === "ESTIMATE" ? answer.feedback : null;

  return (
    <QuestionCard
      question={question}
      answer={answer}
      answeringKeys="Keys: Enter checks your estimate"
      checkLabel="Check"
      feedback={feedback && <EstimateFeedback feedback={feedback} />}
    >
      <div className="flex flex-wrap items-end gap-2">
        <div className="space-y-1">
          <label htmlFor={`${question.anchor}-value`} className="block text-sm font-medium">
            Your estimate
          </label>
          <input
            id={`${question.anchor}-value`}
            inputMode="decimal"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            readOnly={answer.answered}
            aria-invalid={answer.inputError ? true : undefined}
            aria-describedby={answer.inputError ? `${question.anchor}-error` : undefined}
            className="w-48 rounded-md border border-[var(--border)] bg-[var(--bg)] px-3 py-2"
          />
        </div>
        <span className="pb-2 text-sm text-[var(--fg-muted)]">{question.unit}</span>
      </div>
    </QuestionCard>
  );
}
