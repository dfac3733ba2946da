import { readContentStatus } from "@/lib/content/dev-status";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

/**
 * Development only: a server-sent event each time the content was re-synced after an edit.
 * `?since=` is the version the page was rendered with: a re-sync that finished between the render and
 * this request (the route's first compile in dev takes seconds, a re-sync of one lesson less) is
 * announced at once instead of being taken as the starting point and never announced.
 */
export async function GET(request: Request) {
  if (env().NODE_ENV !== "development") return new Response("Not found", { status: 404 });
  const since = Number(new URL(request.url).searchParams.get("since") ?? "");
  let last = Number.isSafeInteger(since) && since > 0 ? since : (readContentStatus()?.version ?? 0);
  const encoder = new TextEncoder();
  const stream = new ReadableStream({
    start(controller) {
      controller.enqueue(encoder.encode(`: connected\n\n`));
      const timer = setInterval(() => {
        const status = readContentStatus();
        if (status && status.version !== last) {
          last = status.version;
          controller.enqueue(encoder.encode(`data: ${JSON.stringify({ version: status.version, synced: status.synced })}\n\n`));
        }
      }, 400);
      request.signal.addEventListener("abort", () => {
        clearInterval(timer);
        controller.close();
      });
    },
  });
  return new Response(stream, { headers: { "Content-Type": "text/event-stream", "Cache-Control": "no-cache, no-transform" } });
}
