// POST /api/reviews, framework-free: the checks, the answer and the status codes, for the Next.js route
// handler (app/api/reviews/route.ts) and for the fast path our own HTTP server takes before Next.js
// (scripts/server.ts), so both answer the same request the same way.
import type { SessionActor } from "@/lib/auth/session-token";
import type { Db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { reviewResultJson } from "./review-result";
import { submitReview } from "./submit-review";

export const MAX_ANSWER_BODY_BYTES = 16 * 1024;

export interface AnswerRequest {
  db: Db;
  origin: string | null;
  /** The host the browser addressed (X-Forwarded-Host behind a proxy, else Host). */
  host: string | null;
  contentLength: number | null;
  /** The body as text, or null once it passes `maxBytes` (a chunked body is not read to its end). */
  readBody(maxBytes: number): Promise<string | null>;
  /**
   * The session's actor, null when signed out. The fast path only decodes the cookie; submitReview
   * checks the account (gone, disabled, session version moved on) in its first statement. Throws
   * when the session cannot be checked (the database is unreachable).
   */
  resolveActor(): Promise<SessionActor | null>;
}

export interface AnswerResponse {
  status: number;
  json: unknown;
  headers?: Record<string, string>;
}

const tooLarge = (): AnswerResponse => ({ status: 413, json: { error: `The request body is over ${MAX_ANSWER_BODY_BYTES / 1024} KB.` } });

function unavailable(): AnswerResponse {
  return { status: 503, json: { error: "Could not record the answer right now; retry with the same idempotencyKey." }, headers: { "Retry-After": "2" } };
}

/** The host of an Origin header; null for "null" (sandboxed frames, some redirects) or anything unparsable. */
function originHost(origin: string): string | null {
  try {
    return new URL(origin).host || null;
  } catch {
    return null;
  }
}

/**
 * Records one answer for the signed-in learner: the same input, checks and idempotency as the page's
 * server action (lib/reviews/submit-review.ts). Same-origin only: a cross-site form or fetch carrying
 * the session cookie is refused.
 */
export async function answerOverHttp(request: AnswerRequest): Promise<AnswerResponse> {
  if (request.origin && request.host && originHost(request.origin) !== request.host) {
    return { status: 403, json: { error: "Cross-origin requests are not accepted." } };
  }
  let actor: SessionActor | null;
  try {
    actor = await request.resolveActor();
  } catch (e) {
    // The session is checked against the database: when that is unreachable, say so (503), do not crash (500).
    console.error(e);
    return unavailable();
  }
  if (!actor) return { status: 401, json: { error: "Sign in to record answers." } };
  if ((request.contentLength ?? 0) > MAX_ANSWER_BODY_BYTES) return tooLarge();
  let input: unknown;
  try {
    const text = await request.readBody(MAX_ANSWER_BODY_BYTES);
    if (text === null) return tooLarge();
    input = JSON.parse(text);
  } catch {
    return { status: 400, json: { error: "The body must be JSON." } };
  }
  try {
    const result = await submitReview({ db: request.db, actor, input });
    return { status: result.duplicate ? 200 : 201, json: reviewResultJson(result) };
  } catch (e) {
    if (isAppError(e)) return { status: e.status, json: { error: e.message, code: e.code, fieldErrors: e.fieldErrors } };
    console.error(e);
    return unavailable();
  }
}
