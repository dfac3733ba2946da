// Code blocks are coloured at compile time by shiki with CODE_THEMES. axe checks the pages it visits;
// this checks every token of every code block in the content, in both themes, against WCAG AA.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { createHighlighter } from "shiki";
import { expect, it } from "vitest";
import { CODE_THEMES } from "@/lib/content/compile";

function luminance(hex: string): number {
  let h = hex.replace("#", "").slice(0, 6);
  if (h.length === 3) h = [...h].map((c) => c + c).join("");
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

function codeBlocks(): { file: string; lang: string; code: string }[] {
  const out: { file: string; lang: string; code: string }[] = [];
  const courses = path.join("content", "courses");
  for (const course of readdirSync(courses)) {
    const dir = path.join(courses, course, "lessons");
    for (const f of readdirSync(dir).filter((n) => n.endsWith(".mdx"))) {
      const source = readFileSync(path.join(dir, f), "utf8");
      for (const m of source.matchAll(/```([\w-]+)\n([\s\S]*?)```/g)) out.push({ file: f, lang: m[1], code: m[2] });
    }
  }
  return out;
}

it("every token of every code block in the content has at least 4.5:1 contrast in both code themes", async () => {
  const blocks = codeBlocks();
  expect(blocks.length).toBeGreaterThan(10);
  const langs = [...new Set(blocks.map((b) => b.lang))].filter((l) => l !== "text");
  const highlighter = await createHighlighter({ themes: Object.values(CODE_THEMES), langs });
  const failures: string[] = [];
  for (const theme of Object.values(CODE_THEMES)) {
    for (const block of blocks) {
      const { tokens, bg } = highlighter.codeToTokens(block.code, { lang: block.lang as never, theme });
      for (const token of tokens.flat()) {
        if (!token.content.trim() || !token.color || !bg) continue;
        const ratio = contrast(token.color, bg);
        if (ratio < 4.5) failures.push(`${theme} ${block.file} ${block.lang} "${token.content.trim()}" ${token.color} on ${bg}: ${ratio.toFixed(2)}:1`);
      }
    }
  }
  expect(failures).toEqual([]);
}, 60_000);
