import { readContentStatus } from "@/lib/content/dev-status";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

/** Development only: a server-sent event each time the content was re-synced after an edit. */
export async function GET(request: Request) {
  if (env().NODE_ENV !== "development") return new Response("Not found", { status: 404 });
  let last = readContentStatus()?.version ?? 0;
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
