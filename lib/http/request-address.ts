import { headers } from "next/headers";

/**
 * The network address a request came from, for the audit log: the first X-Forwarded-For entry, as
 * the rate limits read it (SECURITY.md says when that header can be trusted).
 */
export async function requestAddress(): Promise<string> {
  return (await headers()).get("x-forwarded-for")?.split(",")[0]?.trim() || "local";
}
