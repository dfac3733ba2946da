import { z } from "zod";

const kebab = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const topicSchema = z.object({
  id: z.string().regex(kebab, "topic ids are kebab-case (e.g. tail-sampling)"),
  title: z.string().min(1),
  description: z.string().min(1),
});
export const topicsFileSchema = z.array(topicSchema);

export const courseSchema = z.object({
  id: z.string().regex(kebab, "course ids are kebab-case"),
  title: z.string().min(1),
  description: z.string().min(1),
  lessons: z.array(z.string()).min(1, "a course lists at least one lesson"),
});

export const LEVELS = ["junior", "middle", "senior"] as const;

export const frontmatterSchema = z
  .object({
    id: z.string().regex(kebab, "lesson ids are kebab-case (e.g. head-sampling)"),
    title: z.string().min(1, "a lesson needs a title"),
    level: z.enum(LEVELS, { error: "level must be junior, middle or senior" }),
    topics: z.array(z.string()).min(1, "list at least one topic id from content/topics.json"),
    summary: z.string().min(1, "a lesson needs a one- or two-sentence summary"),
    related: z.array(z.string()).default([]),
    keyFigures: z.array(z.object({ label: z.string().min(1), value: z.union([z.string().min(1), z.number()]).transform(String) })).optional(),
  })
  .strict();

export type Topic = z.infer<typeof topicSchema>;
export type Course = z.infer<typeof courseSchema>;
export type Frontmatter = z.infer<typeof frontmatterSchema>;
