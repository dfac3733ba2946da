// A request path whose percent-escapes are not UTF-8 (%FF, %C0%AF, a lone surrogate %ED%A0%80) makes
// Next answer 500 before any page or proxy of ours runs (vercel/next.js#92527). scripts/server.ts sits
// in front of Next and answers such a request 400 itself; this is its test of the path.

/** False when the path part of `url` (before `?` or `#`) has an escape that does not decode as UTF-8. */
export function hasDecodablePath(url: string): boolean {
  const path = url.split(/[?#]/, 1)[0] ?? "";
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}
