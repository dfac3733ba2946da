"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { listQueuedAnswers, queueAnswer, unqueueAnswer, withQueueLock, type QueuedAnswer } from "./offline-store";
import { sendQueuedAnswers, type Settled } from "./send-queued-answers";

/** While answers wait and the browser says it is online, the queue is tried again this often (the server may be down). */
const RESEND_EVERY_MS = 15_000;

interface Options {
  userId: string;
  /** Called for each answer that leaves the queue, with what the server made of it. */
  onSent: (answer: QueuedAnswer, outcome: Settled) => void;
  /** Called after a pass over the queue that recorded at least one answer. */
  onRecorded: () => void;
}

/**
 * The queue of answers given offline (IndexedDB), sent by sendQueuedAnswers when the connection
 * returns, when the page opens, and every 15 s while any wait and the browser says it is online.
 */
export function useOfflineAnswers({ userId, onSent, onRecorded }: Options) {
  const [online, setOnline] = useState(true);
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
    const { recorded, stoppedBy } = await sendQueuedAnswers({ userId, onSent: (answer, outcome) => callbacks.current.onSent(answer, outcome) });
    setSignedOut(stoppedBy === "signed-out");
    await count();
    if (recorded > 0) callbacks.current.onRecorded();
  }, [userId, count]);

  useEffect(() => {
    setOnline(navigator.onLine);
    void count().then(send);
    const goOnline = () => {
      setOnline(true);
      void send();
    };
    const goOffline = () => setOnline(false);
    window.addEventListener("online", goOnline);
    window.addEventListener("offline", goOffline);
    return () => {
      window.removeEventListener("online", goOnline);
      window.removeEventListener("offline", goOffline);
    };
  }, [count, send]);

  useEffect(() => {
    if (!online || waiting === 0) return;
    const timer = setInterval(() => void send(), RESEND_EVERY_MS);
    return () => clearInterval(timer);
  }, [online, waiting, send]);

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

  return { online, waiting, signedOut, enqueue, unqueue, send };
}
