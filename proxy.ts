import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";

// A fresh nonce per request lets Next's own inline scripts (and our theme script) run while any
// injected script does not. No 'unsafe-eval' outside development: lessons are compiled and
// evaluated on the server, never in the browser.
export function proxy(request: NextRequest) {
  const nonce = btoa(crypto.randomUUID());
  const dev = env().NODE_ENV === "development";
  const https = request.nextUrl.protocol === "https:";
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Inline style attributes carry the code highlighting colours and chart geometry.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    // The review page's service worker (public/sw.js): 'strict-dynamic' above would otherwise refuse it.
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

// Prefetches are not skipped: a `purpose: prefetch` request (a browser's <link rel=prefetch>, any
// client that sends the header) gets the same HTML as a navigation, so it needs the same policy.
export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
