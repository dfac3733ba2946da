// PURE: what the review session does with the server's answer to one queued offline answer
// (POST /api/reviews). No I/O here: the browser code that sends the queue calls this for each reply.

export type SendOutcome =
  /** Recorded now, or earlier under the same idempotency key (a resend after a lost reply): remove it from the queue. */
  | { kind: "recorded"; reviewLogId: string; version: number; duplicate: boolean; correct: boolean }
  /** The card moved on before this answer arrived (another device or tab answered it first): that answer counts, this one is dropped. */
  | { kind: "superseded"; message: string }
  /** The server will never take this answer (the question was retired, the input is refused): dropped, and the learner is told why. */
  | { kind: "rejected"; message: string }
  /** The learner is no longer signed in: keep the queue until they sign in again. */
  | { kind: "signed-out" }
  /** The server or the database could not answer: keep the queue and send it again later, in the same order. */
  | { kind: "retry" };

function field(body: unknown, name: string): unknown {
  return typeof body === "object" && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

export function sendOutcome(status: number, body: unknown): SendOutcome {
  if (status === 200 || status === 201) {
    const reviewLogId = field(body, "reviewLogId");
    const version = field(body, "version");
    // A 2xx whose body is not ours (a captive portal, a proxy page) proves nothing was recorded.
    if (typeof reviewLogId !== "string" || typeof version !== "number") return { kind: "retry" };
    return { kind: "recorded", reviewLogId, version, duplicate: field(body, "duplicate") === true, correct: field(body, "correct") === true };
  }
  const error = field(body, "error");
  const message = typeof error === "string" && error ? error : `The server refused it (HTTP ${status}).`;
  if (status === 401 || status === 403) return { kind: "signed-out" };
  if (status === 409) return { kind: "superseded", message };
  if (status === 400 || status === 404 || status === 413 || status === 422) return { kind: "rejected", message };
  return { kind: "retry" };
}

/** The queue's status line, as the learner reads it: "3 answers waiting to be sent". */
export function waitingLabel(count: number): string {
  if (count === 0) return "Every answer is sent";
  return `${count} ${count === 1 ? "answer" : "answers"} waiting to be sent`;
}
