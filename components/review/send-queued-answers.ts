import { sendOutcome, type SendOutcome } from "@/lib/offline/send-outcome";
import { listQueuedAnswers, rememberCardVersion, removeQueuedAnswer, withQueueLock, type QueuedAnswer } from "./offline-store";

export type Settled = Exclude<SendOutcome, { kind: "retry" | "signed-out" }>;

/**
 * Sends the learner's queued answers to POST /api/reviews in the order they were given, one at a
 * time, each with its own idempotency key (a resend after a lost reply is recorded once). Stops at
 * the first that cannot go now, so the later ones never overtake it. One tab at a time (withQueueLock).
 */
export async function sendQueuedAnswers({ userId, onSent }: { userId: string; onSent?: (answer: QueuedAnswer, outcome: Settled) => void }): Promise<{ recorded: number; stoppedBy: "retry" | "signed-out" | null }> {
  return withQueueLock(async () => {
    let recorded = 0;
    for (const answer of await listQueuedAnswers(userId)) {
      let outcome: SendOutcome;
      try {
        const response = await fetch("/api/reviews", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(answer.body),
        });
        outcome = sendOutcome(response.status, await response.json().catch(() => null));
      } catch {
        outcome = { kind: "retry" };
      }
      if (outcome.kind === "retry" || outcome.kind === "signed-out") return { recorded, stoppedBy: outcome.kind };
      if (outcome.kind === "recorded") {
        recorded += 1;
        await rememberCardVersion(userId, answer.body.questionId, outcome.version);
      }
      if (answer.seq !== undefined) await removeQueuedAnswer(answer.seq);
      onSent?.(answer, outcome);
    }
    return { recorded, stoppedBy: null };
  });
}
