// The condition for co-locating per-learner tables by learner (docs/scaling.md): every data-layer
// query on them filters by userId. This parses lib/ and app/ (Babel's TypeScript parser) and checks
// each Prisma call on those models, and each raw SQL string that touches their tables.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parse } from "@babel/parser";
import { describe, expect, it } from "vitest";

const PER_LEARNER_MODELS = new Set(["card", "reviewLog", "lessonProgress", "cohortMember"]);
const PER_LEARNER_TABLES = ['"Card"', '"ReviewLog"', '"LessonProgress"', '"CohortMember"'];
const SCOPED_METHODS = new Set([
  "findMany",
  "findFirst",
  "findUnique",
  "findFirstOrThrow",
  "findUniqueOrThrow",
  "update",
  "updateMany",
  "delete",
  "deleteMany",
  "count",
  "aggregate",
  "groupBy",
  "upsert",
]);
/** Keys that scope a query to one learner (or to a cohort's explicit list of learners). */
const SCOPE_KEYS = new Set(["userId", "userId_lessonId", "userId_questionId", "userId_idempotencyKey", "cohortId_userId"]);
/**
 * Membership rows are also read per cohort (who is in it): a `cohortId` scopes a cohortMember query,
 * as the cohort itself was authorised first (lib/cohorts/access.ts).
 */
const MODEL_SCOPE_KEYS: Record<string, string[]> = { cohortMember: ["cohortId", "cohortId_userId"] };
const ROOTS = ["lib", "app"];
/**
 * Deliberately cross-learner: content sync sends every learner's cards of a question whose answer
 * changed back to relearning (an author operation, run at deploy time, never per request); content
 * health aggregates every learner's answers per question for authors (docs/scaling.md: a rollup at scale).
 */
const ALLOWED = new Set(["lib/content/sync.ts", "lib/authoring/content-health.ts"]);
const SKIP = new Set(["generated"]);

type Node = { type: string; start: number; loc: { start: { line: number } }; [key: string]: unknown };

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) files(full, out);
    else if (/\.tsx?$/.test(name)) out.push(full);
  }
  return out;
}

function children(node: Node): Node[] {
  const out: Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === "loc" || key === "extra") continue;
    if (Array.isArray(value)) for (const v of value) if (v && typeof v === "object" && "type" in v) out.push(v as Node);
    if (value && typeof value === "object" && "type" in value) out.push(value as Node);
  }
  return out;
}

/** A `where` may be a variable declared in the same file (`const where = { userId, … }`). */
function hasScopeKey(node: Node, declarations: Map<string, Node>, extra: readonly string[] = []): boolean {
  if (node.type === "ObjectProperty") {
    const key = node.key as Node & { name?: string; value?: string };
    const name = key.name ?? key.value ?? "";
    if (SCOPE_KEYS.has(name) || extra.includes(name)) return true;
  }
  if (node.type === "Identifier") {
    const init = declarations.get((node as Node & { name: string }).name);
    if (init && init !== node && hasScopeKey(init, new Map(), extra)) return true;
  }
  return children(node).some((c) => hasScopeKey(c, declarations, extra));
}

function declarationsOf(ast: Node): Map<string, Node> {
  const out = new Map<string, Node>();
  const visit = (node: Node) => {
    if (node.type === "VariableDeclarator") {
      const id = node.id as Node & { name?: string };
      if (id.name && node.init) out.set(id.name, node.init as Node);
    }
    for (const child of children(node)) visit(child);
  };
  visit(ast);
  return out;
}

function scan(): { unscoped: string[]; checked: number } {
  const unscoped: string[] = [];
  let checked = 0;
  for (const file of ROOTS.flatMap((r) => files(r)).filter((f) => !ALLOWED.has(f))) {
    const text = readFileSync(file, "utf8");
    const ast = parse(text, { sourceType: "module", plugins: ["typescript", "jsx"] }) as unknown as Node;
    const declarations = declarationsOf(ast);
    const visit = (node: Node) => {
      if (node.type === "CallExpression") {
        const callee = node.callee as Node;
        if (callee.type === "MemberExpression") {
          const method = (callee.property as Node & { name?: string }).name ?? "";
          const target = callee.object as Node;
          const model = target.type === "MemberExpression" ? ((target.property as Node & { name?: string }).name ?? "") : "";
          if (SCOPED_METHODS.has(method) && PER_LEARNER_MODELS.has(model)) {
            checked++;
            const arg = (node.arguments as Node[])[0];
            const where =
              arg?.type === "ObjectExpression"
                ? (arg.properties as Node[]).find((p) => ((p.key as Node & { name?: string })?.name ?? "") === "where")
                : undefined;
            if (!where || !hasScopeKey(where, declarations, MODEL_SCOPE_KEYS[model] ?? [])) unscoped.push(`${file}:${node.loc.start.line} ${model}.${method}`);
          }
        }
      }
      if (node.type === "TemplateLiteral" || node.type === "StringLiteral") {
        const raw = text.slice(node.start, (node as unknown as { end: number }).end);
        if (/\b(SELECT|UPDATE|DELETE)\b/.test(raw) && PER_LEARNER_TABLES.some((t) => raw.includes(t))) {
          checked++;
          if (!raw.includes('"userId"')) unscoped.push(`${file}:${node.loc.start.line} raw SQL`);
          return;
        }
      }
      for (const child of children(node)) visit(child);
    };
    visit(ast);
  }
  return { unscoped, checked };
}

describe("per-learner queries", () => {
  it("filter by userId everywhere in the data layer and the app", () => {
    const { unscoped, checked } = scan();
    expect(checked).toBeGreaterThan(10);
    expect(unscoped).toEqual([]);
  });
});
