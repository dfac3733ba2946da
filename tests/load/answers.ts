// Answers the simulated learners send: right or wrong, for every question kind, with the grade a
// learner would give (a wrong answer is graded Again). Shared by the load tests.
import { randomUUID } from "node:crypto";

export type QuestionRow = { id: string; kind: "MULTIPLE_CHOICE" | "FREE_RECALL" | "ESTIMATE"; payload: Record<string, unknown> };

export interface Answer {
  body: Record<string, unknown>;
}

export function answerFor(q: QuestionRow, right: boolean, sessionId: string, expectedVersion: number | null): Answer {
  let response: Record<string, unknown>;
  let rating: number;
  if (q.kind === "MULTIPLE_CHOICE") {
    const choices = (q.payload.choices as { id: string; correct: boolean }[]) ?? [];
    const correct = choices.filter((c) => c.correct).map((c) => c.id);
    const wrong = choices.find((c) => !c.correct)?.id;
    const ids = right || !wrong ? correct : [wrong];
    response = { kind: "MULTIPLE_CHOICE", choiceIds: ids };
    rating = right || !wrong ? 2 + Math.floor(Math.random() * 3) : 1;
  } else if (q.kind === "ESTIMATE") {
    const answer = Number(q.payload.answer);
    response = { kind: "ESTIMATE", value: right ? answer : answer * 1000 + 1, unit: String(q.payload.unit ?? "") };
    rating = right ? 2 + Math.floor(Math.random() * 3) : 1;
  } else {
    response = { kind: "FREE_RECALL", text: right ? "the trace id and the sampling decision" : "" };
    rating = right ? 3 : 1;
  }
  return {
    body: {
      questionId: q.id,
      response,
      rating,
      durationMs: 2000 + Math.floor(Math.random() * 20_000),
      idempotencyKey: randomUUID(),
      sessionId,
      source: "review",
      expectedVersion,
    },
  };
}
