import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { submitReview } from "@/lib/reviews/submit-review";

type Learner = Parameters<typeof submitReview>[0]["actor"];

/**
 * The learner picks `choice` of a multiple-choice question, as the lesson or review page sends it (a
 * first answer from the lesson, later ones from review with the card's version). In these tests choice
 * "a" is the right one, graded Good; any other is Again.
 */
export async function answerChoice({
  db,
  user,
  questionId,
  choice,
  now,
  source,
  sessionId = "s",
  durationMs = 3000,
}: {
  db: Db;
  user: Learner;
  questionId: string;
  choice: string;
  now: Date;
  /** Where the answer comes from; by default the lesson for a first answer and review after it. */
  source?: "lesson" | "review";
  sessionId?: string;
  durationMs?: number;
}) {
  const card = await db.card.findUnique({ where: { userId_questionId: { userId: user.id, questionId } }, select: { version: true } });
  return submitReview({
    db,
    actor: user,
    input: {
      questionId,
      response: { kind: "MULTIPLE_CHOICE", choiceIds: [choice] },
      rating: choice === "a" ? 3 : 1,
      durationMs,
      idempotencyKey: randomUUID(),
      sessionId,
      source: source ?? (card ? "review" : "lesson"),
      expectedVersion: card?.version ?? null,
    },
    now,
    enableFuzz: false,
  });
}
