// Registers public/sw.js for the review page only (scope /review: no other page passes through it).

export async function registerReviewWorker(): Promise<void> {
  if (typeof navigator === "undefined" || !("serviceWorker" in navigator)) return;
  const firstVisit = !navigator.serviceWorker.controller;
  const registration = await navigator.serviceWorker.register("/sw.js", { scope: "/review" });
  const worker = registration.active ?? (await navigator.serviceWorker.ready).active;
  const assets = performance
    .getEntriesByType("resource")
    .map((e) => e.name)
    .filter((href) => new URL(href).origin === location.origin && new URL(href).pathname.startsWith("/_next/static/"));
  // On the first visit this page did not pass through the worker: it asks for a copy to be kept.
  worker?.postMessage({ type: "keep", assets, page: firstVisit ? location.href : null });
}
