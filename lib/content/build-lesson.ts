// One lesson's check and compile from one parse: extractLesson's syntax tree is handed to MDX, so the
// source is parsed once (the parse is about half of a lesson's compile). The result is plain data, so
// a worker thread (lib/content/lesson-worker.ts) can return it as well as this thread.
import { CompileError, compileLesson, type Compiled } from "./compile";
import { extractLesson, type ExtractResult } from "./extract";

export interface LessonJob {
  source: string;
  /** As shown in problems (relative to the working directory). */
  file: string;
  /** Where the lesson lives: MDX resolves imports from its folder. */
  absoluteFile: string;
  lessonId: string;
  compile: boolean;
}

export interface BuiltLesson {
  extracted: Omit<ExtractResult, "syntax">;
  /** Null when not compiled: compile was false, the MDX did not parse, or it did not compile (compileError). */
  compiled: Compiled | null;
  compileError: { message: string; line: number; column: number } | null;
}

export async function buildLesson({ source, file, absoluteFile, lessonId, compile }: LessonJob): Promise<BuiltLesson> {
  const { syntax, ...extracted } = extractLesson(source, file, lessonId);
  if (!compile || !extracted.parsed) return { extracted, compiled: null, compileError: null };
  try {
    return { extracted, compiled: await compileLesson(source, absoluteFile, { syntax }), compileError: null };
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    return { extracted, compiled: null, compileError: { message: e.message, line: e.line, column: e.column } };
  }
}
