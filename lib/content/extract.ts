// Reads a lesson's MDX syntax tree (remark-parse + remark-mdx, no regexes over the source) and
// extracts its questions, headings and internal links, with source positions for file:line messages.
import GithubSlugger from "github-slugger";
import { toString } from "mdast-util-to-string";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import remarkMdx from "remark-mdx";
import remarkParse from "remark-parse";
import { unified } from "unified";
import type { Root } from "mdast";
import { gradeEstimate } from "@/lib/quiz/grade";
import type { ChoiceData, KeyPointData, QuestionData, Tolerance } from "@/lib/quiz/types";

export interface Problem {
  file: string;
  line: number;
  column: number;
  severity: "error" | "warning";
  message: string;
}

interface Position {
  start: { line: number; column: number; offset?: number };
  end: { line: number; column: number; offset?: number };
}
interface MdNode {
  type: string;
  name?: string | null;
  value?: unknown;
  url?: string;
  depth?: number;
  attributes?: Attr[];
  children?: MdNode[];
  position?: Position;
}
interface Attr {
  type: string;
  name: string;
  value?: string | null | { type: string; value: string; data?: { estree?: EsNode } };
  position?: Position;
}
interface EsNode {
  type: string;
  [key: string]: unknown;
}

export const QUESTION_TAGS = ["MultipleChoice", "FreeRecall", "Estimate"] as const;
const KIND = { MultipleChoice: "MULTIPLE_CHOICE", FreeRecall: "FREE_RECALL", Estimate: "ESTIMATE" } as const;
const KNOWN_COMPONENTS = new Set([
  ...QUESTION_TAGS,
  "Choice",
  "Prompt",
  "Context",
  "Figure",
  "Answer",
  "KeyPoint",
  "Solution",
  "Callout",
  "KeyFigures",
  "TraceWaterfall",
  "TraceparentDecoder",
  "SamplingCalculator",
]);

export interface LinkRef {
  url: string;
  line: number;
  column: number;
}

export interface ExtractResult {
  /** False when the MDX did not parse (the problem is reported; nothing else was extracted). */
  parsed: boolean;
  yaml: { value: string; line: number } | null;
  questions: QuestionData[];
  headings: string[];
  links: LinkRef[];
  /** Line of each top-level block, to find questions in the last third of a lesson. */
  lastLine: number;
  words: number;
  plainText: string;
  problems: Problem[];
  /** The parsed syntax tree with the source it was parsed from, unchanged: the compile reuses it rather than parsing the source again. */
  syntax: ParsedSyntax | null;
}

export interface ParsedSyntax {
  source: string;
  tree: Root;
}

class NotStatic extends Error {}

/**
 * Words by which a prompt points at something outside itself. Review shows a question without its
 * lesson, so these are errors unless the question carries what they point at (a <Context>, or a
 * code block or table inside its <Prompt>). LESSON_REFERENCES point at the lesson's prose, which no
 * question carries, so they are errors always.
 */
const FIGURE_REFERENCES =
  /\b(?:(?:the|this|these)\s+(?:[\w-]+\s+){0,2}(?:above|below)\b|as (?:shown |listed )?(?:above|below)\b|(?:above|below)(?=\s*[,.:;?)])|this (?:trace|waterfall|figure|table|diagram)\b|the (?:waterfall|figure|table|diagram)\b|in the trace(?=\s*,))/i;
const LESSON_REFERENCES = /\b(the worked example|the (?:previous|next|last) question|worked example above|in the lesson|this lesson|the previous section|the section above|earlier in)\b/i;
/** A correct choice this much longer than every wrong one gives the answer away. */
export const LONGEST_CORRECT_RATIO = 1.3;
/** Shorter choices (numbers, single words) are left alone: a few characters' difference means nothing there. */
const LONGEST_CORRECT_MIN_CHARS = 16;

/** Evaluates a literal expression (strings, numbers, booleans, null, arrays and objects of them). */
function staticValue(node: EsNode): unknown {
  switch (node.type) {
    case "Literal":
      return node.value;
    case "TemplateLiteral": {
      const quasis = node.quasis as { value: { cooked: string } }[];
      if ((node.expressions as unknown[]).length) throw new NotStatic();
      return quasis.map((q) => q.value.cooked).join("");
    }
    case "UnaryExpression":
      if (node.operator === "-" && (node.argument as EsNode).type === "Literal") return -((node.argument as EsNode).value as number);
      throw new NotStatic();
    case "ArrayExpression":
      return (node.elements as EsNode[]).map(staticValue);
    case "ObjectExpression":
      return Object.fromEntries(
        (node.properties as EsNode[]).map((p) => {
          if (p.type !== "Property" || p.computed) throw new NotStatic();
          const key = p.key as EsNode;
          const name = key.type === "Identifier" ? (key.name as string) : String(key.value);
          return [name, staticValue(p.value as EsNode)];
        }),
      );
    default:
      throw new NotStatic();
  }
}

/** Parsed with GFM as the compiler does (lib/content/compile.ts), so a table is cells of text, not pipes and dashes. */
export function parseMdx(source: string): MdNode {
  return unified().use(remarkParse).use(remarkMdx).use(remarkGfm).use(remarkFrontmatter, ["yaml"]).parse(source) as unknown as MdNode;
}

function line(node: { position?: Position }): { line: number; column: number } {
  return { line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 };
}

function positionAt(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset).split("\n");
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

function isElement(node: MdNode): boolean {
  return node.type === "mdxJsxFlowElement" || node.type === "mdxJsxTextElement";
}

function childElements(node: MdNode, name: string): MdNode[] {
  const out: MdNode[] = [];
  const walk = (n: MdNode) => {
    for (const c of n.children ?? []) {
      if (isElement(c) && c.name === name) out.push(c);
      else if (c.type === "paragraph") walk(c);
    }
  };
  walk(node);
  return out;
}

/** Plain text of MDX children: inline code keeps its backticks off, code blocks keep their code. */
function textOf(node: MdNode): string {
  return toString(node as never, { includeImageAlt: false }).replace(/\s+/g, " ").trim();
}

const BLOCKS = new Set(["paragraph", "code", "heading", "list", "listItem", "blockquote", "table", "tableRow", "tableCell", "mdxJsxFlowElement", "thematicBreak"]);

/**
 * Plain text of a prompt with one line per block, so a code block under a sentence stays apart from it
 * ("…carry?" then "traceparent: …") wherever the prompt is shown as text; a code block keeps its lines.
 */
function blockTextOf(node: MdNode): string {
  if (node.type === "code") return String(node.value ?? "").trim();
  const children = node.children ?? [];
  if (children.length > 0 && children.every((c) => BLOCKS.has(c.type))) {
    return children
      .map(blockTextOf)
      .filter((t) => t !== "")
      .join(node.type === "tableRow" ? " " : "\n");
  }
  return textOf(node);
}

export function extractLesson(source: string, file: string, lessonId: string): ExtractResult {
  const problems: Problem[] = [];
  const err = (at: { position?: Position }, message: string, severity: Problem["severity"] = "error") =>
    problems.push({ file, ...line(at), severity, message });

  let tree: MdNode;
  try {
    tree = parseMdx(source);
  } catch (e) {
    const place = (e as { place?: { line?: number; column?: number; start?: { line: number; column: number } } }).place;
    const at = place && "start" in place && place.start ? place.start : (place as { line?: number; column?: number } | undefined);
    problems.push({ file, line: at?.line ?? 1, column: at?.column ?? 1, severity: "error", message: `MDX does not parse: ${(e as Error).message.split("\n")[0]}` });
    return { parsed: false, yaml: null, questions: [], headings: [], links: [], lastLine: 1, words: 0, plainText: "", problems, syntax: null };
  }

  const yamlNode = tree.children?.find((c) => c.type === "yaml");
  const slugger = new GithubSlugger();
  const headings: string[] = [];
  const links: LinkRef[] = [];
  const questions: QuestionData[] = [];
  const textParts: string[] = [];
  const figures = new Map<string, MdNode>();
  const figureRefs: { id: string; questionId: string; at: MdNode }[] = [];

  const attrs = (node: MdNode, what: string): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const a of node.attributes ?? []) {
      if (a.type !== "mdxJsxAttribute") {
        err(a.position ? a : node, `<${what}>: spread attributes are not allowed; write each prop as a literal`);
        continue;
      }
      if (a.value === null || a.value === undefined) out[a.name] = true;
      else if (typeof a.value === "string") out[a.name] = a.value;
      else {
        const estree = a.value.data?.estree as EsNode | undefined;
        const expr = (estree?.body as EsNode[] | undefined)?.[0]?.expression as EsNode | undefined;
        try {
          if (!expr) throw new NotStatic();
          out[a.name] = staticValue(expr);
        } catch {
          err(a.position ? a : node, `<${what}> prop "${a.name}" must be a static literal (a string, number, or array/object of them), not an expression`);
        }
      }
    }
    return out;
  };

  const walk = (node: MdNode, depth: number) => {
    if (node.type === "heading") headings.push(slugger.slug(textOf(node)));
    if (node.type === "link" && node.url && (node.url.startsWith("/lessons/") || node.url.startsWith("/topics/") || node.url.startsWith("#"))) {
      links.push({ url: node.url, ...line(node) });
    }
    if (isElement(node)) {
      const name = node.name ?? "";
      if (name && /^[A-Z]/.test(name) && !KNOWN_COMPONENTS.has(name)) err(node, `unknown component <${name}>`);
      if ((QUESTION_TAGS as readonly string[]).includes(name)) {
        if (depth !== 1) err(node, `<${name}> must sit at the top level of the lesson (not inside another element), so the review session can show it on its own`);
        const q = extractQuestion(node, name as (typeof QUESTION_TAGS)[number]);
        if (q) questions.push(q);
        return;
      }
      if (name === "Figure") {
        const fa = attrs(node, name);
        const figureId = typeof fa.id === "string" ? fa.id : "";
        if (depth !== 1) err(node, `<Figure> must sit at the top level of the lesson, so the review session can show it with the questions that use it`);
        if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(figureId)) err(node, `<Figure> needs a kebab-case id="…" (questions point at it with <Context figure="…" />)`);
        else if (figures.has(figureId)) err(node, `duplicate figure id "${figureId}" in this lesson`);
        else figures.set(figureId, node);
        if (typeof fa.caption !== "string" || !fa.caption.trim()) err(node, `<Figure id="${figureId}"> needs a caption="…" (it names the figure in the lesson and in review)`);
      }
      if (name === "Context" && depth === 1) err(node, `<Context> belongs inside a question: it is what the question shows above its prompt`);
      if (name === "TraceWaterfall" || name === "TraceparentDecoder" || name === "SamplingCalculator" || name === "Callout") attrs(node, name);
    }
    if (node.type === "text" || node.type === "inlineCode" || node.type === "code") textParts.push(String(node.value ?? ""));
    for (const c of node.children ?? []) walk(c, depth + 1);
  };

  /** Reports a prompt that points at the lesson, or at a figure the question does not carry. */
  const checkReferences = (node: MdNode, id: string, promptEl: MdNode | undefined, carries: boolean) => {
    const promptAttr = node.attributes?.find((x) => x.type === "mdxJsxAttribute" && x.name === "prompt");
    const region = promptEl ?? promptAttr;
    const start = region?.position?.start.offset;
    const end = region?.position?.end.offset;
    if (start === undefined || end === undefined) return;
    const span = source.slice(start, end);
    const checks: [RegExp, string][] = [[LESSON_REFERENCES, "points at the lesson, which the review session does not show"]];
    if (!carries) checks.push([FIGURE_REFERENCES, "refers to something it does not carry (review shows the question alone): add a <Context> or reword"]);
    for (const [pattern, why] of checks) {
      const match = pattern.exec(span);
      if (match) problems.push({ file, ...positionAt(source, start + match.index), severity: "error", message: `question "${id}": the prompt says "${match[0]}" and ${why}` });
    }
  };

  const extractQuestion = (node: MdNode, tag: (typeof QUESTION_TAGS)[number]): QuestionData | null => {
    const a = attrs(node, tag);
    const id = typeof a.id === "string" ? a.id : "";
    if (!id) {
      err(node, `<${tag}> needs an id="${lessonId}.<slug>" (stable and unique across all content)`);
      return null;
    }
    const promptEl = childElements(node, "Prompt")[0];
    const prompt = promptEl ? blockTextOf(promptEl) : typeof a.prompt === "string" ? a.prompt : "";
    if (!prompt) err(node, `question "${id}" needs a prompt="…" or a <Prompt> child`);
    const contextEls = childElements(node, "Context");
    if (contextEls.length > 1) err(contextEls[1], `question "${id}" has more than one <Context>; put everything it shows in one`);
    for (const c of contextEls) {
      const ca = attrs(c, "Context");
      const hasChildren = (c.children ?? []).some((k) => k.type !== "text" || String(k.value ?? "").trim() !== "");
      if (typeof ca.figure === "string" && hasChildren) err(c, `question "${id}": <Context figure="${ca.figure}" /> points at a figure; it cannot also hold content`);
      else if (typeof ca.figure === "string") figureRefs.push({ id: ca.figure, questionId: id, at: c });
      else if (!hasChildren) err(c, `question "${id}": <Context> is empty; give it content or figure="<figure id>"`);
    }
    const promptCarries = promptEl ? (promptEl.children ?? []).some((k) => k.type === "code" || k.type === "table" || isElement(k)) : false;
    checkReferences(node, id, promptEl, contextEls.length > 0 || promptCarries);
    const topics = Array.isArray(a.topics) ? a.topics.filter((t): t is string => typeof t === "string") : [];
    if (a.topics !== undefined && !Array.isArray(a.topics)) err(node, `question "${id}": topics must be an array of topic ids`);
    const base = { id, lessonId, prompt, topics, ...line(node) };

    if (tag === "MultipleChoice") {
      const choices: ChoiceData[] = childElements(node, "Choice").map((c, i) => {
        const ca = attrs(c, "Choice");
        const explanation = typeof ca.explanation === "string" ? ca.explanation : "";
        if (!explanation) err(c, `question "${id}": choice ${i + 1} needs an explanation="…" saying why it is right or wrong`);
        return { id: String.fromCharCode(97 + i), text: textOf(c), correct: ca.correct === true || ca.correct === "true", explanation };
      });
      if (choices.length < 2) err(node, `multiple choice "${id}" needs at least two <Choice> children (it has ${choices.length})`);
      else if (!choices.some((c) => c.correct)) err(node, `multiple choice "${id}" has no correct choice: mark one with <Choice correct …>`);
      if (choices.length >= 2) {
        const lengths = choices.map((c) => c.text.length);
        const [min, max] = [Math.min(...lengths), Math.max(...lengths)];
        if (max > 40 && max > 3 * min) err(node, `multiple choice "${id}": choices differ greatly in length (${min}–${max} characters), which gives the answer away`, "warning");
        const longestCorrect = Math.max(0, ...choices.filter((c) => c.correct).map((c) => c.text.length));
        const longestWrong = Math.max(0, ...choices.filter((c) => !c.correct).map((c) => c.text.length));
        if (longestWrong > 0 && longestCorrect >= LONGEST_CORRECT_MIN_CHARS && longestCorrect >= LONGEST_CORRECT_RATIO * longestWrong) {
          err(node, `multiple choice "${id}": the correct choice is the longest by ${(longestCorrect / longestWrong).toFixed(2)}× (${longestCorrect} against ${longestWrong} characters), which gives the answer away`, "warning");
        }
      }
      return { ...base, kind: "MULTIPLE_CHOICE", payload: { kind: "MULTIPLE_CHOICE", choices, multiple: choices.filter((c) => c.correct).length > 1 } };
    }
    if (tag === "FreeRecall") {
      const answerEl = childElements(node, "Answer")[0];
      const answer = answerEl ? textOf(answerEl) : "";
      if (!answer) err(node, `free recall "${id}" needs an <Answer> with the model answer`);
      const keyPoints: KeyPointData[] = childElements(node, "KeyPoint").map((k) => {
        const ka = attrs(k, "KeyPoint");
        const keywords = Array.isArray(ka.keywords) ? ka.keywords.filter((w): w is string => typeof w === "string" && w.trim() !== "") : [];
        if (!keywords.length) err(k, `free recall "${id}": a key point without keywords cannot be matched in a typed answer`, "warning");
        return { text: textOf(k), keywords };
      });
      if (!keyPoints.length) err(node, `free recall "${id}" needs <KeyPoint> children (what a good answer contains)`);
      return { ...base, kind: "FREE_RECALL", payload: { kind: "FREE_RECALL", answer, keyPoints } };
    }
    const answer = typeof a.answer === "number" ? a.answer : typeof a.answer === "string" && a.answer.trim() !== "" ? Number(a.answer) : NaN;
    if (!Number.isFinite(answer)) err(node, `estimate "${id}" needs a numeric answer={…}`);
    const unit = typeof a.unit === "string" ? a.unit.trim() : "";
    if (!unit) err(node, `estimate "${id}" needs a unit="…"`);
    let tolerance: Tolerance | null = null;
    if (a.tolerance === "order-of-magnitude") tolerance = { type: "order-of-magnitude" };
    else {
      const t = typeof a.tolerance === "number" ? a.tolerance : typeof a.tolerance === "string" ? Number(a.tolerance) : NaN;
      if (Number.isFinite(t) && t > 0 && t < 10) tolerance = { type: "relative", value: t };
    }
    if (!tolerance) err(node, `estimate "${id}" needs tolerance={0.1} (relative, e.g. ±10%) or tolerance="order-of-magnitude"`);
    const solutionEl = childElements(node, "Solution")[0];
    const solution = solutionEl ? textOf(solutionEl) : "";
    if (!solution) err(node, `estimate "${id}" needs a worked <Solution>`, "warning");
    if (a.rejects !== undefined) {
      const rejectsAttr = node.attributes?.find((x) => x.type === "mdxJsxAttribute" && x.name === "rejects");
      const at = rejectsAttr?.position ? rejectsAttr : node;
      if (!Array.isArray(a.rejects) || !a.rejects.length || !a.rejects.every((r) => typeof r === "number" && Number.isFinite(r))) {
        err(at, `estimate "${id}": rejects={[…]} must be a non-empty list of numbers (the wrong answers the estimate targets)`);
      } else if (tolerance && Number.isFinite(answer) && unit) {
        for (const r of a.rejects as number[]) {
          if (gradeEstimate({ kind: "ESTIMATE", answer, unit, tolerance, solution }, r).withinTolerance) {
            const label = tolerance.type === "relative" ? `±${+(tolerance.value * 100).toFixed(2)}%` : "within a factor of 10";
            err(at, `estimate "${id}": the tolerance (${label} of ${answer}) accepts ${r}, which it should reject; tighten the tolerance`);
          }
        }
      }
    }
    return {
      ...base,
      kind: "ESTIMATE",
      payload: { kind: "ESTIMATE", answer, unit, tolerance: tolerance ?? { type: "relative", value: 0.1 }, solution },
    };
  };

  for (const c of tree.children ?? []) walk(c, 1);
  // Braces in MDX text are JavaScript: "GET /carts/{cartId}" compiles, then fails when the page renders
  // (cartId is not defined). Content never needs an expression, so every one is reported.
  const findExpressions = (node: MdNode) => {
    if ((node.type === "mdxTextExpression" || node.type === "mdxFlowExpression") && !/^\s*\/\*[\s\S]*\*\/\s*$/.test(String(node.value ?? ""))) {
      err(node, `"{${String(node.value ?? "")}}" is a JavaScript expression in MDX and breaks the page when it renders; put it in backticks or write \\{ and \\}`);
    }
    for (const c of node.children ?? []) findExpressions(c);
  };
  findExpressions(tree);
  for (const ref of figureRefs) {
    if (!figures.has(ref.id)) err(ref.at, `question "${ref.questionId}": <Context figure="${ref.id}" /> names no <Figure id="${ref.id}"> in this lesson`);
  }

  for (const q of questions) {
    if (!q.topics.length) problems.push({ file, line: q.line, column: 1, severity: "warning", message: `question "${q.id}" has no topics` });
    // Measured as read, with runs of white space (a code block's line breaks and indents) as one space.
    const promptLength = q.prompt.replace(/\s+/g, " ").trim().length;
    if (promptLength > 300) problems.push({ file, line: q.line, column: 1, severity: "warning", message: `question "${q.id}": the prompt is ${promptLength} characters (over 300); shorten it or move context into the lesson` });
  }
  const plainText = textParts.join(" ").replace(/\s+/g, " ").trim();
  const lastLine = tree.position?.end.line ?? 1;
  return {
    parsed: true,
    yaml: yamlNode ? { value: String(yamlNode.value ?? ""), line: line(yamlNode).line } : null,
    questions,
    headings,
    links,
    lastLine,
    words: plainText ? plainText.split(" ").length : 0,
    plainText,
    problems,
    syntax: { source, tree: tree as unknown as Root },
  };
}
