import "server-only";
import type { KeyFigure } from "@/lib/catalog/get-lesson";
import { makeQuestionComponents, onlyQuestion } from "@/components/quiz/mdx-questions";
import { Callout } from "./callout";
import { KeyFiguresPanel } from "./key-figures";
import { getMDXContent } from "./mdx-runtime";
import { TraceWaterfall } from "./trace-waterfall";
import { TraceparentDecoder } from "./traceparent-decoder";
import { SamplingCalculator } from "./sampling-calculator";

interface LessonContentProps {
  code: string;
  contentHash: string;
  keyFigures: KeyFigure[];
  learnerSeed: string;
  /** Render only this question (the review session), not the lesson around it. */
  questionId?: string;
  /** The author preview: answers revealed. */
  reveal?: boolean;
}

/** The one place a compiled lesson becomes React: the lesson page, the review and the author preview. */
export function LessonContent({ code, contentHash, keyFigures, learnerSeed, questionId, reveal }: LessonContentProps) {
  const Content = getMDXContent(code, contentHash);
  const components = {
    ...makeQuestionComponents({ learnerSeed, reveal }),
    Callout,
    KeyFigures: () => <KeyFiguresPanel items={keyFigures} />,
    TraceWaterfall,
    TraceparentDecoder,
    SamplingCalculator,
    ...(questionId ? { wrapper: onlyQuestion(questionId) } : {}),
  };
  return <Content components={components} />;
}
