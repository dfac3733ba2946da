import { NextResponse } from "next/server";
import { getCurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { answerOverHttp } from "@/lib/reviews/answer-endpoint";

/**
 * POST /api/reviews — records one answer for the signed-in learner, as JSON over HTTP, for clients
 * other than our pages (the offline queue, the load tests). `npm start` and `npm run dev` answer it
 * before Next.js (scripts/server.ts); this handler serves the same logic wherever Next.js is reached
 * directly (`next start`).
 */
export async function POST(request: Request) {
  const response = await answerOverHttp({
    db: db(),
    origin: request.headers.get("origin"),
    host: request.headers.get("x-forwarded-host") ?? request.headers.get("host"),
    contentLength: Number(request.headers.get("content-length") ?? "0"),
    readBody: (max) => readAtMost(request, max),
    resolveActor: getCurrentUser,
  });
  return NextResponse.json(response.json, { status: response.status, headers: response.headers });
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
