import { assertAuthor, type Actor } from "@/lib/auth/actor";
import { env } from "@/lib/env";
import { createHash } from "node:crypto";
import { loadContent } from "@/lib/content/load";
import { simulateWorkload, type Workload } from "@/lib/content/workload";

/** The desired retentions the workload preview compares. */
export const WORKLOAD_RETENTIONS = [0.8, 0.85, 0.9, 0.95] as const;

// Four simulations of 20 learners cost a second or two; they depend only on the course's lessons and
// their questions, so they are kept per hash of that shape and rerun only when the content changes.
const CACHE_SIZE = 32;
const cache = new Map<string, Workload[]>();

function shapeHash(lessons: readonly (readonly string[])[]): string {
  return createHash("sha256").update(JSON.stringify(lessons)).digest("hex");
}

/**
 * The workload a course adds at each of WORKLOAD_RETENTIONS, from the files as they stand now (the
 * author sees a change before it is synced); null when no such course is in the content folder.
 */
export async function getCourseWorkload({
  actor,
  courseId,
  rootDir = env().RECALL_CONTENT_DIR,
}: {
  actor: Actor;
  courseId: string;
  rootDir?: string;
}): Promise<{ title: string; workloads: Workload[]; cached: boolean } | null> {
  assertAuthor(actor);
  const content = await loadContent({ rootDir, compile: false });
  const course = content.courses.find((c) => c.id === courseId);
  if (!course) return null;
  const lessons = content.lessons
    .filter((l) => l.courseId === course.id)
    .sort((a, b) => a.position - b.position)
    .map((l) => l.questionIds);
  const key = shapeHash(lessons);
  const hit = cache.get(key);
  if (hit) return { title: course.title, workloads: hit, cached: true };
  const workloads: Workload[] = [];
  for (const desiredRetention of WORKLOAD_RETENTIONS) workloads.push(await simulateWorkload({ lessons, desiredRetention }));
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, workloads);
  return { title: course.title, workloads, cached: false };
}
