// A closed-loop load generator: N virtual clients, each sending its next request as soon as the
// previous one is answered, for a fixed time. Latency is measured per request from send to the last
// byte; every sample is kept. HTTP goes through node:http with keep-alive (one socket per client).
import http from "node:http";
import { summarize, type LatencySummary } from "./stats";

export interface LoadResult {
  concurrency: number;
  seconds: number;
  requests: number;
  errors: number;
  /** Completed requests per second (errors included in neither). */
  throughput: number;
  latency: LatencySummary;
  /** The first few errors, for the report. */
  errorSamples: string[];
}

/**
 * Runs `operation(client)` in a loop on `concurrency` clients for `durationMs` (after `warmupMs`
 * whose requests are not counted). An operation that throws counts as an error.
 */
export async function runLoad({
  concurrency,
  durationMs,
  warmupMs = 0,
  operation,
  onTick,
}: {
  concurrency: number;
  durationMs: number;
  warmupMs?: number;
  operation: (client: number) => Promise<void>;
  /** Called about every 200 ms while measuring (memory sampling). */
  onTick?: () => void;
}): Promise<LoadResult> {
  const samples: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let measuring = false;
  let stop = false;
  const warmupEnd = performance.now() + warmupMs;
  let measureStart = warmupEnd;
  let measureEnd = Infinity;
  const clients = Array.from({ length: concurrency }, async (_, client) => {
    while (!stop) {
      const t0 = performance.now();
      try {
        await operation(client);
        if (measuring && t0 >= measureStart && performance.now() <= measureEnd) samples.push(performance.now() - t0);
      } catch (e) {
        if (measuring) {
          errors++;
          if (errorSamples.length < 5) errorSamples.push((e as Error).message);
        }
      }
    }
  });
  await new Promise((r) => setTimeout(r, warmupMs));
  measuring = true;
  measureStart = performance.now();
  measureEnd = measureStart + durationMs;
  const ticker = onTick ? setInterval(onTick, 200) : undefined;
  await new Promise((r) => setTimeout(r, durationMs));
  measureEnd = performance.now();
  stop = true;
  if (ticker) clearInterval(ticker);
  await Promise.all(clients);
  const seconds = (measureEnd - measureStart) / 1000;
  return { concurrency, seconds, requests: samples.length, errors, throughput: samples.length / seconds, latency: summarize(samples), errorSamples };
}

export interface HttpResponse {
  status: number;
  body: string;
  /** Milliseconds from sending to the first byte of the response. */
  ttfbMs: number;
}

export function httpAgent(sockets: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
}

/** One request over the agent; resolves with the whole body. */
export function request(
  agent: http.Agent,
  url: URL,
  { method = "GET", headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request(
      {
        agent,
        hostname: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        headers: body === undefined ? headers : { ...headers, "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        const ttfbMs = performance.now() - t0;
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), ttfbMs }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
