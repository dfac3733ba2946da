import "server-only";
import { Children, cloneElement, isValidElement, type ReactElement, type ReactNode } from "react";
import { Figure, figureAnchor } from "@/components/lesson/figure";
import { shuffleChoices } from "@/lib/quiz/shuffle";
import { EstimateCard } from "./estimate-card";
import { FreeRecallCard } from "./free-recall-card";
import { MultipleChoiceCard } from "./multiple-choice-card";
import type { QuestionView } from "./types";

// The question components as MDX sees them. They run on the server: they read the author's
// children (choices, prompt, model answer) and hand the browser only what it may see before
// answering — never which choice is correct.

type WithChildren = { children?: ReactNode };
type ChoiceProps = WithChildren & { correct?: boolean; explanation?: string };
type ContextProps = WithChildren & { figure?: string };
/** Set by the lesson wrapper: the lesson's figures, and whether to draw them (review) or link to them (lesson). */
type ResolvedFigures = { figures?: Record<string, ReactElement<{ caption?: string }>>; drawFigures?: boolean };
type QuestionProps = WithChildren & ResolvedFigures & { id: string; prompt?: string; topics?: string[] };

export function Prompt({ children }: WithChildren) {
  return <>{children}</>;
}
export function Choice({ children }: ChoiceProps) {
  return <>{children}</>;
}
export function Answer({ children }: WithChildren) {
  return <>{children}</>;
}
export function KeyPoint({ children }: WithChildren & { keywords?: string[] }) {
  return <>{children}</>;
}
export function Solution({ children }: WithChildren) {
  return <>{children}</>;
}
/** What a question shows above its prompt: its own content, or a figure of the lesson. Rendered by the question. */
export function Context({ children }: ContextProps) {
  return <>{children}</>;
}

function elementsOf<P>(children: ReactNode, type: unknown): ReactElement<P>[] {
  return Children.toArray(children).filter((c): c is ReactElement<P> => isValidElement(c) && c.type === type);
}

function promptOf(props: QuestionProps): ReactNode {
  const prompt = elementsOf<WithChildren>(props.children, Prompt)[0];
  return prompt ? prompt.props.children : <p>{props.prompt}</p>;
}

/**
 * The question's <Context>, drawn above its prompt. A figure of the lesson is drawn in review and
 * linked in the lesson, where the reader has it on the page already.
 */
function contextOf(props: QuestionProps): ReactNode {
  const context = elementsOf<ContextProps>(props.children, Context)[0];
  if (!context) return undefined;
  const figureId = context.props.figure;
  if (!figureId) return context.props.children;
  const figure = props.figures?.[figureId];
  if (!figure) return undefined;
  if (props.drawFigures) return figure;
  return (
    <p className="text-sm">
      Uses <a href={`#${figureAnchor(figureId)}`}>the figure “{figure.props.caption}”</a> of this lesson.
    </p>
  );
}

function textOf(node: ReactNode): string {
  if (typeof node === "string" || typeof node === "number") return String(node);
  if (Array.isArray(node)) return node.map(textOf).join("");
  if (isValidElement<WithChildren>(node)) return textOf(node.props.children);
  return "";
}

export function questionAnchor(id: string): string {
  return `q-${id.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
}

export interface QuestionRenderOptions {
  /** Seed for the per-learner choice order ("anonymous" for visitors). */
  learnerSeed: string;
  /** The author preview: every answer, explanation and key point shown, nothing to answer. */
  reveal?: boolean;
}

function AnswerKey({ id, kind, context, prompt, children }: { id: string; kind: string; context: ReactNode; prompt: ReactNode; children: ReactNode }) {
  return (
    <section id={questionAnchor(id)} data-question-id={id} className="not-prose my-6 rounded-lg border-2 border-dashed border-[var(--border)] p-4">
      <p className="mb-2 text-xs font-semibold uppercase tracking-wide text-[var(--fg-muted)]">
        {kind} · <code>{id}</code>
      </p>
      {context ? <div className="prose-lesson mb-3">{context}</div> : null}
      <div className="prose-lesson mb-3 font-medium">{prompt}</div>
      {children}
    </section>
  );
}

function revealComponents() {
  function MultipleChoice(props: QuestionProps) {
    const choices = elementsOf<ChoiceProps>(props.children, Choice);
    return (
      <AnswerKey id={props.id} kind="Multiple choice" context={contextOf(props)} prompt={promptOf(props)}>
        <ul className="space-y-2">
          {choices.map((c, i) => (
            <li key={i} className={`rounded-md border p-2 ${c.props.correct ? "border-green-600" : "border-[var(--border)]"}`}>
              <strong>{c.props.correct ? "✓ Correct: " : "✗ Wrong: "}</strong>
              {c.props.children}
              <span className="block text-sm text-[var(--fg-muted)]">{c.props.explanation}</span>
            </li>
          ))}
        </ul>
      </AnswerKey>
    );
  }
  function FreeRecall(props: QuestionProps) {
    const answer = elementsOf<WithChildren>(props.children, Answer)[0];
    const keyPoints = elementsOf<WithChildren & { keywords?: string[] }>(props.children, KeyPoint);
    return (
      <AnswerKey id={props.id} kind="Free recall" context={contextOf(props)} prompt={promptOf(props)}>
        <p className="text-sm font-semibold">Model answer</p>
        <div className="prose-lesson">{answer?.props.children}</div>
        <p className="mt-2 text-sm font-semibold">Key points (keywords)</p>
        <ul className="ml-5 list-disc text-sm">
          {keyPoints.map((k, i) => (
            <li key={i}>
              {k.props.children} <span className="text-[var(--fg-muted)]">({(k.props.keywords ?? []).join(", ") || "no keywords"})</span>
            </li>
          ))}
        </ul>
      </AnswerKey>
    );
  }
  function Estimate(props: QuestionProps & { answer?: number; unit?: string; tolerance?: number | string }) {
    const solution = elementsOf<WithChildren>(props.children, Solution)[0];
    const tolerance = props.tolerance === "order-of-magnitude" ? "within a factor of 10" : `±${Math.round(Number(props.tolerance) * 100)}%`;
    return (
      <AnswerKey id={props.id} kind="Estimate" context={contextOf(props)} prompt={promptOf(props)}>
        <p>
          <strong>Answer:</strong> {props.answer} {props.unit} ({tolerance})
        </p>
        <div className="prose-lesson text-sm">{solution?.props.children}</div>
      </AnswerKey>
    );
  }
  return { MultipleChoice, FreeRecall, Estimate, Choice, Prompt, Context, Answer, KeyPoint, Solution };
}

export function makeQuestionComponents({ learnerSeed, reveal = false }: QuestionRenderOptions) {
  if (reveal) return revealComponents();
  function MultipleChoice(props: QuestionProps) {
    const choices = elementsOf<ChoiceProps>(props.children, Choice).map((c, i) => ({
      id: String.fromCharCode(97 + i),
      content: c.props.children,
      correct: Boolean(c.props.correct),
    }));
    const view: QuestionView = {
      id: props.id,
      kind: "MULTIPLE_CHOICE",
      anchor: questionAnchor(props.id),
      context: contextOf(props),
      prompt: promptOf(props),
      multiple: choices.filter((c) => c.correct).length > 1,
      choices: shuffleChoices(choices, `${learnerSeed}:${props.id}`).map(({ id, content }) => ({ id, content })),
    };
    return <MultipleChoiceCard question={view} />;
  }

  function FreeRecall(props: QuestionProps) {
    const answer = elementsOf<WithChildren>(props.children, Answer)[0];
    const view: QuestionView = {
      id: props.id,
      kind: "FREE_RECALL",
      anchor: questionAnchor(props.id),
      context: contextOf(props),
      prompt: promptOf(props),
      modelAnswer: answer?.props.children,
      keyPoints: elementsOf<WithChildren>(props.children, KeyPoint).map((k) => textOf(k.props.children)),
    };
    return <FreeRecallCard question={view} />;
  }

  function Estimate(props: QuestionProps & { unit?: string }) {
    const view: QuestionView = {
      id: props.id,
      kind: "ESTIMATE",
      anchor: questionAnchor(props.id),
      context: contextOf(props),
      prompt: promptOf(props),
      unit: props.unit,
    };
    return <EstimateCard question={view} />;
  }

  return { MultipleChoice, FreeRecall, Estimate, Choice, Prompt, Context, Answer, KeyPoint, Solution };
}

/**
 * The MDX wrapper of every lesson render. It hands each question the lesson's figures (for its
 * <Context figure="…" />) and, in review (`questionId` set), keeps only that question: the review
 * session shows a question exactly as its lesson does (code blocks highlighted, same component)
 * without the lesson, but with the figure it needs. MDX hands the wrapper one element, the content
 * component; it is a plain function of its props (no hooks), so calling it gives the fragment of
 * top-level nodes to pick from.
 */
export function lessonWrapper(questionTypes: readonly unknown[], questionId?: string) {
  return function LessonWrapper({ children }: WithChildren) {
    let tree: ReactNode = children;
    if (isValidElement<Record<string, unknown>>(tree) && typeof tree.type === "function") {
      tree = (tree.type as (props: Record<string, unknown>) => ReactNode)(tree.props);
    }
    const nodes = Children.toArray(isValidElement<WithChildren>(tree) ? tree.props.children : tree);
    const figures: Record<string, ReactElement<{ caption?: string }>> = {};
    for (const n of nodes) if (isValidElement<{ id?: string }>(n) && n.type === Figure && n.props.id) figures[n.props.id] = n as ReactElement<{ caption?: string }>;
    const isQuestion = (n: ReactNode): n is ReactElement<QuestionProps> => isValidElement(n) && questionTypes.includes(n.type);
    const resolved: ResolvedFigures = { figures, drawFigures: questionId !== undefined };
    if (questionId !== undefined) {
      const match = nodes.find((n) => isQuestion(n) && n.props.id === questionId);
      return <>{isQuestion(match) ? cloneElement(match, resolved) : null}</>;
    }
    return <>{nodes.map((n) => (isQuestion(n) ? cloneElement(n, resolved) : n))}</>;
  };
}
