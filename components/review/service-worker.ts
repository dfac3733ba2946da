// Registers public/sw.js for the review page only (scope /review: no other page passes through it).

/** Resolves once the worker has kept this page and the files it loaded: from then on it opens offline. */
export async function registerReviewWorker(): Promise<void> {
  if (typeof navigator === "undefined" || !("serviceWorker" in navigator)) throw new Error("no service workers here");
  const firstVisit = !navigator.serviceWorker.controller;
  const registration = await navigator.serviceWorker.register("/sw.js", { scope: "/review" });
  const worker = registration.active ?? (await navigator.serviceWorker.ready).active;
  if (!worker) throw new Error("the service worker did not start");
  const assets = performance
    .getEntriesByType("resource")
    .map((e) => new URL(e.name))
    .filter((url) => url.origin === location.origin && url.pathname.startsWith("/_next/static/"))
    .map((url) => url.href);
  const kept = new Promise<void>((resolve) => {
    const onMessage = (event: MessageEvent) => {
      if ((event.data as { type?: string } | null)?.type !== "kept") return;
      navigator.serviceWorker.removeEventListener("message", onMessage);
      resolve();
    };
    navigator.serviceWorker.addEventListener("message", onMessage);
    navigator.serviceWorker.startMessages();
  });
  // On the first visit this page did not pass through the worker: it asks for a copy to be kept.
  worker.postMessage({ type: "keep", assets, page: firstVisit ? location.href : null });
  await kept;
}
