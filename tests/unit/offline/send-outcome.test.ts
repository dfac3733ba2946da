import { describe, expect, it } from "vitest";
import { sendOutcome, waitingLabel } from "@/lib/offline/send-outcome";

const recorded = { reviewLogId: "42", duplicate: false, nextDue: "2026-12-04T10:00:00.000Z", nextIntervalLabel: "1d", state: "REVIEW", leech: false, correct: true, version: 3 };

describe("what a queued offline answer becomes, from the server's reply", () => {
  it("a 201 is recorded, with the log id, the card's new version and the server's grading", () => {
    expect(sendOutcome(201, recorded)).toEqual({ kind: "recorded", reviewLogId: "42", version: 3, duplicate: false, correct: true });
  });

  it("a 200 duplicate (the same idempotency key sent again after a lost reply) is recorded once, and says so", () => {
    expect(sendOutcome(200, { ...recorded, duplicate: true })).toMatchObject({ kind: "recorded", duplicate: true, reviewLogId: "42" });
  });

  it("a 2xx whose body is not the API's (a captive portal's page) is sent again later, not taken as recorded", () => {
    expect(sendOutcome(200, null)).toEqual({ kind: "retry" });
    expect(sendOutcome(200, { ok: true })).toEqual({ kind: "retry" });
  });

  it("a 409 means another device or tab answered the card first: superseded, with the server's message", () => {
    expect(sendOutcome(409, { error: "Already reviewed in another tab or window: this card has moved on.", code: "CONFLICT" })).toEqual({
      kind: "superseded",
      message: "Already reviewed in another tab or window: this card has moved on.",
    });
  });

  it("a refused answer (400, 404) is dropped with its reason; one without a message names the status", () => {
    expect(sendOutcome(404, { error: "This question was retired." })).toEqual({ kind: "rejected", message: "This question was retired." });
    expect(sendOutcome(400, "not json")).toEqual({ kind: "rejected", message: "The server refused it (HTTP 400)." });
  });

  it("signed out (401, 403) keeps the queue until the learner signs in again", () => {
    expect(sendOutcome(401, { error: "Sign in to record answers." })).toEqual({ kind: "signed-out" });
    expect(sendOutcome(403, { error: "Cross-origin requests are not accepted." })).toEqual({ kind: "signed-out" });
  });

  it("the server or database unavailable (503, 500, 429, 502) keeps the answer for a later try", () => {
    for (const status of [500, 502, 503, 429]) expect(sendOutcome(status, { error: "Could not record the answer right now" })).toEqual({ kind: "retry" });
  });
});

describe("the waiting line", () => {
  it("counts answers in words: none, one, several", () => {
    expect(waitingLabel(0)).toBe("Every answer is sent");
    expect(waitingLabel(1)).toBe("1 answer waiting to be sent");
    expect(waitingLabel(3)).toBe("3 answers waiting to be sent");
  });
});
