// The HTTP server of `npm start` / `npm run dev` (spawned by scripts/start.ts): Next.js behind a plain
// Node server, so that every request carries the client's address as our server saw it. Next's own
// server keeps a client-sent X-Forwarded-For as it is, and route handlers cannot see the socket,
// which would let anyone dodge the per-address limits with a made-up header.
//
// It also answers POST /api/reviews itself, before Next.js: the answer is the hot path of the whole
// app (every card of every session), and Next's routing, request objects and streams cost more CPU than
// the answer's own work (docs/performance.md, bench 3). The logic is the route handler's own
// (lib/reviews/answer-endpoint.ts); the session cookie is decoded here and the account checked by
// submitReview's first statement, with getCurrentUser()'s rules.
//
// `--workers N` (N > 1): this process forks N copies of itself with Node's cluster and they share the
// one port (the primary hands each new connection to the next worker). The database, migrations and
// content sync were done once by scripts/start.ts before; everything the workers share lives in
// PostgreSQL, and each keeps the live content in memory, invalidated by NOTIFY (docs/scaling.md).
import cluster from "node:cluster";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import next from "next";
import { CLIENT_ADDRESS_HEADER, resolveClientAddress } from "@/lib/auth/client-address";
import { enableLiveContentCache } from "@/lib/content/live-cache";
import { sessionActorFromCookies } from "@/lib/auth/session-token";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { hasDecodablePath } from "@/lib/http/request-path";
import { answerOverHttp } from "@/lib/reviews/answer-endpoint";
import { workersFromArgs } from "./lib/workers";

const dev = process.argv.includes("--dev");
const { HOST: hostname, PORT: port, TRUST_PROXY: trustProxy, NEXTAUTH_SECRET: secret } = env();
const workers = dev ? 1 : workersFromArgs(process.argv, 1);
const proxyNote = trustProxy ? ` (client addresses from X-Forwarded-For, ${trustProxy} trusted prox${trustProxy === 1 ? "y" : "ies"})` : "";

async function serve(onListening: () => void) {
  // Not in development: an edited data-layer function would go on being answered from values read by
  // its previous version until the next content sync.
  if (!dev) enableLiveContentCache();
  const server = createServer();
  const app = next({ dev, hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  server.on("request", (req, res) => {
    // Next would answer 500 (vercel/next.js#92527): it is the client's malformed address, so 400.
    if (!hasDecodablePath(req.url ?? "/")) {
      res.writeHead(400, { ...SITE_HEADERS, "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
      res.end("Bad request: the address has a percent-escape that is not UTF-8.\n");
      return;
    }
    req.headers[CLIENT_ADDRESS_HEADER] = resolveClientAddress({ socketAddress: req.socket.remoteAddress, forwardedFor: req.headers["x-forwarded-for"], trustProxy });
    if (secret && req.method === "POST" && (req.url === "/api/reviews" || req.url?.startsWith("/api/reviews?"))) void answer(req, res, secret);
    else void handle(req, res);
  });
  server.listen(port, hostname, onListening);
}

function runPrimary() {
  let stopping = false;
  let listening = 0;
  const listened = new Set<number>();
  const fork = () => cluster.fork();

  cluster.on("listening", (worker) => {
    listened.add(worker.id);
    if (++listening === workers) console.log(`▸ Listening on ${hostname}:${port} with ${workers} server processes${proxyNote}`);
  });
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
      return;
    }
    if (!listened.has(worker.id)) {
      // It failed while starting (a bad build, a port problem): starting another would fail the same way.
      console.error(`\n✖ A server process exited (${signal ?? code}) before it listened; stopping.\n`);
      stop(1);
      return;
    }
    console.warn(`▸ Server process ${worker.process.pid} exited (${signal ?? code}); starting another`);
    fork();
  });
  const stop = (code: number) => {
    stopping = true;
    const alive = Object.values(cluster.workers ?? {});
    if (alive.length === 0) process.exit(code);
    for (const worker of alive) worker?.process.kill("SIGTERM");
    process.exitCode = code;
  };
  process.on("SIGTERM", () => stop(0));
  process.on("SIGINT", () => stop(0));
  for (let i = 0; i < workers; i++) fork();
}

const SITE_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "x-frame-options": "DENY",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
};

async function answer(req: IncomingMessage, res: ServerResponse, secret: string): Promise<void> {
  const header = (name: string) => {
    const value = req.headers[name];
    return (Array.isArray(value) ? value[0] : value) ?? null;
  };
  try {
    const response = await answerOverHttp({
      db: db(),
      origin: header("origin"),
      host: header("x-forwarded-host") ?? header("host"),
      contentLength: Number(header("content-length") ?? "0"),
      readBody: (max) => readAtMost(req, max),
      resolveActor: () => sessionActorFromCookies({ cookieHeader: header("cookie") ?? undefined, secret }),
    });
    const body = JSON.stringify(response.json);
    res.writeHead(response.status, {
      ...response.headers,
      // The headers next.config.mjs gives every response.
      ...SITE_HEADERS,
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
      "cache-control": "no-store",
    });
    res.end(body);
  } catch (e) {
    console.error(e);
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: "Something went wrong." }));
  }
}

/**
 * The body as text, or null once it passes `max` bytes. The rest is not kept but still read and dropped,
 * as Node does with a body nobody read: a client still sending gets its 413 rather than a broken pipe
 * (the server's request timeout bounds a body that never ends).
 */
function readAtMost(req: IncomingMessage, max: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > max) {
        req.removeAllListeners("data");
        req.resume();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

if (workers > 1 && cluster.isPrimary) runPrimary();
else await serve(() => cluster.isPrimary && console.log(`▸ Listening on ${hostname}:${port}${proxyNote}`));
