"use client";

import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import Link from "next/link";
import { gradeAnswerAction, recordAnswerAction } from "@/app/actions/quiz";
import { allowedRatings, defaultRating } from "@/lib/quiz/grade";
import type { Feedback, QuestionResponse } from "@/lib/quiz/types";
import type { RecordInput } from "@/lib/reviews/schemas";
import type { Rating } from "@/lib/srs/rating";
import { useQuiz } from "./quiz-context";
import { RATING_LABEL, type QuestionView, type RecordResult } from "./types";

type Phase = "answering" | "grading" | "graded" | "saving" | "saved" | "failed";

const KIND_LABEL = { MULTIPLE_CHOICE: "Multiple choice", FREE_RECALL: "Free recall", ESTIMATE: "Estimate" } as const;

/**
 * A save that failed for want of the server or the database is retried on its own, with the same
 * idempotency key (recorded once however many attempts reach the server): about 30 s in all, enough
 * for a database restart. After that the Retry button stays.
 */
const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 15000];

/** The grade keys that work, as a range: a wrong answer takes only 1, a right one 2–4. */
function ratingKeys(ratings: Rating[]): string {
  return ratings.length === 1 ? String(ratings[0]) : `${ratings[0]}–${ratings[ratings.length - 1]}`;
}

/** What the keyboard does before the answer is checked, as onKeyDown handles each kind. */
function answeringKeys(question: QuestionView): string {
  if (question.kind === "MULTIPLE_CHOICE") return `Keys: 1–${question.choices?.length ?? 1} pick · Enter check`;
  if (question.kind === "ESTIMATE") return "Keys: Enter checks your estimate";
  return "Keys: Space or Enter show the answer (Ctrl+Enter while typing)";
}

function formatNumber(n: number): string {
  return new Intl.NumberFormat("en-US", { maximumSignificantDigits: 4 }).format(n);
}

export function QuestionCard({ question }: { question: QuestionView }) {
  const quiz = useQuiz();
  const rootRef = useRef<HTMLElement>(null);
  const startedAt = useRef<number>(0);
  const key = useRef<string>("");
  const [phase, setPhase] = useState<Phase>("answering");
  const [selected, setSelected] = useState<string[]>([]);
  const [text, setText] = useState("");
  const [value, setValue] = useState("");
  const [inputError, setInputError] = useState<string | null>(null);
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const [intervals, setIntervals] = useState<Record<Rating, string> | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<RecordResult | null>(null);
  const [pendingRating, setPendingRating] = useState<Rating | null>(null);
  const [retryInSeconds, setRetryInSeconds] = useState<number | null>(null);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const continueRef = useRef<HTMLButtonElement>(null);
  const learner = quiz.mode === "learner";
  const offline = quiz.offline;
  const [queued, setQueued] = useState(false);
  const [shownOffline, setShownOffline] = useState(false);
  // Offline, a free-recall card is shown and self-graded here; the other kinds need the server to be checked.
  const waitsForConnection = offline !== undefined && !offline.online && question.kind !== "FREE_RECALL";
  // The server keeps the answer key from visitors: they may try these in their head, then sign in.
  const checkable = learner || question.kind === "FREE_RECALL";

  useEffect(() => () => clearTimeout(retryTimer.current), []);

  useEffect(() => {
    startedAt.current = Date.now();
    key.current = crypto.randomUUID();
    if (quiz.autoFocus) {
      // An estimate needs typing; the other kinds take Space/Enter/1–9 straight away (Tab reaches the text box).
      const input = question.kind === "ESTIMATE" ? rootRef.current?.querySelector<HTMLElement>("input") : null;
      (input ?? rootRef.current)?.focus();
    }
  }, [quiz.autoFocus, question.kind]);

  // Once graded, the keyboard goes to the default grade (Enter accepts it; 1–4 pick another). The
  // Check button has gone, so without this focus would fall back to the page body.
  useEffect(() => {
    if (phase !== "graded") return;
    const target = rootRef.current?.querySelector<HTMLElement>("[data-default-rating]") ?? rootRef.current;
    target?.focus();
  }, [phase]);

  // A wrong answer is saved as it is checked; in a review session the learner reads the explanation,
  // then goes on with Enter.
  useEffect(() => {
    if (phase === "saved" && saved && !saved.correct) continueRef.current?.focus();
  }, [phase, saved]);

  function response(): QuestionResponse | null {
    if (question.kind === "MULTIPLE_CHOICE") return { kind: "MULTIPLE_CHOICE", choiceIds: selected };
    if (question.kind === "FREE_RECALL") return { kind: "FREE_RECALL", text };
    const parsed = Number(value.replace(/[,_\s]/g, ""));
    if (value.trim() === "" || !Number.isFinite(parsed)) return null;
    return { kind: "ESTIMATE", value: parsed, unit: question.unit };
  }

  /** In an offline review the connection is gone: the browser says so, or a request just failed with it. */
  function isOffline(): boolean {
    return offline !== undefined && (!offline.online || !navigator.onLine);
  }

  /** Free recall's model answer and key points are on the page already: offline they are shown without the server's key-point match. */
  function showModelAnswerOffline() {
    setFeedback({ kind: "FREE_RECALL", found: [] });
    setShownOffline(true);
    setIntervals(undefined);
    setPhase("graded");
  }

  async function check() {
    if (!checkable || (phase !== "answering" && phase !== "failed")) return;
    if (isOffline()) {
      if (question.kind === "FREE_RECALL") return showModelAnswerOffline();
      setInputError("This card is checked by the server: set it aside until you are back online.");
      return;
    }
    if (question.kind === "MULTIPLE_CHOICE" && selected.length === 0) {
      setInputError("Pick an answer first.");
      return;
    }
    const r = response();
    if (!r) {
      setInputError("Enter a number, such as 864000000 or 8.64e8.");
      return;
    }
    setInputError(null);
    setPhase("grading");
    try {
      // A learner's answer carries what recording it needs: a wrong one is recorded as it is graded.
      const recordFields = learner
        ? { durationMs: Math.min(Date.now() - startedAt.current, 3_600_000), idempotencyKey: key.current, sessionId: quiz.sessionId, source: quiz.source, expectedVersion: quiz.cardVersions[question.id] ?? null }
        : {};
      const result = await gradeAnswerAction({ questionId: question.id, response: r, ...recordFields });
      if (!result.ok) {
        setInputError(result.message);
        setPhase("answering");
        return;
      }
      setFeedback(result.feedback);
      setIntervals(result.intervals);
      if (result.recorded) {
        setSaved(result.recorded);
        setPhase("saved");
        return;
      }
      setPhase("graded");
    } catch {
      // Our actions answer every error themselves: a throw is the request not getting through.
      if (offline) {
        offline.reportUnreachable();
        if (question.kind === "FREE_RECALL") return showModelAnswerOffline();
        setInputError("This card is checked by the server: set it aside until you are back online.");
        setPhase("answering");
        return;
      }
      setInputError("Could not reach Recall to check this answer. It is still here: try again.");
      setPhase("answering");
    }
  }

  function failSave(rating: Rating, attempt: number, message: string) {
    setError(message);
    setPhase("failed");
    const delay = RETRY_DELAYS_MS[attempt];
    setRetryInSeconds(delay === undefined ? null : Math.round(delay / 1000));
    if (delay !== undefined) retryTimer.current = setTimeout(() => void record(rating, attempt + 1), delay);
  }

  async function record(rating: Rating, attempt = 0) {
    if (!feedback || !learner || !allowedRatings(feedback).includes(rating)) return;
    const r = response();
    if (!r) return;
    clearTimeout(retryTimer.current);
    setRetryInSeconds(null);
    setPendingRating(rating);
    setPhase("saving");
    setError(null);
    const input = {
      questionId: question.id,
      response: r,
      rating,
      durationMs: Math.min(Date.now() - startedAt.current, 3_600_000),
      idempotencyKey: key.current,
      sessionId: quiz.sessionId,
      source: quiz.source,
      expectedVersion: quiz.cardVersions[question.id] ?? null,
    };
    if (isOffline()) return keepOnDevice(input);
    try {
      const result = await recordAnswerAction(input);
      if (!result.ok) {
        if (result.code === "UNAVAILABLE") return failSave(rating, attempt, result.message);
        setError(result.message);
        setPhase(result.code === "CONFLICT" ? "saved" : "failed");
        if (result.code === "CONFLICT") quiz.onRecorded?.(question.id, { ok: true, reviewLogId: "", duplicate: true, nextDue: "", nextIntervalLabel: "", state: "REVIEW", leech: false, correct: false, version: -1 });
        return;
      }
      setSaved(result);
      setPhase("saved");
      quiz.onRecorded?.(question.id, result);
    } catch {
      if (offline) {
        offline.reportUnreachable();
        return keepOnDevice(input);
      }
      failSave(rating, attempt, "Could not save your answer — it is still here. Check your connection and retry.");
    }
  }

  /** Offline: the answer waits on this device with its idempotency key, and is sent when the connection returns. */
  async function keepOnDevice(input: RecordInput) {
    if (!offline) return;
    try {
      await offline.queue(input);
      setQueued(true);
      setPhase("saved");
    } catch {
      setError("Could not keep your answer on this device (its storage is full or blocked). It is still here: retry when you are online.");
      setPhase("failed");
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (event.altKey || event.ctrlKey || event.metaKey) {
      if (event.key === "Enter" && question.kind === "FREE_RECALL" && phase === "answering") {
        event.preventDefault();
        void check();
      }
      return;
    }
    const target = event.target as HTMLElement;
    const typing = target.tagName === "TEXTAREA" || target.tagName === "INPUT";
    if (phase === "answering") {
      if (question.kind === "MULTIPLE_CHOICE" && /^[1-9]$/.test(event.key)) {
        const choice = question.choices?.[Number(event.key) - 1];
        if (choice) {
          event.preventDefault();
          toggle(choice.id);
        }
      } else if (event.key === "Enter" && !(typing && target.tagName === "TEXTAREA")) {
        event.preventDefault();
        void check();
      } else if (event.key === " " && !typing && question.kind === "FREE_RECALL") {
        event.preventDefault();
        void check();
      }
      return;
    }
    if ((phase === "graded" || phase === "failed") && feedback && learner) {
      if (/^[1-4]$/.test(event.key)) {
        event.preventDefault();
        void record(Number(event.key) as Rating);
      } else if (event.key === "Enter" || event.key === " ") {
        if (target.tagName === "BUTTON") return;
        const rating = pendingRating ?? defaultRating(feedback);
        if (rating === null) return;
        event.preventDefault();
        void record(rating);
      }
    }
  }

  function toggle(id: string) {
    setInputError(null);
    setSelected((current) =>
      question.multiple ? (current.includes(id) ? current.filter((c) => c !== id) : [...current, id]) : [id],
    );
  }

  const answered = phase !== "answering" && phase !== "grading";
  const headingId = `${question.anchor}-prompt`;

  return (
    <section
      ref={rootRef}
      id={question.anchor}
      tabIndex={-1}
      onKeyDown={onKeyDown}
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

      {question.kind === "MULTIPLE_CHOICE" && (
        <fieldset className="space-y-2" disabled={answered}>
          <legend className="sr-only">Choices (press 1–{question.choices?.length} to pick, Enter to check)</legend>
          {question.choices?.map((choice, i) => {
            const isSelected = selected.includes(choice.id);
            const fb = feedback?.kind === "MULTIPLE_CHOICE" ? feedback : null;
            const isCorrect = fb?.correctIds.includes(choice.id);
            const tone = fb
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
                  {fb && (
                    <span className="mt-1 block text-sm">
                      <strong>{isCorrect ? "Correct answer. " : isSelected ? "Not right. " : ""}</strong>
                      {fb.explanations[choice.id]}
                    </span>
                  )}
                </span>
              </label>
            );
          })}
        </fieldset>
      )}

      {question.kind === "FREE_RECALL" && (
        <div className="space-y-2">
          <label htmlFor={`${question.anchor}-text`} className="text-sm font-medium">
            Your answer <span className="font-normal text-[var(--fg-muted)]">(optional: you may answer in your head)</span>
          </label>
          <textarea
            id={`${question.anchor}-text`}
            value={text}
            onChange={(e) => setText(e.target.value)}
            readOnly={answered}
            rows={3}
            className="block w-full rounded-md border border-[var(--border)] bg-[var(--bg)] p-2"
          />
        </div>
      )}

      {question.kind === "ESTIMATE" && (
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
              readOnly={answered}
              aria-invalid={inputError ? true : undefined}
              aria-describedby={inputError ? `${question.anchor}-error` : undefined}
              className="w-48 rounded-md border border-[var(--border)] bg-[var(--bg)] px-3 py-2"
            />
          </div>
          <span className="pb-2 text-sm text-[var(--fg-muted)]">{question.unit}</span>
        </div>
      )}

      {inputError && (
        <p id={`${question.anchor}-error`} role="alert" className="mt-2 text-sm font-medium text-red-700 dark:text-red-400">
          {inputError}
        </p>
      )}

      {!answered && !checkable && (
        <p className="mt-3 text-sm" data-sign-in-to-check>
          <Link className="font-semibold underline" href={quiz.signInHref ?? "/signin"}>
            Sign in
          </Link>{" "}
          to check your answer: Recall then keeps it and brings the question back before you forget it.
        </p>
      )}

      {!answered && waitsForConnection && (
        <div className="mt-3 space-y-2" data-waits-for-connection>
          <p className="text-sm">You are offline. {KIND_LABEL[question.kind]} is checked by the server, so this card waits until you are back online.</p>
          <button
            type="button"
            onClick={() => offline?.setAside(question.id)}
            className="min-h-11 rounded-md border border-[var(--border)] bg-[var(--bg)] px-4 py-2 text-sm font-semibold hover:bg-[var(--bg-muted)]"
          >
            Set aside until online
          </button>
        </div>
      )}

      {!answered && checkable && !waitsForConnection && (
        <button
          type="button"
          onClick={() => void check()}
          disabled={phase === "grading"}
          className="mt-3 rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
        >
          {phase === "grading" ? "Checking…" : question.kind === "FREE_RECALL" ? "Show answer" : "Check"}
        </button>
      )}
      {!answered && (
        <p className="key-hint mt-2 text-xs text-[var(--fg-muted)]" data-testid="answer-keys">
          {answeringKeys(question)}
        </p>
      )}

      <div aria-live="polite">
        {feedback?.kind === "MULTIPLE_CHOICE" && (
          <p className="mt-3 font-semibold">{feedback.correct ? "Right." : "Not quite — see the explanations above."}</p>
        )}
        {feedback?.kind === "ESTIMATE" && (
          <div className="mt-3 space-y-1">
            <p className="font-semibold">
              {feedback.correct ? "Within tolerance." : "Outside the tolerance."} The answer is {formatNumber(feedback.answer)} {feedback.unit} (
              {feedback.toleranceLabel}); yours is{" "}
              {feedback.factor <= 1.0001 ? "exact" : `off by a factor of ${feedback.factor.toFixed(feedback.factor < 10 ? 2 : 0)}`}.
            </p>
            <p className="text-sm">{feedback.solution}</p>
          </div>
        )}
        {feedback?.kind === "FREE_RECALL" && (
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
                        <span aria-hidden="true">{text.trim() && !shownOffline ? (found ? "✓ " : "○ ") : "• "}</span>
                        {point}
                        {text.trim() && !shownOffline && <span className="sr-only">{found ? " (found in your answer)" : " (not found)"}</span>}
                      </li>
                    );
                  })}
                </ul>
                {shownOffline && text.trim() && (
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
        )}
      </div>

      {feedback && (phase === "graded" || phase === "saving" || phase === "failed") && learner && (
        <div className="mt-4 space-y-2">
          <p className="text-sm text-[var(--fg-muted)]">
            {feedback.kind === "FREE_RECALL" && "How well did you remember it? "}
            <span className="key-hint" data-testid="grade-keys">
              Keys {ratingKeys(allowedRatings(feedback))}
              {defaultRating(feedback) !== null ? " or Enter to go on." : " to grade."}
            </span>
          </p>
          <div className="grid grid-cols-2 gap-2 sm:flex sm:flex-wrap" role="group" aria-label="Grade your answer">
            {allowedRatings(feedback).map((rating) => (
              <button
                key={rating}
                type="button"
                onClick={() => void record(rating)}
                disabled={phase === "saving"}
                data-rating={rating}
                {...(rating === defaultRating(feedback) ? { "data-default-rating": true } : {})}
                className={`min-h-11 rounded-md border px-4 py-2 text-sm font-semibold ${
                  rating === defaultRating(feedback)
                    ? "border-brand-600 bg-brand-600 text-white hover:bg-brand-700"
                    : "border-[var(--border)] bg-[var(--bg)] hover:bg-[var(--bg-muted)]"
                }`}
              >
                <span className="mr-1 font-mono text-xs opacity-80">{rating}</span> {RATING_LABEL[rating]}
                {intervals && <span className="ml-2 text-xs font-normal opacity-90">{intervals[rating]}</span>}
              </button>
            ))}
          </div>
        </div>
      )}

      {phase === "failed" && error && (
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-400">
            {error}
            {retryInSeconds !== null && ` Trying again in ${retryInSeconds} s…`}
          </p>
          {pendingRating !== null && (
            <button
              type="button"
              onClick={() => void record(pendingRating)}
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
          {queued
            ? "Kept on this device: it is sent when you are back online."
            : saved
            ? `Saved. ${saved.leech ? "This card keeps slipping away (a leech): it is set aside. Reread its lesson, then relearn it from your dashboard. " : ""}Next review ${saved.nextIntervalLabel ? `in ${saved.nextIntervalLabel}` : "scheduled"}.`
            : (error ?? "Already reviewed.")}
        </p>
      )}
      {phase === "saved" && saved && !saved.correct && quiz.onRecorded && (
        <button
          ref={continueRef}
          type="button"
          onClick={() => quiz.onRecorded?.(question.id, saved)}
          data-continue
          className="mt-3 min-h-11 rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700"
        >
          Continue (Enter)
        </button>
      )}
      {feedback && !learner && (
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
