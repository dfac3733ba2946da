// Loads and validates everything under content/: topics, courses, lessons and the questions inside
// them. Every problem is reported with its file, line and column; nothing throws on bad content.
import { existsSync } from "node:fs";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { parseDocument, type Document } from "yaml";
import type { z } from "zod";
import type { QuestionData } from "@/lib/quiz/types";
import { CompileError, compileLesson, type Compiled } from "./compile";
import { extractLesson, type ExtractResult, type Problem } from "./extract";
import { courseSchema, frontmatterSchema, topicsFileSchema, type Course, type Frontmatter, type Topic } from "./schema";

export type { Problem } from "./extract";

export interface LoadedLesson extends Frontmatter {
  courseId: string;
  position: number;
  file: string;
  source: string;
  code: string;
  contentHash: string;
  plainText: string;
  readingMinutes: number;
  headings: string[];
  questionIds: string[];
}

export interface LoadedContent {
  topics: Topic[];
  courses: (Course & { file: string; position: number })[];
  lessons: LoadedLesson[];
  questions: (QuestionData & { file: string; position: number })[];
  problems: Problem[];
  compiled: { fresh: number; cached: number };
}

export interface LoadOptions {
  rootDir?: string;
  /** false skips compiling MDX (a faster check of everything else). */
  compile?: boolean;
}

/**
 * Lessons checked and compiled at once: each spends part of its compile waiting for esbuild's own
 * process, so a few at once keep the event loop busy. More only queues up in esbuild.
 */
const BUILD_CONCURRENCY = 4;

interface LessonJob {
  source: string;
  /** As shown in problems (relative to the working directory). */
  file: string;
  /** Where the lesson lives: MDX resolves imports from its folder. */
  absoluteFile: string;
  lessonId: string;
}

interface BuiltLesson {
  extracted: ExtractResult;
  /** Null when not compiled: compile was false, the MDX did not parse, or it did not compile (compileError). */
  compiled: Compiled | null;
  compileError: CompileError | null;
}

/**
 * One lesson's check and compile from one parse: extractLesson's syntax tree is handed to MDX, so the
 * source is parsed once (the parse was half of a lesson's compile).
 */
async function buildLesson({ source, file, absoluteFile, lessonId }: LessonJob, compile: boolean): Promise<BuiltLesson> {
  const extracted = extractLesson(source, file, lessonId);
  if (!compile || !extracted.parsed) return { extracted, compiled: null, compileError: null };
  try {
    return { extracted, compiled: await compileLesson(source, absoluteFile, { syntax: extracted.syntax }), compileError: null };
  } catch (e) {
    return { extracted, compiled: null, compileError: e as CompileError };
  }
}

/** Builds the jobs BUILD_CONCURRENCY at a time; results in the jobs' order. */
async function buildLessons(jobs: LessonJob[], compile: boolean): Promise<BuiltLesson[]> {
  const results: BuiltLesson[] = new Array(jobs.length);
  let next = 0;
  const slot = async () => {
    for (let i = next++; i < jobs.length; i = next++) results[i] = await buildLesson(jobs[i], compile);
  };
  await Promise.all(Array.from({ length: BUILD_CONCURRENCY }, slot));
  return results;
}

const rel = (file: string) => path.relative(process.cwd(), file) || file;

/** Line of a YAML path (e.g. ["topics", 1]) in a document that starts at `firstLine`. */
function yamlLine(doc: Document, pathParts: (string | number)[], source: string, firstLine: number): { line: number; column: number } {
  for (let n = pathParts.length; n > 0; n--) {
    const node = doc.getIn(pathParts.slice(0, n), true) as { range?: [number, number] } | undefined;
    if (node?.range) {
      const before = source.slice(0, node.range[0]);
      const lines = before.split("\n");
      return { line: firstLine + lines.length - 1, column: lines[lines.length - 1].length + 1 };
    }
  }
  return { line: firstLine, column: 1 };
}

function zodProblems(error: z.ZodError, file: string, locate: (p: (string | number)[]) => { line: number; column: number }, prefix = ""): Problem[] {
  return error.issues.map((issue) => {
    const where = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
    return { file, ...locate(where), severity: "error" as const, message: `${prefix}${where.join(".") || "(root)"}: ${issue.message}` };
  });
}

async function readJson(file: string, problems: Problem[]): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, "utf8"));
  } catch (e) {
    const message = (e as Error).message;
    const at = /position (\d+)/.exec(message);
    let line = 1;
    if (at) line = (await readFile(file, "utf8")).slice(0, Number(at[1])).split("\n").length;
    problems.push({ file: rel(file), line, column: 1, severity: "error", message: existsSync(file) ? `invalid JSON: ${message}` : "file missing" });
    return null;
  }
}

export async function loadContent({ rootDir = "content", compile = true }: LoadOptions = {}): Promise<LoadedContent> {
  const root = path.resolve(/*turbopackIgnore: true*/ rootDir);
  const problems: Problem[] = [];
  const topicsFile = path.join(root, "topics.json");
  const rawTopics = await readJson(topicsFile, problems);
  const topicsParsed = topicsFileSchema.safeParse(rawTopics ?? []);
  const topics = topicsParsed.success ? topicsParsed.data : [];
  if (!topicsParsed.success && rawTopics !== null) problems.push(...zodProblems(topicsParsed.error, rel(topicsFile), () => ({ line: 1, column: 1 })));
  const topicIds = new Set(topics.map((t) => t.id));

  const courses: LoadedContent["courses"] = [];
  const lessons: LoadedLesson[] = [];
  const questions: LoadedContent["questions"] = [];
  const compiled = { fresh: 0, cached: 0 };
  const coursesDir = path.join(root, "courses");
  const courseDirs = existsSync(coursesDir) ? (await readdir(coursesDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort() : [];
  const lessonFiles = new Map<string, string>();
  const linkChecks: { file: string; line: number; column: number; url: string; lessonId: string }[] = [];
  const relatedChecks: { file: string; line: number; column: number; related: string; lessonId: string }[] = [];

  // Read every lesson first, then build them all (one parse each, several compiles overlapping), then
  // check them in order: duplicate ids are reported against the first in that order.
  const pendingLessons: { course: Course; position: number; lessonId: string; job: LessonJob }[] = [];
  for (const [courseIndex, dirName] of courseDirs.entries()) {
    const courseFile = path.join(coursesDir, dirName, "course.json");
    const raw = await readJson(courseFile, problems);
    if (raw === null) continue;
    const parsed = courseSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push(...zodProblems(parsed.error, rel(courseFile), () => ({ line: 1, column: 1 })));
      continue;
    }
    const course = parsed.data;
    if (course.id !== dirName) problems.push({ file: rel(courseFile), line: 1, column: 1, severity: "error", message: `course id "${course.id}" must equal its folder name "${dirName}"` });
    courses.push({ ...course, file: rel(courseFile), position: courseIndex });

    const lessonsDir = path.join(coursesDir, dirName, "lessons");
    const files = existsSync(lessonsDir) ? (await readdir(lessonsDir)).filter((f) => f.endsWith(".mdx")).sort() : [];
    for (const f of files) {
      if (!course.lessons.includes(f.replace(/\.mdx$/, ""))) {
        problems.push({ file: rel(path.join(lessonsDir, f)), line: 1, column: 1, severity: "error", message: `lesson file is not listed in ${rel(courseFile)} "lessons"` });
      }
    }
    for (const [position, lessonId] of course.lessons.entries()) {
      const file = path.join(lessonsDir, `${lessonId}.mdx`);
      if (!existsSync(file)) {
        problems.push({ file: rel(courseFile), line: 1, column: 1, severity: "error", message: `lesson "${lessonId}" is listed but ${rel(file)} does not exist` });
        continue;
      }
      const source = await readFile(file, "utf8");
      pendingLessons.push({ course, position, lessonId, job: { source, file: rel(file), absoluteFile: file, lessonId } });
    }
  }

  const built = await buildLessons(
    pendingLessons.map((p) => p.job),
    compile,
  );

  for (const [index, { course, position, lessonId, job }] of pendingLessons.entries()) {
    const { source, file } = job;
    const { extracted, compiled: compiledLesson, compileError } = built[index];
    problems.push(...extracted.problems);
    if (!extracted.parsed) continue;
    if (!extracted.yaml) {
      problems.push({ file, line: 1, column: 1, severity: "error", message: "the lesson needs YAML frontmatter between --- lines (id, title, level, topics, summary)" });
      continue;
    }
    const doc = parseDocument(extracted.yaml.value);
    const yamlStart = extracted.yaml.line + 1;
    if (doc.errors.length) {
      for (const e of doc.errors) problems.push({ file, line: yamlStart + (e.linePos?.[0].line ?? 1) - 1, column: e.linePos?.[0].col ?? 1, severity: "error", message: `frontmatter YAML: ${e.message.split("\n")[0]}` });
      continue;
    }
    const fm = frontmatterSchema.safeParse(doc.toJS());
    const locate = (p: (string | number)[]) => yamlLine(doc, p, extracted.yaml!.value, yamlStart);
    if (!fm.success) {
      problems.push(...zodProblems(fm.error, file, locate, "frontmatter "));
      continue;
    }
    const front = fm.data;
    if (front.id !== lessonId) problems.push({ file, ...locate(["id"]), severity: "error", message: `frontmatter id "${front.id}" must equal the file name "${lessonId}"` });
    const previous = lessonFiles.get(front.id);
    if (previous) {
      problems.push({ file, ...locate(["id"]), severity: "error", message: `duplicate lesson id "${front.id}" (also in ${previous})` });
      continue;
    }
    lessonFiles.set(front.id, file);
    front.topics.forEach((t, i) => {
      if (!topicIds.has(t)) problems.push({ file, ...locate(["topics", i]), severity: "error", message: `unknown topic "${t}" (add it to content/topics.json or fix the id)` });
    });
    front.related.forEach((r, i) => relatedChecks.push({ file, ...locate(["related", i]), related: r, lessonId }));
    for (const l of extracted.links) linkChecks.push({ file, line: l.line, column: l.column, url: l.url, lessonId });

    const onlyTopics = extracted.questions.flatMap((q) => q.topics.filter((t) => !topicIds.has(t)).map((t) => ({ q, t })));
    for (const { q, t } of onlyTopics) problems.push({ file, line: q.line, column: 1, severity: "error", message: `question "${q.id}": unknown topic "${t}"` });
    if (extracted.questions.length === 0) {
      problems.push({ file, line: 1, column: 1, severity: "warning", message: "the lesson has no questions: nothing of it will come back for review" });
    } else if (!extracted.questions.some((q) => q.line >= (extracted.lastLine * 2) / 3)) {
      problems.push({ file, line: extracted.lastLine, column: 1, severity: "warning", message: "no question in the last third of the lesson: end with a question on what it taught" });
    }

    lessons.push({
      ...front,
      courseId: course.id,
      position,
      file,
      source,
      code: compiledLesson?.code ?? "",
      contentHash: compiledLesson?.hash ?? "",
      plainText: extracted.plainText,
      readingMinutes: Math.max(1, Math.ceil(extracted.words / 220)),
      headings: extracted.headings,
      questionIds: extracted.questions.map((q) => q.id),
    });
    extracted.questions.forEach((q, i) => questions.push({ ...q, file, position: i }));
    if (compiledLesson) compiled[compiledLesson.cached ? "cached" : "fresh"] += 1;
    if (compileError) problems.push({ file, line: compileError.line, column: compileError.column, severity: "error", message: compileError.message });
  }

  const seen = new Map<string, string>();
  for (const q of questions) {
    const where = `${q.file}:${q.line}`;
    const first = seen.get(q.id);
    if (first) problems.push({ file: q.file, line: q.line, column: 1, severity: "error", message: `duplicate question id "${q.id}" (first at ${first})` });
    else seen.set(q.id, where);
  }
  const byId = new Map(lessons.map((l) => [l.id, l]));
  for (const r of relatedChecks) {
    if (!byId.has(r.related) && !lessonFiles.has(r.related)) problems.push({ file: r.file, line: r.line, column: r.column, severity: "error", message: `related lesson "${r.related}" does not exist` });
  }
  for (const link of linkChecks) {
    const [pathPart, anchor] = link.url.split("#");
    if (link.url.startsWith("#")) {
      if (!byId.get(link.lessonId)?.headings.includes(anchor)) problems.push({ file: link.file, line: link.line, column: link.column, severity: "error", message: `link "${link.url}": no heading with that anchor in this lesson` });
      continue;
    }
    const [, kind, id] = pathPart.split("/");
    if (kind === "topics") {
      if (!topicIds.has(id)) problems.push({ file: link.file, line: link.line, column: link.column, severity: "error", message: `link "${link.url}": unknown topic "${id}"` });
      continue;
    }
    const target = byId.get(id);
    if (!target) problems.push({ file: link.file, line: link.line, column: link.column, severity: "error", message: `link "${link.url}": no lesson "${id}"` });
    else if (anchor && !target.headings.includes(anchor)) {
      problems.push({ file: link.file, line: link.line, column: link.column, severity: "error", message: `link "${link.url}": lesson "${id}" has no heading with the anchor "#${anchor}"` });
    }
  }
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return { topics, courses, lessons, questions, problems, compiled };
}
