"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { listQueuedAnswers, queueAnswer, unqueueAnswer, withQueueLock, type QueuedAnswer } from "./offline-store";
import { sendQueuedAnswers, type Settled } from "./send-queued-answers";

/** While answers wait or Recall cannot be reached, and the browser says it is online, try again this often. */
const RETRY_EVERY_MS = 5_000;

interface Options {
  userId: string;
  /** Called for each answer that leaves the queue, with what the server made of it. */
  onSent: (answer: QueuedAnswer, outcome: Settled) => void;
  /** Called after a pass over the queue that recorded at least one answer. */
  onRecorded: () => void;
}

/**
 * The queue of answers given offline (IndexedDB), sent by sendQueuedAnswers when the connection
 * returns, when the page opens, and every 5 s while any wait. "Online" is the browser's word and a
 * request that got through: navigator.onLine stays true on a network that goes nowhere (and in a
 * page reloaded without a network), so a failed request counts as offline until one succeeds.
 */
export function useOfflineAnswers({ userId, onSent, onRecorded }: Options) {
  const [browserOnline, setBrowserOnline] = useState(true);
  const [reachable, setReachable] = useState(true);
  const online = browserOnline && reachable;
  const [waiting, setWaiting] = useState(0);
  const [signedOut, setSignedOut] = useState(false);
  const callbacks = useRef({ onSent, onRecorded });
  useEffect(() => {
    callbacks.current = { onSent, onRecorded };
  });

  const count = useCallback(async () => {
    setWaiting((await listQueuedAnswers(userId)).length);
  }, [userId]);

  const send = useCallback(async () => {
    if (!navigator.onLine) return;
    // A small static file, never kept by the service worker: did a request get through?
    const through = await fetch("/manifest.webmanifest", { method: "HEAD", cache: "no-store" }).then(
      () => true,
      () => false,
    );
    setReachable(through);
    if (!through) return;
    const { recorded, stoppedBy } = await sendQueuedAnswers({ userId, onSent: (answer, outcome) => callbacks.current.onSent(answer, outcome) });
    setSignedOut(stoppedBy === "signed-out");
    await count();
    if (recorded > 0) callbacks.current.onRecorded();
  }, [userId, count]);

  useEffect(() => {
    setBrowserOnline(navigator.onLine);
    void count().then(send);
    const goOnline = () => {
      setBrowserOnline(true);
      void send();
    };
    const goOffline = () => setBrowserOnline(false);
    window.addEventListener("online", goOnline);
    window.addEventListener("offline", goOffline);
    return () => {
      window.removeEventListener("online", goOnline);
      window.removeEventListener("offline", goOffline);
    };
  }, [count, send]);

  useEffect(() => {
    if (!browserOnline || (waiting === 0 && reachable)) return;
    const timer = setInterval(() => void send(), RETRY_EVERY_MS);
    return () => clearInterval(timer);
  }, [browserOnline, reachable, waiting, send]);

  /** A request of the page failed for want of a network: offline until one gets through. */
  const markUnreachable = useCallback(() => setReachable(false), []);

  const enqueue = useCallback(
    async (answer: Omit<QueuedAnswer, "userId" | "queuedAtMs">) => {
      await queueAnswer({ ...answer, userId, queuedAtMs: Date.now() });
      await count();
    },
    [userId, count],
  );

  /** Undo of an answer still waiting: true when it was taken back before it was sent. */
  const unqueue = useCallback(
    async (idempotencyKey: string) => {
      const removed = await withQueueLock(() => unqueueAnswer(idempotencyKey));
      await count();
      return removed;
    },
    [count],
  );

  return { online, waiting, signedOut, enqueue, unqueue, markUnreachable };
}
