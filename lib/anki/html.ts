// A question's parts as the HTML an Anki field holds, from the lesson's MDX syntax tree: text is escaped,
// code blocks become <pre><code>, and MDX components (our own React) leave only their children, so
// no raw MDX and no script reaches Anki.
import { parseMdx } from "@/lib/content/extract";
import type { QuestionPayload } from "@/lib/quiz/types";

interface MdNode {
  type: string;
  name?: string | null;
  value?: unknown;
  lang?: string | null;
  url?: string;
  depth?: number;
  ordered?: boolean | null;
  attributes?: { type: string; name: string; value?: unknown }[];
  children?: MdNode[];
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export interface HtmlOptions {
  /** Absolute origin for site links such as /lessons/x, which mean nothing inside Anki. */
  siteUrl: string;
}

function absolute(url: string, { siteUrl }: HtmlOptions): string {
  if (url.startsWith("/")) return siteUrl.replace(/\/$/, "") + url;
  return /^(https?:|mailto:)/i.test(url) ? url : "";
}

/** Markdown children of an MDX node as HTML. Code keeps its line breaks; everything else is escaped. */
export function nodesToHtml(nodes: readonly MdNode[], opts: HtmlOptions): string {
  return nodes.map((n) => nodeToHtml(n, opts)).join("");
}

function nodeToHtml(node: MdNode, opts: HtmlOptions): string {
  const inner = () => nodesToHtml(node.children ?? [], opts);
  switch (node.type) {
    case "text":
      return escapeHtml(String(node.value ?? ""));
    case "inlineCode":
      return `<code>${escapeHtml(String(node.value ?? ""))}</code>`;
    case "code": {
      const lang = node.lang && /^[\w+-]+$/.test(node.lang) ? ` class="language-${node.lang}"` : "";
      return `<pre><code${lang}>${escapeHtml(String(node.value ?? ""))}</code></pre>`;
    }
    case "paragraph":
      return `<p>${inner()}</p>`;
    case "emphasis":
      return `<em>${inner()}</em>`;
    case "strong":
      return `<strong>${inner()}</strong>`;
    case "delete":
      return `<del>${inner()}</del>`;
    case "break":
      return "<br>";
    case "thematicBreak":
      return "<hr>";
    case "blockquote":
      return `<blockquote>${inner()}</blockquote>`;
    case "heading":
      return `<p><strong>${inner()}</strong></p>`;
    case "list":
      return node.ordered ? `<ol>${inner()}</ol>` : `<ul>${inner()}</ul>`;
    case "listItem":
      return `<li>${inner()}</li>`;
    case "link": {
      const href = absolute(node.url ?? "", opts);
      return href ? `<a href="${escapeHtml(href)}">${inner()}</a>` : inner();
    }
    case "mdxJsxFlowElement":
    case "mdxJsxTextElement":
      return inner();
    // Expressions, imports and frontmatter are code, not text for a card.
    case "mdxFlowExpression":
    case "mdxTextExpression":
    case "mdxjsEsm":
    case "yaml":
      return "";
    default:
      return node.children ? inner() : escapeHtml(String(node.value ?? ""));
  }
}

/** The parts of one question as written in its lesson, each already HTML. */
export interface QuestionHtml {
  /** The prompt (a <Prompt> child, else the prompt="…" attribute), with the choices of a multiple choice. */
  prompt: string;
  /** The right answer: the correct choices, the model answer, or the estimate with its unit. */
  answer: string;
  /** Why: each choice's explanation, the key points, or the worked solution. */
  explanation: string;
}

const QUESTION_TAGS = new Set(["MultipleChoice", "FreeRecall", "Estimate"]);

function isElement(node: MdNode, name?: string): boolean {
  return (node.type === "mdxJsxFlowElement" || node.type === "mdxJsxTextElement") && (name === undefined || node.name === name);
}

function stringAttr(node: MdNode, name: string): string | null {
  const attr = node.attributes?.find((a) => a.type === "mdxJsxAttribute" && a.name === name);
  if (!attr) return null;
  if (attr.value === null || attr.value === undefined) return "";
  if (typeof attr.value === "string") return attr.value;
  // A literal written as an expression ({"…"} or {0.1}): its source text is what the author wrote.
  const expr = (attr.value as { value?: string }).value ?? "";
  const literal = /^\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*$/i.exec(expr);
  if (!literal) return null;
  const raw = literal[1];
  return raw.startsWith('"') ? (JSON.parse(raw) as string) : raw.startsWith("'") ? raw.slice(1, -1) : raw;
}

function isTrue(node: MdNode, name: string): boolean {
  const value = stringAttr(node, name);
  return value === "" || value === "true";
}

/** Elements named `name` among a node's children, looking through paragraphs as the extractor does. */
function children(node: MdNode, name: string): MdNode[] {
  const out: MdNode[] = [];
  for (const c of node.children ?? []) {
    if (isElement(c, name)) out.push(c);
    else if (c.type === "paragraph") out.push(...children(c, name));
  }
  return out;
}

/** A choice's content inline: a lone paragraph loses its <p> so it can sit in a list item. */
function inlineHtml(node: MdNode, opts: HtmlOptions): string {
  const kids = node.children ?? [];
  if (kids.length === 1 && kids[0].type === "paragraph") return nodesToHtml(kids[0].children ?? [], opts);
  return nodesToHtml(kids, opts);
}

const BLOCKS = new Set(["paragraph", "code", "list", "blockquote", "heading", "thematicBreak", "mdxJsxFlowElement"]);

/** An element's content as blocks: text written on the tag's own line parses as inline, so it gets a <p>. */
function blockHtml(node: MdNode, opts: HtmlOptions): string {
  const kids = node.children ?? [];
  const html = nodesToHtml(kids, opts);
  return kids.some((k) => BLOCKS.has(k.type)) || !html ? html : `<p>${html}</p>`;
}

function formatTolerance(tolerance: string | null): string {
  if (tolerance === "order-of-magnitude") return " (within a factor of 10)";
  const t = Number(tolerance);
  return Number.isFinite(t) && t > 0 ? ` (within ±${Math.round(t * 100)}%)` : "";
}

/**
 * Every question in a lesson's MDX source, by id, as HTML. A lesson that does not parse gives an empty
 * map: the caller falls back on the plain text stored at sync.
 */
export function questionsHtml(source: string, opts: HtmlOptions): Map<string, QuestionHtml> {
  const out = new Map<string, QuestionHtml>();
  let tree: MdNode;
  try {
    tree = parseMdx(source) as unknown as MdNode;
  } catch {
    return out;
  }
  for (const node of tree.children ?? []) {
    if (!isElement(node) || !QUESTION_TAGS.has(node.name ?? "")) continue;
    const id = stringAttr(node, "id");
    if (!id) continue;
    const promptEl = children(node, "Prompt")[0];
    const promptAttr = stringAttr(node, "prompt");
    let prompt = promptEl ? blockHtml(promptEl, opts) : promptAttr ? `<p>${escapeHtml(promptAttr)}</p>` : "";
    let answer = "";
    let explanation = "";
    if (node.name === "MultipleChoice") {
      const choices = children(node, "Choice").map((c, i) => ({
        letter: String.fromCharCode(65 + i),
        html: inlineHtml(c, opts),
        correct: isTrue(c, "correct"),
        explanation: stringAttr(c, "explanation") ?? "",
      }));
      prompt += `<ol type="A">${choices.map((c) => `<li>${c.html}</li>`).join("")}</ol>`;
      answer = `<ul>${choices.filter((c) => c.correct).map((c) => `<li>${c.letter}. ${c.html}</li>`).join("")}</ul>`;
      explanation = `<ul>${choices.map((c) => `<li>${c.letter}: ${escapeHtml(c.explanation)}</li>`).join("")}</ul>`;
    } else if (node.name === "FreeRecall") {
      const answerEl = children(node, "Answer")[0];
      answer = answerEl ? blockHtml(answerEl, opts) : "";
      const points = children(node, "KeyPoint");
      explanation = points.length ? `<p>Key points:</p><ul>${points.map((k) => `<li>${inlineHtml(k, opts)}</li>`).join("")}</ul>` : "";
    } else {
      const value = stringAttr(node, "answer") ?? "";
      const unit = stringAttr(node, "unit") ?? "";
      answer = `<p>${escapeHtml(`${value} ${unit}`.trim())}${escapeHtml(formatTolerance(stringAttr(node, "tolerance")))}</p>`;
      const solutionEl = children(node, "Solution")[0];
      explanation = solutionEl ? blockHtml(solutionEl, opts) : "";
    }
    out.set(id, { prompt, answer, explanation });
  }
  return out;
}

/**
 * The same parts from what sync stored (plain text and the payload), for a lesson whose source is not
 * at hand or has changed since: no code formatting, but nothing lost.
 */
export function storedQuestionHtml({ prompt, payload }: { prompt: string; payload: QuestionPayload }): QuestionHtml {
  const p = (text: string) => (text ? `<p>${escapeHtml(text)}</p>` : "");
  if (payload.kind === "MULTIPLE_CHOICE") {
    const letter = (i: number) => String.fromCharCode(65 + i);
    return {
      prompt: p(prompt) + `<ol type="A">${payload.choices.map((c) => `<li>${escapeHtml(c.text)}</li>`).join("")}</ol>`,
      answer: `<ul>${payload.choices.flatMap((c, i) => (c.correct ? [`<li>${letter(i)}. ${escapeHtml(c.text)}</li>`] : [])).join("")}</ul>`,
      explanation: `<ul>${payload.choices.map((c, i) => `<li>${letter(i)}: ${escapeHtml(c.explanation)}</li>`).join("")}</ul>`,
    };
  }
  if (payload.kind === "FREE_RECALL") {
    return {
      prompt: p(prompt),
      answer: p(payload.answer),
      explanation: payload.keyPoints.length ? `<p>Key points:</p><ul>${payload.keyPoints.map((k) => `<li>${escapeHtml(k.text)}</li>`).join("")}</ul>` : "",
    };
  }
  const tolerance = payload.tolerance.type === "order-of-magnitude" ? "order-of-magnitude" : String(payload.tolerance.value);
  return { prompt: p(prompt), answer: p(`${payload.answer} ${payload.unit}`.trim() + formatTolerance(tolerance)), explanation: p(payload.solution) };
}
