import { NextResponse } from "next/server";
import { getCurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { submitReview } from "@/lib/reviews/submit-review";
import { reviewResultJson } from "@/lib/reviews/review-result";

const MAX_BODY_BYTES = 16 * 1024;

/**
 * POST /api/reviews — records one answer for the signed-in learner: the same input, checks and
 * idempotency as the page's server action (lib/reviews/submit-review.ts), as JSON over HTTP, for
 * clients other than our pages (and the load tests). Same-origin only: a cross-site form or fetch
 * carrying the session cookie is refused.
 */
export async function POST(request: Request) {
  const origin = request.headers.get("origin");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (origin && host && originHost(origin) !== host) {
    return NextResponse.json({ error: "Cross-origin requests are not accepted." }, { status: 403 });
  }
  let user;
  try {
    user = await getCurrentUser();
  } catch (e) {
    // The session is checked against the database: when that is unreachable, say so (503), do not crash (500).
    console.error(e);
    return unavailable();
  }
  if (!user) return NextResponse.json({ error: "Sign in to record answers." }, { status: 401 });
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > MAX_BODY_BYTES) return NextResponse.json({ error: `The request body is over ${MAX_BODY_BYTES / 1024} KB.` }, { status: 413 });
  let input: unknown;
  try {
    const text = await readAtMost(request, MAX_BODY_BYTES);
    if (text === null) return NextResponse.json({ error: `The request body is over ${MAX_BODY_BYTES / 1024} KB.` }, { status: 413 });
    input = JSON.parse(text);
  } catch {
    return NextResponse.json({ error: "The body must be JSON." }, { status: 400 });
  }
  try {
    const result = await submitReview({ db: db(), user, input });
    return NextResponse.json(reviewResultJson(result), { status: result.duplicate ? 200 : 201 });
  } catch (e) {
    if (isAppError(e)) return NextResponse.json({ error: e.message, code: e.code, fieldErrors: e.fieldErrors }, { status: e.status });
    console.error(e);
    return unavailable();
  }
}

function unavailable() {
  return NextResponse.json(
    { error: "Could not record the answer right now; retry with the same idempotencyKey." },
    { status: 503, headers: { "Retry-After": "2" } },
  );
}

/** The body as text, or null once it passes `max` bytes: a chunked body without Content-Length is not read to its end. */
async function readAtMost(request: Request, max: number): Promise<string | null> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** The host of an Origin header; null for "null" (sandboxed frames, some redirects) or anything unparsable. */
function originHost(origin: string): string | null {
  try {
    return new URL(origin).host || null;
  } catch {
    return null;
  }
}
