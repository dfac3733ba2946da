"use client";

import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { gradeAnswerAction } from "@/app/actions/quiz";
import { allowedRatings, defaultRating } from "@/lib/quiz/grade";
import type { Feedback, QuestionResponse } from "@/lib/quiz/types";
import type { RecordInput } from "@/lib/reviews/schemas";
import type { Rating } from "@/lib/srs/rating";
import { useQuiz } from "./quiz-context";
import { recordAnswer } from "./record-answer";
import type { QuestionView, RecordResult } from "./types";

export type Phase = "answering" | "grading" | "graded" | "saving" | "saved" | "failed";

/** What a kind's inputs hold now: the response to send, or why there is none yet (shown under the inputs). */
export type ReadResponse = () => { response: QuestionResponse } | { problem: string };

/** A kind's own key while answering: "check" checks the answer, "handled" stops it there, undefined leaves it to the common keys. */
export type OwnKey = (event: KeyboardEvent<HTMLElement>) => "check" | "handled" | undefined;

/**
 * A save that failed for want of the server or the database is retried on its own, with the same
 * idempotency key (recorded once however many attempts reach the server): about 30 s in all, enough
 * for a database restart. After that the Retry button stays.
 */
const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 15000];

/** An answer left open for hours still records a bounded duration (the server refuses more). */
const MAX_DURATION_MS = 3_600_000;

const CHECKED_BY_SERVER = "This card is checked by the server: set it aside until you are back online.";

/** A leftover from a stale tab: the review session moves on as if the answer were recorded. */
const CONFLICT_RESULT: RecordResult = { ok: true, reviewLogId: "", duplicate: true, nextDue: "", nextIntervalLabel: "", state: "REVIEW", leech: false, correct: false, version: -1 };

/**
 * One question's way from answer to saved review, whatever its kind: checking on the server, grading,
 * recording with retries, keeping the answer on the device offline, and the keyboard and focus that go
 * with each phase. The kind's component owns its inputs and tells the hook what they hold (`read`).
 */
export function useAnswer({ question, read, focusInput, ownKey }: { question: QuestionView; read: ReadResponse; focusInput: boolean; ownKey?: OwnKey }) {
  const quiz = useQuiz();
  const rootRef = useRef<HTMLElement>(null);
  const continueRef = useRef<HTMLButtonElement>(null);
  const startedAt = useRef<number>(0);
  const key = useRef<string>("");
  const retryTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [phase, setPhase] = useState<Phase>("answering");
  const [inputError, setInputError] = useState<string | null>(null);
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const [intervals, setIntervals] = useState<Record<Rating, string> | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<RecordResult | null>(null);
  const [pendingRating, setPendingRating] = useState<Rating | null>(null);
  const [retryInSeconds, setRetryInSeconds] = useState<number | null>(null);
  const [queued, setQueued] = useState(false);
  const [shownOffline, setShownOffline] = useState(false);
  const learner = quiz.mode === "learner";
  const offline = quiz.offline;
  const selfGraded = question.kind === "FREE_RECALL";
  // Offline, a free-recall card is shown and self-graded here; the other kinds need the server to be checked.
  const waitsForConnection = offline !== undefined && !offline.online && !selfGraded;
  // The server keeps the answer key from visitors: they may try these in their head, then sign in.
  const checkable = learner || selfGraded;

  useEffect(() => () => clearTimeout(retryTimer.current), []);

  useEffect(() => {
    startedAt.current = Date.now();
    key.current = crypto.randomUUID();
    if (quiz.autoFocus) {
      // An estimate needs typing; the other kinds take Space/Enter/1–9 straight away (Tab reaches the text box).
      const input = focusInput ? rootRef.current?.querySelector<HTMLElement>("input") : null;
      (input ?? rootRef.current)?.focus();
    }
  }, [quiz.autoFocus, focusInput]);

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

  /** What recording a learner's answer needs besides the answer and its grade. */
  function recordFields() {
    return {
      durationMs: Math.min(Date.now() - startedAt.current, MAX_DURATION_MS),
      idempotencyKey: key.current,
      sessionId: quiz.sessionId,
      source: quiz.source,
      expectedVersion: quiz.cardVersions[question.id] ?? null,
    };
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
      if (selfGraded) return showModelAnswerOffline();
      setInputError(CHECKED_BY_SERVER);
      return;
    }
    const reading = read();
    if ("problem" in reading) {
      setInputError(reading.problem);
      return;
    }
    setInputError(null);
    setPhase("grading");
    try {
      // A learner's answer carries what recording it needs: a wrong one is recorded as it is graded.
      const result = await gradeAnswerAction({ questionId: question.id, response: reading.response, ...(learner ? recordFields() : {}) });
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
        if (selfGraded) return showModelAnswerOffline();
        setInputError(CHECKED_BY_SERVER);
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
    const reading = read();
    if ("problem" in reading) return;
    clearTimeout(retryTimer.current);
    setRetryInSeconds(null);
    setPendingRating(rating);
    setPhase("saving");
    setError(null);
    const input = { questionId: question.id, response: reading.response, rating, ...recordFields() };
    if (isOffline()) return keepOnDevice(input);
    try {
      const result = await recordAnswer(input);
      if (!result.ok) {
        if (result.code === "UNAVAILABLE") return failSave(rating, attempt, result.message);
        setError(result.message);
        setPhase(result.code === "CONFLICT" ? "saved" : "failed");
        if (result.code === "CONFLICT") quiz.onRecorded?.(question.id, CONFLICT_RESULT);
        return;
      }
      setSaved(result);
      setPhase("saved");
      quiz.onRecorded?.(question.id, result);
    } catch {
      // recordAnswer turns every reply into a result: a throw is the request not getting through.
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

  /**
   * The kind's own keys first while answering (1–9 pick a choice, Space shows a model answer), then the
   * keys every kind shares: Enter checks (a text area keeps Enter for new lines), 1–4 grade, and Enter
   * or Space accept the grade preselected.
   */
  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    const own = phase === "answering" ? ownKey?.(event) : undefined;
    if (own === "check") {
      event.preventDefault();
      void check();
    }
    if (own !== undefined || withModifier(event)) return;
    const target = event.target as HTMLElement;
    if (phase === "answering") {
      if (event.key === "Enter" && target.tagName !== "TEXTAREA") {
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

  return {
    rootRef,
    continueRef,
    phase,
    /** Past the check: the inputs are read-only and the feedback shows. */
    answered: phase !== "answering" && phase !== "grading",
    inputError,
    clearInputError: () => setInputError(null),
    feedback,
    intervals,
    error,
    saved,
    pendingRating,
    retryInSeconds,
    queued,
    shownOffline,
    learner,
    checkable,
    waitsForConnection,
    check,
    record,
    onKeyDown,
  };
}

export type Answer = ReturnType<typeof useAnswer>;

/** A key pressed with Alt, Ctrl or Meta: shortcuts of the browser, not the card's (but Ctrl+Enter, see free recall). */
export function withModifier(event: KeyboardEvent<HTMLElement>): boolean {
  return event.altKey || event.ctrlKey || event.metaKey;
}

/** The key went to a text field: Space is a space there, not a command. */
export function isTyping(event: KeyboardEvent<HTMLElement>): boolean {
  const tag = (event.target as HTMLElement).tagName;
  return tag === "TEXTAREA" || tag === "INPUT";
}
