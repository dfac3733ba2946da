// npm run dev's page refresh: /api/dev/content-events streams an event each time the content version
// moves past the one the page was rendered with, including a re-sync that finished before the stream
// connected (in dev that route's first request compiles it, which can take longer than a re-sync).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/dev/content-events/route";
import { writeContentStatus } from "@/lib/content/dev-status";

let dataDir: string;
const previousEnv = { NODE_ENV: process.env.NODE_ENV, RECALL_DATA_DIR: process.env.RECALL_DATA_DIR };
beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "recall-dev-events-"));
  Object.assign(process.env, { NODE_ENV: "development", RECALL_DATA_DIR: dataDir });
});
afterAll(() => {
  Object.assign(process.env, previousEnv);
  rmSync(dataDir, { recursive: true, force: true });
});

const status = (version: number) => writeContentStatus({ version, at: new Date().toISOString(), problems: [], synced: true });

/** Opens the stream and collects its `data:` events for `forMs`. */
async function eventsWithin(query: string, forMs: number, meanwhile?: () => void): Promise<{ version: number }[]> {
  const abort = new AbortController();
  const response = await GET(new Request(`http://localhost/api/dev/content-events${query}`, { signal: abort.signal }));
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const reading = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      text += decoder.decode(value);
    }
  })();
  meanwhile?.();
  await new Promise((r) => setTimeout(r, forMs));
  abort.abort();
  await reading;
  return [...text.matchAll(/^data: (.*)$/gm)].map((m) => JSON.parse(m[1]!) as { version: number });
}

describe("the dev content event stream", () => {
  it("announces at once a re-sync that finished between the page's render and the stream's start", async () => {
    status(2);
    expect(await eventsWithin("?since=1", 1_000)).toEqual([expect.objectContaining({ version: 2 })]);
  });

  it("sends nothing while the content is still at the version the page was rendered with", async () => {
    status(2);
    expect(await eventsWithin("?since=2", 1_000)).toEqual([]);
  });

  it("announces a re-sync after the stream started", async () => {
    status(2);
    expect(await eventsWithin("?since=2", 1_500, () => setTimeout(() => status(3), 300))).toEqual([expect.objectContaining({ version: 3 })]);
  });
});
