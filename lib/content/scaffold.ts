// `npm run content:new -- <course> <lesson-id> "<title>"`: a valid lesson with one question of each
// kind, added to the end of the course's order.
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function lessonTemplate(id: string, title: string, topic: string): string {
  return `---
id: ${id}
title: ${JSON.stringify(title)}
level: junior
topics: [${topic}]
summary: One or two sentences on what the learner will be able to do after this lesson.
related: []
keyFigures:
  - label: A number worth remembering
    value: "42"
---

Open with a concrete situation the learner recognises, then the idea that explains it.

## The idea

Explain it in your own words. Put each question right after the paragraph that teaches it.

<MultipleChoice id="${id}.first-check" prompt="Replace with a question on this idea that makes sense on its own, as review shows it." topics={["${topic}"]}>
  <Choice correct explanation="Say why this is right.">The right answer</Choice>
  <Choice explanation="Name the misconception this choice stands for, and why it is wrong.">A tempting wrong answer</Choice>
  <Choice explanation="Another real misconception, explained.">Another wrong answer</Choice>
</MultipleChoice>

## Putting numbers on it

<KeyFigures />

<Estimate id="${id}.estimate" prompt="Replace with a back-of-the-envelope question." answer={86400} unit="s/day" tolerance={0.1} topics={["${topic}"]}>
  <Solution>Show the arithmetic: 24 h × 3,600 s = 86,400 s.</Solution>
</Estimate>

## What to remember

<FreeRecall id="${id}.recall" prompt="Replace with a question that has one clear answer." topics={["${topic}"]}>
  <Answer>The model answer, in two or three sentences.</Answer>
  <KeyPoint keywords={["first phrase", "a synonym"]}>The first thing a good answer says</KeyPoint>
  <KeyPoint keywords={["second phrase"]}>The second thing</KeyPoint>
</FreeRecall>
`;
}

export async function scaffoldLesson({ rootDir = "content", course, id, title }: { rootDir?: string; course: string; id: string; title: string }): Promise<string> {
  if (!KEBAB.test(id)) throw new Error(`The lesson id "${id}" must be kebab-case, like head-sampling.`);
  if (!title.trim()) throw new Error("Give the lesson a title.");
  const courseFile = path.join(rootDir, "courses", course, "course.json");
  if (!existsSync(courseFile)) throw new Error(`No course "${course}": ${courseFile} does not exist.`);
  const file = path.join(rootDir, "courses", course, "lessons", `${id}.mdx`);
  if (existsSync(file)) throw new Error(`${file} already exists.`);
  const topics = JSON.parse(await readFile(path.join(rootDir, "topics.json"), "utf8")) as { id: string }[];
  if (!topics.length) throw new Error("content/topics.json has no topics: add one first.");
  const courseJson = JSON.parse(await readFile(courseFile, "utf8")) as { lessons: string[] };
  if (courseJson.lessons.includes(id)) throw new Error(`"${id}" is already in ${courseFile}.`);
  await writeFile(file, lessonTemplate(id, title, topics[0].id));
  courseJson.lessons.push(id);
  await writeFile(courseFile, JSON.stringify(courseJson, null, 2) + "\n");
  return file;
}
