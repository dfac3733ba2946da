"use client";

import type { ReactNode } from "react";
import Link from "next/link";
import { allowedRatings, defaultRating } from "@/lib/quiz/grade";
import type { Rating } from "@/lib/srs/rating";
import { useQuiz } from "./quiz-context";
import { RATING_LABEL, type QuestionView } from "./types";
import type { Answer } from "./use-answer";

const KIND_LABEL = { MULTIPLE_CHOICE: "Multiple choice", FREE_RECALL: "Free recall", ESTIMATE: "Estimate" } as const;

/** The grade keys that work, as a range: a wrong answer takes only 1, a right one 2–4. */
function ratingKeys(ratings: Rating[]): string {
  return ratings.length === 1 ? String(ratings[0]) : `${ratings[0]}–${ratings[ratings.length - 1]}`;
}

interface QuestionCardProps {
  question: QuestionView;
  answer: Answer;
  /** The kind's inputs (choices, a text area, a number field). */
  children: ReactNode;
  /** The kind's feedback once checked, read out as it appears. */
  feedback: ReactNode;
  /** What the keyboard does before the answer is checked (the kind's own keys and Enter). */
  answeringKeys: string;
  checkLabel: string;
}

/**
 * What every question card shows around its kind's inputs and feedback: the prompt, the Check button
 * or why there is none, the grade buttons, and where the save stands (retrying, kept offline, saved).
 */
export function QuestionCard({ question, answer, children, feedback, answeringKeys, checkLabel }: QuestionCardProps) {
  const quiz = useQuiz();
  const { phase, answered, learner, saved, pendingRating } = answer;
  const headingId = `${question.anchor}-prompt`;
  const graded = answer.feedback;

  return (
    <section
      ref={answer.rootRef}
      id={question.anchor}
      tabIndex={-1}
      onKeyDown={answer.onKeyDown}
      aria-labelledby={headingId}
      data-question-id={question.id}
      data-phase={phase}
      className="not-prose my-6 scroll-mt-20 rounded-lg border border-[var(--border)] bg-[var(--bg-muted)] p-4 sm:p-5"
    >
      <p className="mb-2 text-xs font-semibold uppercase tracking-wide text-[var(--fg-muted)]">
        {KIND_LABEL[question.kind]}
        {question.multiple ? " · pick every correct answer" : ""}
      </p>
      {question.context ? (
        <div className="prose-lesson mb-3" data-question-context>
          {question.context}
        </div>
      ) : null}
      <div id={headingId} className="prose-lesson mb-3 font-medium">
        {question.prompt}
      </div>

      {children}

      {answer.inputError && (
        <p id={`${question.anchor}-error`} role="alert" className="mt-2 text-sm font-medium text-red-700 dark:text-red-400">
          {answer.inputError}
        </p>
      )}

      {!answered && !answer.checkable && (
        <p className="mt-3 text-sm" data-sign-in-to-check>
          <Link className="font-semibold underline" href={quiz.signInHref ?? "/signin"}>
            Sign in
          </Link>{" "}
          to check your answer: Recall then keeps it and brings the question back before you forget it.
        </p>
      )}

      {!answered && answer.waitsForConnection && (
        <div className="mt-3 space-y-2" data-waits-for-connection>
          <p className="text-sm">You are offline. {KIND_LABEL[question.kind]} is checked by the server, so this card waits until you are back online.</p>
          <button
            type="button"
            onClick={() => quiz.offline?.setAside(question.id)}
            className="min-h-11 rounded-md border border-[var(--border)] bg-[var(--bg)] px-4 py-2 text-sm font-semibold hover:bg-[var(--bg-muted)]"
          >
            Set aside until online
          </button>
        </div>
      )}

      {!answered && answer.checkable && !answer.waitsForConnection && (
        <button
          type="button"
          onClick={() => void answer.check()}
          disabled={phase === "grading"}
          className="mt-3 rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
        >
          {phase === "grading" ? "Checking…" : checkLabel}
        </button>
      )}
      {!answered && (
        <p className="key-hint mt-2 text-xs text-[var(--fg-muted)]" data-testid="answer-keys">
          {answeringKeys}
        </p>
      )}

      <div aria-live="polite">{feedback}</div>

      {graded && (phase === "graded" || phase === "saving" || phase === "failed") && learner && (
        <div className="mt-4 space-y-2">
          <p className="text-sm text-[var(--fg-muted)]">
            {graded.kind === "FREE_RECALL" && "How well did you remember it? "}
            <span className="key-hint" data-testid="grade-keys">
              Keys {ratingKeys(allowedRatings(graded))}
              {defaultRating(graded) !== null ? " or Enter to go on." : " to grade."}
            </span>
          </p>
          <div className="grid grid-cols-2 gap-2 sm:flex sm:flex-wrap" role="group" aria-label="Grade your answer">
            {allowedRatings(graded).map((rating) => (
              <button
                key={rating}
                type="button"
                onClick={() => void answer.record(rating)}
                disabled={phase === "saving"}
                data-rating={rating}
                {...(rating === defaultRating(graded) ? { "data-default-rating": true } : {})}
                className={`min-h-11 rounded-md border px-4 py-2 text-sm font-semibold ${
                  rating === defaultRating(graded)
                    ? "border-brand-600 bg-brand-600 text-white hover:bg-brand-700"
                    : "border-[var(--border)] bg-[var(--bg)] hover:bg-[var(--bg-muted)]"
                }`}
              >
                <span className="mr-1 font-mono text-xs opacity-80">{rating}</span> {RATING_LABEL[rating]}
                {answer.intervals && <span className="ml-2 text-xs font-normal opacity-90">{answer.intervals[rating]}</span>}
              </button>
            ))}
          </div>
        </div>
      )}

      {phase === "failed" && answer.error && (
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-400">
            {answer.error}
            {answer.retryInSeconds !== null && ` Trying again in ${answer.retryInSeconds} s…`}
          </p>
          {pendingRating !== null && (
            <button
              type="button"
              onClick={() => void answer.record(pendingRating)}
              data-retry
              className="min-h-11 rounded-md border border-[var(--border)] bg-[var(--bg)] px-4 py-2 text-sm font-semibold hover:bg-[var(--bg-muted)]"
            >
              Retry now
            </button>
          )}
        </div>
      )}
      {phase === "saved" && (
        <p role="status" className="mt-3 text-sm font-medium text-green-800 dark:text-green-300">
          {answer.queued
            ? "Kept on this device: it is sent when you are back online."
            : saved
            ? `Saved. ${saved.leech ? "This card keeps slipping away (a leech): it is set aside. Reread its lesson, then relearn it from your dashboard. " : ""}Next review ${saved.nextIntervalLabel ? `in ${saved.nextIntervalLabel}` : "scheduled"}.`
            : (answer.error ?? "Already reviewed.")}
        </p>
      )}
      {phase === "saved" && saved && !saved.correct && quiz.onRecorded && (
        <button
          ref={answer.continueRef}
          type="button"
          onClick={() => quiz.onRecorded?.(question.id, saved)}
          data-continue
          className="mt-3 min-h-11 rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700"
        >
          Continue (Enter)
        </button>
      )}
      {graded && !learner && (
        <p className="mt-3 text-sm text-[var(--fg-muted)]">
          <Link className="underline" href={quiz.signInHref ?? "/signin"}>
            Sign in
          </Link>{" "}
          to keep this question: it becomes a card that comes back just before you would forget it.
        </p>
      )}
    </section>
  );
}
