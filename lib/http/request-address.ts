import { headers } from "next/headers";
import { clientAddressFrom } from "@/lib/auth/client-address";

/**
 * The network address a request came from, for the per-address limits and the audit log: the one our
 * HTTP server put on the request, from the socket or, behind TRUST_PROXY proxies, from
 * X-Forwarded-For (lib/auth/client-address.ts; SECURITY.md, "Client addresses and proxies").
 */
export async function requestAddress(): Promise<string> {
  return clientAddressFrom(await headers());
}
