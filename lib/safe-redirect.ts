import { env } from "@/lib/env";

/** The site's own origin: NEXTAUTH_URL's, or this server's on localhost. */
export function siteOrigin(): string {
  const e = env();
  return new URL(e.NEXTAUTH_URL ?? `http://localhost:${e.PORT}`).origin;
}

/**
 * A place to send the browser to after signing in, up or out: resolved the way a browser would
 * (`new URL(value, origin)`, which drops tabs and newlines and reads `\` as `/`) and accepted only on
 * the site's own origin, then returned as a path, so the browser stays on whatever host it is on.
 * Anything else (another origin, `javascript:`, a repeated parameter, junk) gives the fallback.
 */
export function safeCallbackUrl(raw: unknown, fallback = "/dashboard", origin = siteOrigin()): string {
  if (typeof raw !== "string" || raw === "") return fallback;
  let url: URL;
  try {
    url = new URL(raw, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== new URL(origin).origin) return fallback;
  // A path starting `//` would be read as another host by the next URL parser.
  return `/${url.pathname.replace(/^\/+/, "")}${url.search}${url.hash}`;
}
