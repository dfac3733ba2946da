"use client";

import { useState } from "react";
import { QuestionCard } from "./question-card";
import type { QuestionView } from "./types";
import { useAnswer, withModifier } from "./use-answer";

export function MultipleChoiceCard({ question }: { question: QuestionView }) {
  const [selected, setSelected] = useState<string[]>([]);
  const answer = useAnswer({
    question,
    focusInput: false,
    read: () => (selected.length === 0 ? { problem: "Pick an answer first." } : { response: { kind: "MULTIPLE_CHOICE", choiceIds: selected } }),
    // 1–9 pick the choice of that number (a number past the last choice does nothing).
    ownKey: (event) => {
      if (withModifier(event) || !/^[1-9]$/.test(event.key)) return undefined;
      const choice = question.choices?.[Number(event.key) - 1];
      if (choice) {
        event.preventDefault();
        toggle(choice.id);
      }
      return "handled";
    },
  });
  const feedback = answer.feedback?.kind === "MULTIPLE_CHOICE" ? answer.feedback : null;

  function toggle(id: string) {
    answer.clearInputError();
    setSelected((current) =>
      question.multiple ? (current.includes(id) ? current.filter((c) => c !== id) : [...current, id]) : [id],
    );
  }

  return (
    <QuestionCard
      question={question}
      answer={answer}
      answeringKeys={`Keys: 1–${question.choices?.length ?? 1} pick · Enter check`}
      checkLabel="Check"
      feedback={feedback && <p className="mt-3 font-semibold">{feedback.correct ? "Right." : "Not quite — see the explanations above."}</p>}
    >
      <fieldset className="space-y-2" disabled={answer.answered}>
        <legend className="sr-only">Choices (press 1–{question.choices?.length} to pick, Enter to check)</legend>
        {question.choices?.map((choice, i) => {
          const isSelected = selected.includes(choice.id);
          const isCorrect = feedback?.correctIds.includes(choice.id);
          const tone = feedback
            ? isCorrect
              ? "border-green-600 bg-green-50 dark:bg-green-950"
              : isSelected
                ? "border-red-600 bg-red-50 dark:bg-red-950"
                : "border-[var(--border)]"
            : isSelected
              ? "border-brand-600 bg-brand-50 dark:bg-slate-800"
              : "border-[var(--border)] bg-[var(--bg)]";
          return (
            <label key={choice.id} className={`flex cursor-pointer gap-3 rounded-md border p-3 ${tone}`} data-choice-id={choice.id}>
              <input
                type={question.multiple ? "checkbox" : "radio"}
                name={`${question.id}-choice`}
                className="mt-1"
                checked={isSelected}
                onChange={() => toggle(choice.id)}
              />
              <span className="flex-1">
                <span className="mr-2 font-mono text-xs text-[var(--fg-muted)]" aria-hidden="true">
                  {i + 1}
                </span>
                {choice.content}
                {feedback && (
                  <span className="mt-1 block text-sm">
                    <strong>{isCorrect ? "Correct answer. " : isSelected ? "Not right. " : ""}</strong>
                    {feedback.explanations[choice.id]}
                  </span>
                )}
              </span>
            </label>
          );
        })}
      </fieldset>
    </QuestionCard>
  );
}
