// The review session's storage on the device (docs/decisions/017-offline-review.md): answers given
// offline wait in IndexedDB, in the order they were given, until POST /api/reviews records them;
// the service worker (public/sw.js) keeps the review page and its scripts in the Cache Storage.
// Everything here is cleared on sign-out (clearOfflineData).

import type { RecordInput } from "@/lib/reviews/schemas";

const DB_NAME = "recall-offline";
const DB_VERSION = 1;
const ANSWERS = "answers";
const VERSIONS = "cardVersions";
const LOCK = "recall-offline-answers";
/** Every cache the service worker makes starts with this (public/sw.js). */
const CACHE_PREFIX = "recall-";

export interface QueuedAnswer {
  /** Order of the answers on this device (IndexedDB's auto-increment key): they are sent in it. */
  seq?: number;
  /** The learner who answered: a queue is only ever sent under that learner's session. */
  userId: string;
  lessonTitle: string;
  queuedAtMs: number;
  /** Exactly the body of POST /api/reviews, idempotency key included, fixed when the answer was given. */
  body: RecordInput;
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore(ANSWERS, { keyPath: "seq", autoIncrement: true });
      store.createIndex("idempotencyKey", "body.idempotencyKey", { unique: true });
      request.result.createObjectStore(VERSIONS, { keyPath: ["userId", "questionId"] });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Runs `work` in one transaction and closes the database after it, so that sign-out can delete it. */
async function inStore<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>, name = ANSWERS): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(name, mode);
      const request = work(tx.objectStore(name));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

export async function queueAnswer(answer: QueuedAnswer): Promise<void> {
  await inStore("readwrite", (store) => store.add(answer));
}

/** The learner's queued answers, oldest first. */
export async function listQueuedAnswers(userId: string): Promise<QueuedAnswer[]> {
  const all = await inStore<QueuedAnswer[]>("readonly", (store) => store.getAll());
  return all.filter((a) => a.userId === userId).sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
}

export async function removeQueuedAnswer(seq: number): Promise<void> {
  await inStore("readwrite", (store) => store.delete(seq));
}

/**
 * Runs `work` while no other tab of this browser sends or edits the queue: an answer is never sent
 * twice at once, and undo never takes back one that is on its way (the server would record it).
 */
export async function withQueueLock<T>(work: () => Promise<T>): Promise<T> {
  if (typeof navigator === "undefined" || !navigator.locks) return work();
  return navigator.locks.request(LOCK, work);
}

/** Takes an answer back out of the queue (undo); false when it has already been sent. Call it under withQueueLock. */
export async function unqueueAnswer(idempotencyKey: string): Promise<boolean> {
  const seq = await inStore<IDBValidKey | undefined>("readonly", (store) => store.index("idempotencyKey").getKey(idempotencyKey));
  if (seq === undefined) return false;
  await inStore("readwrite", (store) => store.delete(seq));
  return true;
}

/**
 * The version a card reached with its latest answer from this device. A review page opened offline
 * comes from the cache, as it was rendered then: cards answered since show an older version and are left out.
 */
export async function rememberCardVersion(userId: string, questionId: string, version: number): Promise<void> {
  await inStore("readwrite", (store) => store.put({ userId, questionId, version }), VERSIONS);
}

export async function knownCardVersions(userId: string): Promise<Map<string, number>> {
  const rows = await inStore<{ userId: string; questionId: string; version: number }[]>("readonly", (store) => store.getAll(), VERSIONS);
  return new Map(rows.filter((r) => r.userId === userId).map((r) => [r.questionId, r.version]));
}

/** Forgets the cached review pages (another learner may sign in on this device next). */
export async function clearCachedPages(): Promise<void> {
  if (typeof caches === "undefined") return;
  const names = await caches.keys();
  await Promise.all(names.filter((n) => n.startsWith(CACHE_PREFIX)).map((n) => caches.delete(n)));
}

/** Everything Recall keeps on the device: cached pages and queued answers. Called on sign-out. */
export async function clearOfflineData(): Promise<void> {
  await clearCachedPages();
  if (typeof indexedDB === "undefined") return;
  await new Promise<void>((resolve) => {
    const request = indexedDB.deleteDatabase(DB_NAME);
    // Blocked means another tab holds it open for a moment; the deletion still happens when it closes.
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}
