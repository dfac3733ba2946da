import { isIP } from "node:net";

/**
 * Set by our HTTP server (scripts/server.ts) on every request, after removing any value the client
 * sent: the client's address, from the socket or, behind TRUST_PROXY proxies, from X-Forwarded-For.
 */
export const CLIENT_ADDRESS_HEADER = "x-recall-client-address";

/** When the server did not say (a test calling the data layer directly, or `next dev` run by hand). */
export const UNKNOWN_ADDRESS = "unknown";

/**
 * The address the nearest untrusted hop connected from. The chain is X-Forwarded-For's entries,
 * then the socket's peer; each trusted proxy appended the address it was connected from, so with
 * N trusted proxies the client is the Nth entry from the right of X-Forwarded-For. Entries left of
 * that are whatever the client chose to send and are never read. A request that reached us through
 * fewer proxies than trusted gets the leftmost entry it has.
 */
export function resolveClientAddress({ socketAddress, forwardedFor, trustProxy }: { socketAddress: string | undefined; forwardedFor: string | string[] | undefined; trustProxy: number }): string {
  const forwarded = trustProxy > 0 ? [forwardedFor ?? []].flat().join(",").split(",").map((s) => s.trim()).filter(Boolean) : [];
  const chain = [...forwarded, socketAddress ?? UNKNOWN_ADDRESS];
  const picked = chain[Math.max(0, chain.length - 1 - trustProxy)];
  return isIP(picked) ? normalize(picked) : UNKNOWN_ADDRESS;
}

/** "::ffff:127.0.0.1" and "127.0.0.1" are one client. */
function normalize(address: string): string {
  return address.toLowerCase().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, "$1");
}

/** The address our server put on the request (see CLIENT_ADDRESS_HEADER). */
export function clientAddressFrom(headers: { get(name: string): string | null } | Record<string, string | string[] | undefined> | undefined): string {
  const raw = headers && typeof headers.get === "function" ? (headers as { get(name: string): string | null }).get(CLIENT_ADDRESS_HEADER) : (headers as Record<string, string | string[] | undefined> | undefined)?.[CLIENT_ADDRESS_HEADER];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value && isIP(value) ? value : UNKNOWN_ADDRESS;
}
