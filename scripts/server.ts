// The HTTP server of `npm start` / `npm run dev` (spawned by scripts/start.ts): Next.js behind a plain
// Node server, so that every request carries the client's address as our server saw it. Next's own
// server keeps a client-sent X-Forwarded-For as it is, and route handlers cannot see the socket,
// which would let anyone dodge the per-address limits with a made-up header.
import { createServer } from "node:http";
import next from "next";
import { CLIENT_ADDRESS_HEADER, resolveClientAddress } from "@/lib/auth/client-address";
import { env } from "@/lib/env";

const dev = process.argv.includes("--dev");
const { HOST: hostname, PORT: port, TRUST_PROXY: trustProxy } = env();

const server = createServer();
const app = next({ dev, hostname, port });
const handle = app.getRequestHandler();

await app.prepare();
server.on("request", (req, res) => {
  req.headers[CLIENT_ADDRESS_HEADER] = resolveClientAddress({ socketAddress: req.socket.remoteAddress, forwardedFor: req.headers["x-forwarded-for"], trustProxy });
  void handle(req, res);
});
server.listen(port, hostname, () => {
  console.log(`▸ Listening on ${hostname}:${port}${trustProxy ? ` (client addresses from X-Forwarded-For, ${trustProxy} trusted prox${trustProxy === 1 ? "y" : "ies"})` : ""}`);
});
