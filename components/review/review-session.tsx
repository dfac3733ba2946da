"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { undoAnswerAction } from "@/app/actions/quiz";
import { QuizProvider, type OfflineReview } from "@/components/quiz/quiz-context";
import { RATING_LABEL, type RecordResult } from "@/components/quiz/types";
import { Button } from "@/components/ui/button";
import { waitingLabel } from "@/lib/offline/send-outcome";
import type { RecordInput } from "@/lib/reviews/schemas";
import { knownCardVersions, listQueuedAnswers, rememberCardVersion } from "./offline-store";
import { registerReviewWorker } from "./service-worker";
import { useOfflineAnswers } from "./use-offline-answers";

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
  /** The signed-in learner: answers kept on this device are only sent under their session. */
  userId: string;
}

interface Answered {
  item: SessionItem;
  /** Null while the answer waits on this device to be sent. */
  reviewLogId: string | null;
  /** Set for an answer given offline, until the server has recorded it. */
  idempotencyKey?: string;
  /** Null until the server has graded it (an answer given offline). */
  correct: boolean | null;
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

export function ReviewSession({ items, dueCount, nextDueInMs, sessionId: firstSessionId, filterLabel, userId }: Props) {
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
  // Cards the server must check (multiple choice, estimates), put aside while offline.
  const [setAside, setSetAside] = useState<SessionItem[]>([]);
  // What became of answers sent after the connection returned, when it is not what the learner saw.
  const [notices, setNotices] = useState<string[]>([]);
  const [keptOffline, setKeptOffline] = useState(false);

  const offlineAnswers = useOfflineAnswers({
    userId,
    onSent: (answer, outcome) => {
      const key = answer.body.idempotencyKey;
      if (outcome.kind === "recorded") {
        setAnswered((a) => a.map((x) => (x.idempotencyKey === key ? { ...x, reviewLogId: outcome.reviewLogId, correct: outcome.correct, idempotencyKey: undefined } : x)));
        setVersions((v) => ({ ...v, [answer.body.questionId]: outcome.version }));
        return;
      }
      setAnswered((a) => a.filter((x) => x.idempotencyKey !== key));
      const given = `Your answer to a card from “${answer.lessonTitle}” (${RATING_LABEL[answer.body.rating]}, given offline on this device)`;
      setNotices((n) => [
        ...n,
        outcome.kind === "superseded"
          ? `${given} was not recorded: the card had already been answered on another device or tab, and that earlier answer is the one that counts.`
          : `${given} could not be recorded: ${outcome.message}`,
      ]);
    },
    // Cards answered Again offline are due again within minutes: the server's list brings them back.
    onRecorded: () => router.refresh(),
  });

  // The page works offline once this has run (public/sw.js). A page opened offline comes from that
  // cache, as it was rendered then: the cards answered since (a later version seen on this device) or
  // waiting to be sent are left out. On a page fresh from the server this leaves out nothing.
  useEffect(() => {
    registerReviewWorker()
      .then(() => setKeptOffline(true))
      .catch((e: unknown) => console.warn("Offline review is not available in this browser:", e));
    void Promise.all([knownCardVersions(userId), listQueuedAnswers(userId)]).then(([known, waiting]) => {
      const answeredHere = new Set(waiting.map((w) => w.body.questionId));
      const stale = (i: SessionItem) => answeredHere.has(i.questionId) || (known.get(i.questionId) ?? -1) > i.version;
      setQueue((q) => q.filter((i) => !stale(i)));
      setTotal((t) => t - items.filter(stale).length);
    });
    // Once, for the page as it was first rendered: later lists come from the server, fresh.
  }, []);

  // Back online: the cards put aside come back at the end of the queue.
  useEffect(() => {
    if (!offlineAnswers.online || setAside.length === 0) return;
    setQueue((q) => [...q, ...setAside]);
    setSetAside([]);
    setFinishedAt(null);
  }, [offlineAnswers.online, setAside]);

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
    const inSession = new Set([...queue, ...setAside, ...learning.map((l) => l.item)].map((i) => i.cardId));
    // A card answered since the server read the list shows an older version than the answer left: skip it.
    const fresh = items.filter((i) => !inSession.has(i.cardId) && i.version >= (versions[i.questionId] ?? 0));
    setEarliestNext(nextDueInMs === null ? null : Date.now() + nextDueInMs);
    if (fresh.length === 0) return;
    setVersions((v) => ({ ...v, ...Object.fromEntries(fresh.map((i) => [i.questionId, i.version])) }));
    setQueue((q) => [...q, ...fresh]);
    setTotal((t) => t + fresh.length);
    setFinishedAt(null);
  }, [items, nextDueInMs, queue, setAside, learning, versions]);

  const current = queue[0];
  const waiting = !current && learning.length > 0;
  const waitingForConnection = !current && learning.length === 0 && setAside.length > 0;
  const done = !current && learning.length === 0 && setAside.length === 0;
  useEffect(() => {
    if (done && answered.length && finishedAt === null) setFinishedAt(Date.now());
  }, [done, answered.length, finishedAt]);

  const onRecorded = useCallback((questionId: string, result: RecordResult) => {
    const item = queue[0];
    if (!item || item.questionId !== questionId) return;
    const due = result.nextDue ? Date.parse(result.nextDue) : null;
    const comesBack = due !== null && !result.leech && due - Date.now() < LEARNING_AHEAD_MS;
    if (result.version >= 0) void rememberCardVersion(userId, questionId, result.version).catch(() => undefined);
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
  }, [queue, versions, userId]);

  const { enqueue, unqueue } = offlineAnswers;
  const keepOffline = useCallback(
    async (input: RecordInput) => {
      const item = queue[0];
      if (!item || item.questionId !== input.questionId) return;
      await enqueue({ lessonTitle: item.lessonTitle, body: input });
      // As online: the learner sees "kept on this device" for a moment, then the next card.
      setTimeout(() => {
        setAnswered((a) => [...a, { item, reviewLogId: null, idempotencyKey: input.idempotencyKey, correct: null, versionBefore: item.version, learningAgainAt: null }]);
        setQueue((q) => q.slice(1));
        setAttempt((a) => a + 1);
      }, 700);
    },
    [queue, enqueue],
  );

  const putAside = useCallback((questionId: string) => {
    const item = queue[0];
    if (!item || item.questionId !== questionId) return;
    setSetAside((s) => [...s, item]);
    setQueue((q) => q.slice(1));
    setAttempt((a) => a + 1);
  }, [queue]);

  const undo = useCallback(async () => {
    const last = answered[answered.length - 1];
    if (!last) return;
    setUndoError(null);
    if (last.reviewLogId === null) {
      // Still on this device: taking it out of the queue is the whole undo.
      if (!last.idempotencyKey || !(await unqueue(last.idempotencyKey))) {
        setUndoError("That answer is being sent right now: undo it in a moment.");
        return;
      }
      setAnswered((a) => a.slice(0, -1));
      setQueue((q) => [last.item, ...q.filter((i) => i.cardId !== last.item.cardId)]);
      setFinishedAt(null);
      setAttempt((a) => a + 1);
      return;
    }
    const result = await undoAnswerAction({ reviewLogId: last.reviewLogId }).catch(() => null);
    if (!result || !result.ok) {
      setUndoError(result && !result.ok ? result.message : "Could not undo: check your connection.");
      return;
    }
    if (result.version !== null) void rememberCardVersion(userId, last.item.questionId, result.version).catch(() => undefined);
    setAnswered((a) => a.slice(0, -1));
    setLearning((ls) => ls.filter((l) => l.item.cardId !== last.item.cardId));
    setVersions((v) => ({ ...v, [last.item.questionId]: result.version }));
    setQueue((q) => [last.item, ...q.filter((i) => i.cardId !== last.item.cardId)]);
    setFinishedAt(null);
    setAttempt((a) => a + 1);
  }, [answered, unqueue, userId]);

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

  const { online, markUnreachable } = offlineAnswers;
  const offline = useMemo<OfflineReview>(
    () => ({ online, reportUnreachable: markUnreachable, queue: keepOffline, setAside: putAside }),
    [online, markUnreachable, keepOffline, putAside],
  );
  const quiz = useMemo(
    () => ({ mode: "learner" as const, sessionId, source: "review" as const, cardVersions: versions, onRecorded, autoFocus: true, offline }),
    [sessionId, versions, onRecorded, offline],
  );

  const doneCount = answered.length;
  const gradedCount = answered.filter((a) => a.correct !== null).length;
  const correctCount = answered.filter((a) => a.correct === true).length;
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

      {keptOffline && offlineAnswers.online && (
        <p className="text-xs text-[var(--fg-muted)]" data-testid="kept-offline">
          This session is kept on this device: it goes on if the connection drops.
        </p>
      )}

      {/* Always in the page, so that screen readers announce what changes in it. */}
      <div role="status" data-testid="offline-status" className="space-y-1 text-sm empty:hidden">
        {!offlineAnswers.online && (
          <p className="rounded-md border border-amber-600 bg-amber-50 px-3 py-2 text-amber-950 dark:bg-amber-950 dark:text-amber-100">
            You are offline. Free-recall cards can still be answered: they are kept on this device. Multiple choice and estimates wait for the connection.
          </p>
        )}
        {offlineAnswers.waiting > 0 && (
          <p data-testid="waiting-count" className="font-semibold">
            {waitingLabel(offlineAnswers.waiting)}
            {offlineAnswers.signedOut ? ": sign in again to send them." : offlineAnswers.online ? "…" : " when you are back online."}
          </p>
        )}
        {notices.map((notice, i) => (
          <p key={i} data-testid="offline-notice">
            {notice}
          </p>
        ))}
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

      {waitingForConnection && (
        <div className="rounded-lg border border-[var(--border)] p-6 text-center" data-testid="set-aside">
          <p className="font-semibold">
            {setAside.length} {setAside.length === 1 ? "card waits" : "cards wait"} for the connection.
          </p>
          <p className="text-[var(--fg-muted)]">Multiple choice and estimates are checked by the server: they come back here when you are online.</p>
        </div>
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
                Correct: <strong>{correctCount}</strong>
                {gradedCount > 0 && ` (${Math.round((correctCount / gradedCount) * 100)}%)`}
                {gradedCount < doneCount && ` · ${doneCount - gradedCount} not checked yet: waiting to be sent`}
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
