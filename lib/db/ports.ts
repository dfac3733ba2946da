import { createServer } from "node:net";

/** True when nothing listens on `host:port` (checked by binding it for a moment). */
export function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once("error", () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function ephemeralPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A TCP port that is free on `host` right now: `preferred` when it is free, else one the OS picks.
 * Another process may still take it before you bind it; callers that can retry should.
 */
export async function findFreePort(preferred?: number, host = "127.0.0.1"): Promise<number> {
  if (preferred !== undefined && preferred > 0 && (await isPortFree(preferred, host))) return preferred;
  return ephemeralPort(host);
}
