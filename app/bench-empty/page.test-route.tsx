import type { Metadata } from "next";

// Empty on purpose: `npm run bench` measures the lesson page against this page, built by the same
// build under the same root layout (tests/bench/lesson-page.ts, tests/bench/due-queue.ts), so the
// difference in JavaScript, server time and web vitals is what a lesson adds. Linked from nowhere, and
// only in a test build (RECALL_TEST_BUILD=1, next.config.mjs).
export const metadata: Metadata = { title: "Empty", robots: { index: false, follow: false } };

export default function BenchEmptyPage() {
  return null;
}
