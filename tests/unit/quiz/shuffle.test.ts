import { describe, expect, it } from "vitest";
import { shuffleChoices } from "@/lib/quiz/shuffle";

const choices = ["a", "b", "c", "d", "e"].map((id) => ({ id, correct: id === "a" }));

describe("shuffleChoices", () => {
  it("gives the same order for the same learner and question, every time", () => {
    const once = shuffleChoices(choices, "learner-1:q-42").map((c) => c.id);
    for (let i = 0; i < 5; i++) expect(shuffleChoices(choices, "learner-1:q-42").map((c) => c.id)).toEqual(once);
  });

  it("returns a permutation and leaves the input alone", () => {
    const input = [...choices];
    const out = shuffleChoices(input, "seed");
    expect(out).not.toBe(input);
    expect(input).toEqual(choices);
    expect(out.map((c) => c.id).sort()).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("moves the correct answer around across learners", () => {
    const positions = new Map<number, number>();
    for (let learner = 0; learner < 500; learner++) {
      const at = shuffleChoices(choices, `learner-${learner}:q-1`).findIndex((c) => c.correct);
      positions.set(at, (positions.get(at) ?? 0) + 1);
    }
    expect([...positions.keys()].sort()).toEqual([0, 1, 2, 3, 4]);
    for (const count of positions.values()) expect(count).toBeGreaterThan(60); // ~100 each
  });

  it("differs between questions for the same learner", () => {
    const orders = new Set(Array.from({ length: 20 }, (_, q) => shuffleChoices(choices, `learner-1:q-${q}`).map((c) => c.id).join("")));
    expect(orders.size).toBeGreaterThan(10);
  });

  it("handles empty and single-choice lists", () => {
    expect(shuffleChoices([], "x")).toEqual([]);
    expect(shuffleChoices([choices[0]], "x")).toEqual([choices[0]]);
  });
});
