// What the question card makes of POST /api/reviews's reply (components/quiz/record-answer.ts): a
// recorded answer, the endpoint's own refusal with its message, or "not saved, retry" for anything
// that is not the endpoint's answer, so that a failed save keeps the learner's answer on the card.
import { describe, expect, it } from "vitest";
import { recordReply, SAVE_UNAVAILABLE } from "@/components/quiz/record-answer";

const RECORDED = { reviewLogId: "42", duplicate: false, nextDue: "2026-12-04T10:00:00.000Z", nextIntervalLabel: "1d", state: "REVIEW", leech: false, correct: true, version: 3 };

describe("recordReply", () => {
  it("a 201 or a 200 (a retry the server had recorded) is the recorded answer with its fields", () => {
    expect(recordReply(201, RECORDED)).toEqual({ ok: true, ...RECORDED });
    expect(recordReply(200, { ...RECORDED, duplicate: true })).toEqual({ ok: true, ...RECORDED, duplicate: true });
  });

  it("a 2xx without the endpoint's fields (a captive portal, a proxy page) is not taken as saved", () => {
    expect(recordReply(200, null)).toEqual({ ok: false, code: "UNAVAILABLE", message: SAVE_UNAVAILABLE });
    expect(recordReply(200, { reviewLogId: 42, version: 3 })).toEqual({ ok: false, code: "UNAVAILABLE", message: SAVE_UNAVAILABLE });
  });

  it("503, any 5xx and a body that is not JSON are UNAVAILABLE with the 'it is still here' message", () => {
    for (const [status, body] of [
      [503, { error: "Could not record the answer right now; retry with the same idempotencyKey." }],
      [500, { error: "Something went wrong." }],
      [502, null],
      [404, null],
    ] as const) {
      expect(recordReply(status, body), String(status)).toEqual({ ok: false, code: "UNAVAILABLE", message: SAVE_UNAVAILABLE });
    }
    expect(SAVE_UNAVAILABLE).toMatch(/still here/);
  });

  it("401 is UNAUTHENTICATED with a signed-out message that says the answer is kept", () => {
    const reply = recordReply(401, { error: "Sign in to record answers." });
    expect(reply).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    expect((reply as { message: string }).message).toMatch(/signed out.*still here/i);
  });

  it("409 and 400 carry the endpoint's code and message; a 403 or 413 without a code keeps its message", () => {
    expect(recordReply(409, { error: "Already reviewed in another tab or window: this card has moved on.", code: "CONFLICT" })).toEqual({
      ok: false,
      code: "CONFLICT",
      message: "Already reviewed in another tab or window: this card has moved on.",
    });
    expect(recordReply(400, { error: "A wrong answer is graded Again.", code: "INVALID_INPUT" })).toEqual({ ok: false, code: "INVALID_INPUT", message: "A wrong answer is graded Again." });
    expect(recordReply(403, { error: "Cross-origin requests are not accepted." })).toEqual({ ok: false, code: "FORBIDDEN", message: "Cross-origin requests are not accepted." });
    expect(recordReply(413, { error: "The request body is over 16 KB." })).toEqual({ ok: false, code: "INVALID_INPUT", message: "The request body is over 16 KB." });
  });
});
