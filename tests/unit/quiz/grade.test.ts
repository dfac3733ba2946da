import { describe, expect, it } from "vitest";
import { allowedRatings, defaultRating, gradeEstimate, gradeMultipleChoice, isRatingAllowed, normaliseText, ratingFor, suggestFreeRecallGrade } from "@/lib/quiz/grade";
import type { EstimatePayload, FreeRecallPayload, MultipleChoicePayload } from "@/lib/quiz/types";

const choice = (id: string, correct: boolean) => ({ id, text: `Choice ${id}`, correct, explanation: "" });
const single: MultipleChoicePayload = { kind: "MULTIPLE_CHOICE", multiple: false, choices: [choice("a", false), choice("b", true), choice("c", false)] };
const multi: MultipleChoicePayload = { kind: "MULTIPLE_CHOICE", multiple: true, choices: [choice("a", true), choice("b", false), choice("c", true), choice("d", false)] };

describe("gradeMultipleChoice: one correct answer", () => {
  it("right", () => {
    expect(gradeMultipleChoice(single, ["b"])).toEqual({ correct: true, selected: ["b"], missed: [], wrong: [] });
  });

  it("wrong", () => {
    expect(gradeMultipleChoice(single, ["c"])).toEqual({ correct: false, selected: ["c"], missed: ["b"], wrong: ["c"] });
  });

  it("nothing picked", () => {
    expect(gradeMultipleChoice(single, [])).toEqual({ correct: false, selected: [], missed: ["b"], wrong: [] });
  });

  it("the right one and another is wrong", () => {
    expect(gradeMultipleChoice(single, ["b", "a"])).toMatchObject({ correct: false, selected: ["a", "b"], wrong: ["a"] });
  });

  it("a repeated id counts once", () => {
    expect(gradeMultipleChoice(single, ["b", "b"]).correct).toBe(true);
  });

  it("an id that is not a choice is wrong", () => {
    expect(gradeMultipleChoice(single, ["zz"])).toEqual({ correct: false, selected: [], missed: ["b"], wrong: ["zz"] });
  });
});

describe("gradeMultipleChoice: several correct answers need the exact set", () => {
  it("exact set, in any order", () => {
    expect(gradeMultipleChoice(multi, ["c", "a"])).toEqual({ correct: true, selected: ["a", "c"], missed: [], wrong: [] });
  });

  it("a subset misses some", () => {
    expect(gradeMultipleChoice(multi, ["a"])).toEqual({ correct: false, selected: ["a"], missed: ["c"], wrong: [] });
  });

  it("a superset picks a wrong one", () => {
    expect(gradeMultipleChoice(multi, ["a", "b", "c"])).toEqual({ correct: false, selected: ["a", "b", "c"], missed: [], wrong: ["b"] });
  });

  it("everything picked is wrong", () => {
    expect(gradeMultipleChoice(multi, ["a", "b", "c", "d"])).toMatchObject({ correct: false, wrong: ["b", "d"] });
  });

  it("the exact set plus an unknown id is wrong", () => {
    expect(gradeMultipleChoice(multi, ["a", "c", "x"])).toMatchObject({ correct: false, wrong: ["x"] });
  });
});

const recall: FreeRecallPayload = {
  kind: "FREE_RECALL",
  answer: "Retries multiply load; add jitter, cap attempts, and use a retry budget.",
  keyPoints: [
    { text: "Jitter spreads retries", keywords: ["jitter", "randomise", "randomize"] },
    { text: "Cap the attempts", keywords: ["max attempts", "cap attempts", "limit retries"] },
    { text: "Retry budget", keywords: ["retry budget", "budget"] },
  ],
};

describe("suggestFreeRecallGrade", () => {
  it("no answer written: nothing found, no suggestion", () => {
    expect(suggestFreeRecallGrade(recall, "")).toEqual({ found: [] });
    expect(suggestFreeRecallGrade(recall, "   \n ")).toEqual({ found: [] });
    expect(suggestFreeRecallGrade(recall, "?!…")).toEqual({ found: [] });
  });

  it("all key points → Good", () => {
    expect(suggestFreeRecallGrade(recall, "Add JITTER, cap attempts and keep a retry budget.")).toEqual({ found: [0, 1, 2], suggestedRating: 3 });
  });

  it("most key points → Hard", () => {
    expect(suggestFreeRecallGrade(recall, "randomize the delay and set a budget")).toEqual({ found: [0, 2], suggestedRating: 2 });
  });

  it("few or none → Again", () => {
    expect(suggestFreeRecallGrade(recall, "use a budget")).toEqual({ found: [2], suggestedRating: 1 });
    expect(suggestFreeRecallGrade(recall, "just retry faster")).toEqual({ found: [], suggestedRating: 1 });
  });

  it("half the key points counts as most", () => {
    const two: FreeRecallPayload = { ...recall, keyPoints: recall.keyPoints.slice(0, 2) };
    expect(suggestFreeRecallGrade(two, "jitter").suggestedRating).toBe(2);
  });

  it("normalises case, punctuation and whitespace in both answer and keywords", () => {
    expect(suggestFreeRecallGrade(recall, "Max-Attempts:\n3").found).toEqual([1]);
    expect(suggestFreeRecallGrade(recall, "limit\tretries!").found).toEqual([1]);
  });

  it("matches from the start of a word: inflections count, fragments inside words do not", () => {
    const payload: FreeRecallPayload = { ...recall, keyPoints: [{ text: "Rate", keywords: ["rate"] }, { text: "Cache", keywords: ["cache"] }] };
    expect(suggestFreeRecallGrade(payload, "an accurate answer").found).toEqual([]);
    expect(suggestFreeRecallGrade(payload, "rates and caches").found).toEqual([0, 1]);
  });

  it("folds accents", () => {
    const payload: FreeRecallPayload = { ...recall, keyPoints: [{ text: "naive", keywords: ["naive approach"] }] };
    expect(suggestFreeRecallGrade(payload, "The naïve approach").found).toEqual([0]);
  });

  it("never suggests Easy, and suggests nothing when there are no key points", () => {
    expect(suggestFreeRecallGrade(recall, "jitter, cap attempts, retry budget, and more").suggestedRating).toBe(3);
    expect(suggestFreeRecallGrade({ ...recall, keyPoints: [] }, "anything")).toEqual({ found: [] });
  });

  it("normaliseText", () => {
    expect(normaliseText("  At-least-once   Délivery!! ")).toBe("at least once delivery");
  });
});

const estimate = (tolerance: EstimatePayload["tolerance"], answer = 100): EstimatePayload => ({ kind: "ESTIMATE", answer, unit: "ms", tolerance, solution: "" });
const relative10 = estimate({ type: "relative", value: 0.1 });
const magnitude = estimate({ type: "order-of-magnitude" });

describe("gradeEstimate", () => {
  it("relative tolerance: inside, on the edge, outside", () => {
    expect(gradeEstimate(relative10, 105)).toEqual({ correct: true, factor: 1.05, withinTolerance: true, unitMatches: true });
    expect(gradeEstimate(relative10, 110).correct).toBe(true);
    expect(gradeEstimate(relative10, 90).correct).toBe(true);
    expect(gradeEstimate(relative10, 110.01).correct).toBe(false);
    expect(gradeEstimate(relative10, 89.9).correct).toBe(false);
  });

  it("order of magnitude: within a factor of 10 either way", () => {
    expect(gradeEstimate(magnitude, 1000)).toMatchObject({ correct: true, factor: 10 });
    expect(gradeEstimate(magnitude, 10)).toMatchObject({ correct: true, factor: 10 });
    expect(gradeEstimate(magnitude, 1001).correct).toBe(false);
    expect(gradeEstimate(magnitude, 9.9).correct).toBe(false);
  });

  it("the factor is symmetric", () => {
    expect(gradeEstimate(magnitude, 400).factor).toBe(4);
    expect(gradeEstimate(magnitude, 25).factor).toBe(4);
  });

  it("zero, negative, NaN and infinite answers are wrong and not comparable by factor", () => {
    for (const value of [0, -100, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(gradeEstimate(magnitude, value)).toMatchObject({ correct: false, factor: Number.POSITIVE_INFINITY, withinTolerance: false });
      expect(gradeEstimate(relative10, value).correct).toBe(false);
    }
  });

  it("a negative quantity compares magnitudes on the same side of zero", () => {
    const cold = estimate({ type: "relative", value: 0.1 }, -40);
    expect(gradeEstimate(cold, -42)).toMatchObject({ correct: true, factor: 1.05 });
    expect(gradeEstimate(cold, 40).correct).toBe(false);
  });

  it("an answer of zero is only met by zero", () => {
    const zero = estimate({ type: "relative", value: 0.1 }, 0);
    expect(gradeEstimate(zero, 0)).toMatchObject({ correct: true, factor: 1 });
    expect(gradeEstimate(zero, 0.001).correct).toBe(false);
  });

  it("a different unit is wrong; no unit, case and spacing are fine", () => {
    expect(gradeEstimate(relative10, 100, "s")).toMatchObject({ correct: false, withinTolerance: true, unitMatches: false });
    expect(gradeEstimate(relative10, 100, " MS ").correct).toBe(true);
    expect(gradeEstimate(relative10, 100, "").correct).toBe(true);
    expect(gradeEstimate(relative10, 100).correct).toBe(true);
  });
});

describe("ratings for machine-graded answers", () => {
  it("wrong → Again, right → Good, for every kind", () => {
    for (const kind of ["MULTIPLE_CHOICE", "ESTIMATE", "FREE_RECALL"] as const) {
      expect(ratingFor(kind, false)).toBe(1);
      expect(ratingFor(kind, true)).toBe(3);
    }
  });

  it("a right answer may be Hard, Good or Easy but not Again; a wrong one only Again; free recall anything", () => {
    expect([1, 2, 3, 4].map((r) => isRatingAllowed("MULTIPLE_CHOICE", true, r as 1))).toEqual([false, true, true, true]);
    expect([1, 2, 3, 4].map((r) => isRatingAllowed("ESTIMATE", false, r as 1))).toEqual([true, false, false, false]);
    expect([1, 2, 3, 4].every((r) => isRatingAllowed("FREE_RECALL", false, r as 1))).toBe(true);
  });
});

describe("the grades the browser offers after feedback", () => {
  const mc = (correct: boolean) => ({ kind: "MULTIPLE_CHOICE" as const, correct, correctIds: ["a"], explanations: {} });
  const estimate = (correct: boolean) => ({ kind: "ESTIMATE" as const, correct, factor: 1, answer: 1, unit: "s", toleranceLabel: "", solution: "" });

  it("offers Hard, Good, Easy for a right machine-graded answer and only Again for a wrong one", () => {
    expect(allowedRatings(mc(true))).toEqual([2, 3, 4]);
    expect(allowedRatings(estimate(false))).toEqual([1]);
  });

  it("offers all four grades for free recall, whatever the key points found", () => {
    expect(allowedRatings({ kind: "FREE_RECALL", found: [], suggestedRating: 1 })).toEqual([1, 2, 3, 4]);
  });

  it("preselects what the answer earned, or free recall's suggestion (nothing without one: only the learner knows)", () => {
    expect([defaultRating(mc(true)), defaultRating(estimate(false))]).toEqual([3, 1]);
    expect(defaultRating({ kind: "FREE_RECALL", found: [0], suggestedRating: 2 })).toBe(2);
    expect(defaultRating({ kind: "FREE_RECALL", found: [] })).toBeNull();
  });
});
