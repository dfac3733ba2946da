"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { undoAnswerAction } from "@/app/actions/quiz";
import { QuizProvider } from "@/components/quiz/quiz-context";
import type { RecordResult } from "@/components/quiz/types";
import { Button } from "@/components/ui/button";

export interface SessionItem {
  cardId: string;
  questionId: string;
  lessonId: string;
  lessonTitle: string;
  version: number;
  node: ReactNode;
}

interface Props {
  /** The cards due now. A refresh of the page (when a card falls due) brings a new list, merged in. */
  items: SessionItem[];
  dueCount: number;
  /** How long until the next card outside this list falls due, as the server counted it. */
  nextDueInMs: number | null;
  sessionId: string;
  filterLabel: string | null;
}

interface Answered {
  item: SessionItem;
  reviewLogId: string;
  correct: boolean;
  versionBefore: number;
  learningAgainAt: number | null;
}

/** Cards due again within this long come back in the same session (learning steps). */
const LEARNING_AHEAD_MS = 20 * 60_000;
/** How long to wait before asking the server again when a refresh brought nothing. */
const REFRESH_RETRY_MS = 60_000;

function relative(ms: number): string {
  const m = Math.round(ms / 60_000);
  if (m < 1) return "less than a minute";
  if (m < 60) return `${m} min`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h`;
  return `${Math.round(h / 24)} days`;
}

export function ReviewSession({ items, dueCount, nextDueInMs, sessionId: firstSessionId, filterLabel }: Props) {
  const router = useRouter();
  // Each render of the page makes a session id; the answers of one open page stay one session.
  const [sessionId] = useState(firstSessionId);
  const [queue, setQueue] = useState<SessionItem[]>(items);
  const [total, setTotal] = useState(items.length);
  const [learning, setLearning] = useState<{ item: SessionItem; at: number }[]>([]);
  const [answered, setAnswered] = useState<Answered[]>([]);
  const [versions, setVersions] = useState<Record<string, number | null>>(() => Object.fromEntries(items.map((i) => [i.questionId, i.version])));
  const [attempt, setAttempt] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const [undoError, setUndoError] = useState<string | null>(null);
  // In this browser's clock: the server's countdown, so a skewed clock does not matter.
  const [earliestNext, setEarliestNext] = useState<number | null>(() => (nextDueInMs === null ? null : Date.now() + nextDueInMs));
  const startedAt = useRef(Date.now());
  const [finishedAt, setFinishedAt] = useState<number | null>(null);

  // Learning cards whose step is up rejoin the front of the queue.
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    const ready = learning.filter((l) => l.at <= now);
    if (ready.length && queue.length === 0) {
      setLearning((ls) => ls.filter((l) => l.at > now));
      setQueue(ready.map((r) => r.item));
      setAttempt((a) => a + 1);
    }
  }, [learning, now, queue.length]);

  // A card outside the session falls due: the page is rendered again on the server (router.refresh
  // keeps this component and its state) and the due cards it brings are merged in below.
  // A refresh that brings nothing (the network was down) is tried again a minute later; one that
  // works replaces `earliestNext` with the server's next due time, in the future.
  const refreshed = useRef<{ target: number; atMs: number } | null>(null);
  useEffect(() => {
    if (earliestNext === null || now < earliestNext) return;
    if (refreshed.current?.target === earliestNext && now - refreshed.current.atMs < REFRESH_RETRY_MS) return;
    refreshed.current = { target: earliestNext, atMs: now };
    router.refresh();
  }, [earliestNext, now, router]);

  const mergedItems = useRef(items);
  useEffect(() => {
    if (mergedItems.current === items) return;
    mergedItems.current = items;
    const inSession = new Set([...queue, ...learning.map((l) => l.item)].map((i) => i.cardId));
    // A card answered since the server read the list shows an older version than the answer left: skip it.
    const fresh = items.filter((i) => !inSession.has(i.cardId) && i.version >= (versions[i.questionId] ?? 0));
    setEarliestNext(nextDueInMs === null ? null : Date.now() + nextDueInMs);
    if (fresh.length === 0) return;
    setVersions((v) => ({ ...v, ...Object.fromEntries(fresh.map((i) => [i.questionId, i.version])) }));
    setQueue((q) => [...q, ...fresh]);
    setTotal((t) => t + fresh.length);
    setFinishedAt(null);
  }, [items, nextDueInMs, queue, learning, versions]);

  const current = queue[0];
  const waiting = !current && learning.length > 0;
  const done = !current && learning.length === 0;
  useEffect(() => {
    if (done && answered.length && finishedAt === null) setFinishedAt(Date.now());
  }, [done, answered.length, finishedAt]);

  const onRecorded = useCallback((questionId: string, result: RecordResult) => {
    const item = queue[0];
    if (!item || item.questionId !== questionId) return;
    const due = result.nextDue ? Date.parse(result.nextDue) : null;
    const comesBack = due !== null && !result.leech && due - Date.now() < LEARNING_AHEAD_MS;
    // Leave the feedback on screen for a moment; the learner can read the interval they earned.
    setTimeout(() => {
      setVersions((v) => ({ ...v, [questionId]: result.version >= 0 ? result.version : v[questionId] ?? null }));
      if (result.reviewLogId) {
        setAnswered((a) => [...a, { item, reviewLogId: result.reviewLogId, correct: result.correct, versionBefore: versions[questionId] ?? item.version, learningAgainAt: comesBack ? due : null }]);
      }
      if (comesBack && due !== null) setLearning((ls) => [...ls, { item, at: due }]);
      else if (due !== null) setEarliestNext((e) => (e === null ? due : Math.min(e, due)));
      setQueue((q) => q.slice(1));
      setAttempt((a) => a + 1);
    }, 700);
  }, [queue, versions]);

  const undo = useCallback(async () => {
    const last = answered[answered.length - 1];
    if (!last) return;
    setUndoError(null);
    const result = await undoAnswerAction({ reviewLogId: last.reviewLogId }).catch(() => null);
    if (!result || !result.ok) {
      setUndoError(result && !result.ok ? result.message : "Could not undo: check your connection.");
      return;
    }
    setAnswered((a) => a.slice(0, -1));
    setLearning((ls) => ls.filter((l) => l.item.cardId !== last.item.cardId));
    setVersions((v) => ({ ...v, [last.item.questionId]: result.version }));
    setQueue((q) => [last.item, ...q.filter((i) => i.cardId !== last.item.cardId)]);
    setFinishedAt(null);
    setAttempt((a) => a + 1);
  }, [answered]);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const t = e.target as HTMLElement;
      if (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === "u" || e.key === "U") {
        e.preventDefault();
        void undo();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [undo]);

  const quiz = useMemo(
    () => ({ mode: "learner" as const, sessionId, source: "review" as const, cardVersions: versions, onRecorded, autoFocus: true }),
    [sessionId, versions, onRecorded],
  );

  const doneCount = answered.length;
  const correctCount = answered.filter((a) => a.correct).length;
  const progress = total ? Math.min(100, Math.round((doneCount / Math.max(total, doneCount + queue.length + learning.length)) * 100)) : 0;

  return (
    <div className="space-y-4">
      <div className="space-y-2">
        <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
          <p>
            <span className="font-semibold" data-testid="due-count">{queue.length}</span> to go ·{" "}
            <span className="font-semibold" data-testid="done-count">{doneCount}</span> done ·{" "}
            <span className="font-semibold">{learning.length}</span> in learning
            {dueCount > total && <span className="text-[var(--fg-muted)]"> · {dueCount - total} more due after this session</span>}
            {filterLabel && <span className="text-[var(--fg-muted)]"> · {filterLabel}</span>}
          </p>
          {answered.length > 0 && (
            <Button type="button" variant="secondary" onClick={() => void undo()} data-testid="undo" aria-keyshortcuts="U">
              Undo last answer <kbd aria-hidden="true" className="key-hint font-mono text-xs font-normal text-[var(--fg-muted)]">U</kbd>
            </Button>
          )}
        </div>
        <div className="h-2 w-full overflow-hidden rounded-full bg-[var(--bg-muted)]" role="progressbar" aria-label="Session progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={progress}>
          <div className="h-full bg-brand-600 transition-all" style={{ width: `${progress}%` }} />
        </div>
      </div>

      {undoError && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {undoError}
        </p>
      )}

      {current && (
        <QuizProvider value={quiz}>
          <div key={`${current.cardId}:${attempt}`}>
            <p className="text-sm text-[var(--fg-muted)]">
              From{" "}
              <Link className="underline" href={`/lessons/${current.lessonId}`}>
                {current.lessonTitle}
              </Link>
            </p>
            {current.node}
          </div>
        </QuizProvider>
      )}

      {waiting && (
        <div role="status" className="rounded-lg border border-[var(--border)] p-6 text-center">
          <p className="font-semibold">Learning cards come back soon.</p>
          <p className="text-[var(--fg-muted)]">
            Next one in {relative(Math.min(...learning.map((l) => l.at)) - now)}. Keep this page open, or come back later.
          </p>
        </div>
      )}

      {done && (
        <section aria-labelledby="summary-heading" className="rounded-lg border border-[var(--border)] p-6" data-testid="session-summary">
          <h2 id="summary-heading" className="mb-2 text-xl font-semibold">
            {doneCount ? "Session complete" : "Nothing is due"}
          </h2>
          {doneCount > 0 ? (
            <ul className="mb-3 space-y-1">
              <li>
                Reviewed: <strong>{doneCount}</strong>
              </li>
              <li>
                Correct: <strong>{correctCount}</strong> ({Math.round((correctCount / doneCount) * 100)}%)
              </li>
              <li>
                Time: <strong>{relative((finishedAt ?? now) - startedAt.current)}</strong>
              </li>
            </ul>
          ) : null}
          <p className="text-[var(--fg-muted)]">
            {earliestNext === null
              ? "You have no cards yet: read a lesson and answer its questions to create some."
              : earliestNext <= now
                ? "Your next review is due now: it appears here in a moment."
                : `Your next review is due in ${relative(earliestNext - now)}. It appears here when it is due; no need to reload.`}
          </p>
          <div className="mt-4 flex gap-3">
            <Link href="/dashboard" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white">
              Back to the dashboard
            </Link>
            <Link href="/courses" className="rounded-md border border-[var(--border)] px-4 py-2 text-sm font-semibold">
              Read a lesson
            </Link>
          </div>
        </section>
      )}
    </div>
  );
}
