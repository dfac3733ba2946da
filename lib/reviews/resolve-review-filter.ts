import type { Db } from "@/lib/db/client";
import type { ReviewFilter } from "./get-review-queue";

export type ResolvedReviewFilter =
  | { ok: true; filter: ReviewFilter; /** "course: …", "topic: …" by name; null without a filter. */ label: string | null }
  | { ok: false; kind: "course" | "topic"; id: string };

/**
 * The review page's `?course=` / `?topic=` filter, checked against the catalogue and named. An unknown
 * id is reported rather than silently giving an empty session that looks like "nothing is due".
 */
export async function resolveReviewFilter({ db, courseId, topicId }: { db: Db; courseId?: string; topicId?: string }): Promise<ResolvedReviewFilter> {
  const [course, topic] = await Promise.all([
    courseId ? db.course.findFirst({ where: { id: courseId, retiredAt: null }, select: { title: true } }) : null,
    topicId ? db.topic.findUnique({ where: { id: topicId }, select: { title: true } }) : null,
  ]);
  if (courseId && !course) return { ok: false, kind: "course", id: courseId };
  if (topicId && !topic) return { ok: false, kind: "topic", id: topicId };
  const parts = [course ? `course: ${course.title}` : null, topic ? `topic: ${topic.title}` : null].filter((p) => p !== null);
  return { ok: true, filter: { ...(courseId ? { courseId } : {}), ...(topicId ? { topicId } : {}) }, label: parts.length ? parts.join(" · ") : null };
}
