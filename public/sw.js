// Recall's service worker (docs/decisions/017-offline-review.md). Registered by the review page
// with the scope /review, it controls that page only: the review page (network first, the last
// good copy kept for when the network is gone) and the build's static files it loads (cache first:
// their names change with their content). Nothing else passes through it: server actions, the API
// and other pages go to the network untouched. The caches are named with VERSION, so a new worker
// drops the old ones; the page empties them on sign-out.
const VERSION = "recall-review-v1";
const PAGES = `${VERSION}-pages`;
const ASSETS = `${VERSION}-assets`;

self.addEventListener("install", () => {
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((n) => n.startsWith("recall-") && !n.startsWith(`${VERSION}-`)).map((n) => caches.delete(n)));
      await self.clients.claim();
    })(),
  );
});

function isReviewPage(url) {
  return url.origin === self.location.origin && url.pathname === "/review";
}

function isStaticAsset(url) {
  return url.origin === self.location.origin && url.pathname.startsWith("/_next/static/");
}

/** A page that is only ever a signed-in learner's own: kept when it is a real 200 of the review page itself. */
async function keepPage(request, response) {
  if (response.ok && response.type === "basic" && !response.redirected && isReviewPage(new URL(response.url))) {
    const cache = await caches.open(PAGES);
    await cache.put(request.url, response);
  } else if (response.type === "opaqueredirect" || response.redirected) {
    // Sent to sign in: whoever was signed in here is not any more, so their page is not kept.
    await caches.delete(PAGES);
  }
}

async function reviewPage(event) {
  try {
    const response = await fetch(event.request);
    event.waitUntil(keepPage(event.request, response.clone()));
    return response;
  } catch {
    const cached = await caches.match(event.request.url, { cacheName: PAGES });
    return cached ?? offlinePage();
  }
}

function offlinePage() {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Offline · Recall</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#111;background:#fff}@media (prefers-color-scheme:dark){body{color:#e8e8e8;background:#0f1115}}</style></head>
<body><main><h1>You are offline</h1><p>This review page was not kept on this device yet. Open Review once while you are online: its due cards are then kept here for the next time the connection is gone.</p></main></body></html>`;
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
}

async function staticAsset(request) {
  const cache = await caches.open(ASSETS);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (request.mode === "navigate" && isReviewPage(url)) event.respondWith(reviewPage(event));
  else if (isStaticAsset(url)) event.respondWith(staticAsset(request));
});

// The page that registered the worker was loaded before the worker ran: it sends the static files it
// loaded, and its own address to fetch once more, so that the first visit is enough to work offline.
// The reply says the page can now be opened offline.
self.addEventListener("message", (event) => {
  const data = event.data;
  if (!data || data.type !== "keep" || !Array.isArray(data.assets)) return;
  event.waitUntil(
    (async () => {
      if (typeof data.page === "string" && isReviewPage(new URL(data.page, self.location.origin))) {
        const request = new Request(new URL(data.page, self.location.origin).href, { credentials: "same-origin", redirect: "manual" });
        const response = await fetch(request).catch(() => null);
        if (response) await keepPage(request, response);
      }
      const assets = await caches.open(ASSETS);
      // What the page loads now is the whole set: files of an earlier build are not needed any more.
      const current = new Set(data.assets.map((href) => new URL(href, self.location.origin).href));
      for (const request of await assets.keys()) if (!current.has(request.url)) await assets.delete(request);
      for (const href of current) {
        const url = new URL(href, self.location.origin);
        if (!isStaticAsset(url) || (await assets.match(url.href))) continue;
        const response = await fetch(url.href).catch(() => null);
        if (response?.ok) await assets.put(url.href, response);
      }
      event.source?.postMessage({ type: "kept" });
    })(),
  );
});
