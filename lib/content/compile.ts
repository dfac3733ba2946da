// The one place MDX is compiled (mdx-bundler). Code blocks are highlighted here by shiki with both
// themes as CSS variables, so the browser gets coloured HTML and no highlighter. Results are cached
// on disk by a hash of the source and the compiler set-up, so unchanged lessons are not recompiled.
import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import remarkGfm from "remark-gfm";
import type { Highlighter } from "shiki";
import type { Root } from "mdast";
import type { Processor } from "unified";
import type { ParsedSyntax } from "./extract";
import { dataPath } from "@/lib/db/data-dir";

/**
 * Code colours for the light and dark themes. GitHub's "default" themes keep every token colour at
 * 4.5:1 or more against their own background (AA); the older github-light/github-dark did not
 * (orange 3.5:1, dark comments 3.1:1). tests/unit/content/code-contrast.test.ts holds them to it.
 */
export const CODE_THEMES = { light: "github-light-default", dark: "github-dark-default" } as const;

/** Bump when the plugins or their options change: it invalidates every cached compile. */
const COMPILER_KEY = "mdx-bundler10/gfm/slug/shiki-dual-v3";

/**
 * tokenizeTimeLimit 0: shiki stops tokenizing a line after 500 ms by default and colours the rest of
 * it as one token. On a busy machine the first block (whose grammar's regexes compile then) hit that
 * limit, so the same lesson compiled to different colours depending on load; v3 drops those caches.
 *
 * One highlighter for the whole process, created with the two themes and no grammar: each grammar is
 * loaded the first time a lesson's code block names it (`lazy`). @shikijs/rehype's default loads all
 * ~230 bundled grammars first, which cost ≈ 10 s of CPU before the first lesson compiled.
 */
async function loadCompiler() {
  const [{ bundleMDX }, { default: rehypeShikiFromHighlighter }, { default: rehypeSlug }, { createHighlighter }] = await Promise.all([
    import("mdx-bundler"),
    import("@shikijs/rehype/core"),
    import("rehype-slug"),
    import("shiki"),
  ]);
  const highlighter: Highlighter = await createHighlighter({ themes: Object.values(CODE_THEMES), langs: [] });
  return { bundleMDX, rehypeShikiFromHighlighter, rehypeSlug, highlighter };
}

/**
 * The compiler, loaded on the first cache miss and shared by the whole process: a check or a sync
 * whose lessons are all cached never imports mdx-bundler and shiki (≈ 0.5 s before the first lesson).
 */
let compiler: ReturnType<typeof loadCompiler> | undefined;
function sharedCompiler(): ReturnType<typeof loadCompiler> {
  compiler ??= loadCompiler();
  return compiler;
}

/**
 * Hands MDX the syntax tree the content check already parsed from the same source (remark-parse with
 * remark-mdx, GFM and frontmatter, as MDX's own pipeline parses it), instead of parsing the lesson a
 * second time: the parse is about half of a lesson's compile. Used once, and only when MDX parses
 * that exact source (MDX's later steps change the tree; anything else goes through the real parser).
 */
function remarkParsedTree(source: string, tree: Root) {
  return function (this: Processor<Root>) {
    const parse = this.parser;
    let used = false;
    this.parser = (document, file) => {
      if (used || document !== source) return parse!(document, file);
      used = true;
      return tree;
    };
  };
}

export interface Compiled {
  code: string;
  hash: string;
  cached: boolean;
}

export class CompileError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

export function contentHash(source: string): string {
  return createHash("sha256").update(COMPILER_KEY).update("\0").update(source).digest("hex");
}

function cacheDir(): string {
  return dataPath("mdx-cache");
}

export interface CompileOptions {
  /** extractLesson's tree, handed over (not copied): used only if it was parsed from this source. */
  syntax?: ParsedSyntax | null;
}

export async function compileLesson(source: string, file: string, { syntax }: CompileOptions = {}): Promise<Compiled> {
  const hash = contentHash(source);
  const cacheFile = path.join(cacheDir(), `${hash}.js`);
  try {
    return { code: await readFile(cacheFile, "utf8"), hash, cached: true };
  } catch {
    // not cached yet
  }
  try {
    const { bundleMDX, rehypeShikiFromHighlighter, rehypeSlug, highlighter } = await sharedCompiler();
    const result = await bundleMDX({
      source,
      cwd: path.dirname(path.resolve(file)),
      mdxOptions(options) {
        const reuse = syntax?.source === source ? [remarkParsedTree(source, syntax.tree)] : [];
        options.remarkPlugins = [...reuse, ...(options.remarkPlugins ?? []), remarkGfm];
        options.rehypePlugins = [
          ...(options.rehypePlugins ?? []),
          rehypeSlug,
          [rehypeShikiFromHighlighter, highlighter, { themes: CODE_THEMES, defaultColor: false, fallbackLanguage: "text", addLanguageClass: true, lazy: true, tokenizeTimeLimit: 0 }],
        ];
        return options;
      },
    });
    await mkdir(cacheDir(), { recursive: true });
    await writeFile(cacheFile, result.code);
    return { code: result.code, hash, cached: false };
  } catch (e) {
    const err = e as { errors?: { text: string; location?: { line: number; column: number } }[]; message: string };
    const first = err.errors?.[0];
    throw new CompileError(`MDX does not compile: ${first?.text ?? err.message.split("\n")[0]}`, first?.location?.line ?? 1, (first?.location?.column ?? 0) + 1);
  }
}
