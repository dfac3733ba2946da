// A worker thread that builds lessons (lib/content/build-lesson.ts) for lib/content/build-lessons.ts:
// its own module instances, highlighter and heap, so a second core parses and compiles beside the
// main thread. Each message is one lesson; the answer carries the same id.
import { parentPort } from "node:worker_threads";
import { buildLesson, type LessonJob } from "./build-lesson";

parentPort?.on("message", ({ id, job }: { id: number; job: LessonJob }) => {
  buildLesson(job).then(
    (built) => parentPort?.postMessage({ id, built }),
    (e: unknown) => parentPort?.postMessage({ id, error: e instanceof Error ? e.message : String(e) }),
  );
});
