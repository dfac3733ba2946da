// The page's own answers go to POST /api/reviews, which our HTTP server answers before Next.js
// (docs/decisions/023): the same endpoint, body and idempotency key as the offline queue and API
// clients, without a server action's round trip through Next's router (docs/performance.md, bench 3).
import type { ActionError } from "@/lib/actions/form-state";
import type { RecordInput } from "@/lib/reviews/schemas";
import type { RecordResult } from "./types";

/** A save that did not get through; the answer is still on the card and the same key is sent again. */
export const SAVE_UNAVAILABLE = "Could not save your answer right now — it is still here. Retry in a moment.";

const SIGNED_OUT = "You are signed out: sign in again to save this answer (it is still here).";

const CODES = new Set(["UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "INVALID_INPUT", "CONFLICT", "RATE_LIMITED"]);

function field(body: unknown, name: string): unknown {
  return typeof body === "object" && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

/**
 * The endpoint's reply as the question card's result: a recorded answer, or the error the card
 * shows. Anything that is not the endpoint's own answer (a 5xx, a proxy's page, a 2xx without our
 * fields) counts as "not saved, retry", which keeps the answer on the card.
 */
export function recordReply(status: number, body: unknown): RecordResult | ActionError {
  if (status === 200 || status === 201) {
    const reviewLogId = field(body, "reviewLogId");
    const version = field(body, "version");
    if (typeof reviewLogId !== "string" || typeof version !== "number") return { ok: false, code: "UNAVAILABLE", message: SAVE_UNAVAILABLE };
    const b = body as Omit<RecordResult, "ok">;
    return {
      ok: true,
      reviewLogId,
      duplicate: b.duplicate === true,
      nextDue: String(b.nextDue),
      nextIntervalLabel: String(b.nextIntervalLabel),
      state: b.state,
      leech: b.leech === true,
      correct: b.correct === true,
      version,
    };
  }
  const error = field(body, "error");
  const message = typeof error === "string" && error ? error : null;
  if (status === 401) return { ok: false, code: "UNAUTHENTICATED", message: SIGNED_OUT };
  const code = field(body, "code");
  if (status < 500 && message) return { ok: false, code: typeof code === "string" && CODES.has(code) ? code : status === 403 ? "FORBIDDEN" : "INVALID_INPUT", message };
  return { ok: false, code: "UNAVAILABLE", message: SAVE_UNAVAILABLE };
}

/** Records the answer; throws only when the request does not get through (offline, server gone). */
export async function recordAnswer(input: RecordInput): Promise<RecordResult | ActionError> {
  const response = await fetch("/api/reviews", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(input),
    credentials: "same-origin",
  });
  return recordReply(response.status, await response.json().catch(() => null));
}
