import "server-only";
import type { KeyFigure } from "@/lib/catalog/get-lesson";
import { lessonWrapper, makeQuestionComponents } from "@/components/quiz/mdx-questions";
import { Callout } from "./callout";
import { Figure } from "./figure";
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
  const questions = makeQuestionComponents({ learnerSeed, reveal });
  const components = {
    ...questions,
    Figure,
    Callout,
    KeyFigures: () => <KeyFiguresPanel items={keyFigures} />,
    TraceWaterfall,
    TraceparentDecoder,
    SamplingCalculator,
    wrapper: lessonWrapper([questions.MultipleChoice, questions.FreeRecall, questions.Estimate], questionId),
  };
  return <Content components={components} />;
}
