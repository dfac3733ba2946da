import { describe, expect, it } from "vitest";
import {
  analyseItemCounts,
  analyseItems,
  choiceStats,
  discriminationGroups,
  facility,
  groupSize,
  itemCountsFromFirsts,
  learnerTotals,
  pointBiserial,
  upperLowerDiscrimination,
  type ItemInput,
  type ScoredResponse,
} from "@/lib/analytics/item-analysis";

/** An item with only the fields the statistics need; `answers` maps userId → correct. */
function item(questionId: string, answers: Record<string, boolean>, extra: Partial<ItemInput> = {}): ItemInput {
  return {
    questionId,
    kind: "FREE_RECALL",
    firstAttempts: Object.entries(answers).map(([userId, correct]) => ({ userId, correct })),
    laterReviews: 0,
    laterLapses: 0,
    meanDifficulty: null,
    ...extra,
  };
}

/** Items from a 0/1 matrix: one row per learner ("u01" …), one column per item ("Q1" …). */
function fromMatrix(rows: string[]): ItemInput[] {
  const columns = rows[0]!.length;
  return Array.from({ length: columns }, (_, j) =>
    item(`Q${j + 1}`, Object.fromEntries(rows.map((row, i) => [`u${String(i + 1).padStart(2, "0")}`, row[j] === "1"]))),
  );
}

const byId = (stats: ReturnType<typeof analyseItems>, id: string) => stats.find((s) => s.questionId === id)!;

// ---------------------------------------------------------------------------------------------------
// A 10 learners × 4 items cohort, worked by hand.
//
//          Q1 Q2 Q3 Q4 | total
//   u01     1  1  1  0 |  3
//   u02     1  1  1  0 |  3
//   u03     1  1  0  1 |  3
//   u04     1  0  1  0 |  2
//   u05     1  1  0  0 |  2
//   u06     0  1  1  0 |  2
//   u07     1  0  0  0 |  1
//   u08     0  0  1  1 |  2
//   u09     0  0  0  1 |  1
//   u10     0  0  0  1 |  1
//   correct 6  5  5  4
//
// Ranking (total desc, ties by userId): u01 u02 u03 | u04 u05 u06 u08 | u07 u09 u10.
// N = 10, n = round(0.27 · 10) = round(2.7) = 3, so upper = {u01, u02, u03}, lower = {u07, u09, u10}
// (no tie straddles either boundary here: the three 3s and the three 1s are exactly the groups).
//
// Facility and D = (U − L) / 3:
//   Q1  p = 6/10 = 0.6   U = 3 (u01 u02 u03), L = 1 (u07)        D = (3 − 1)/3 =  2/3
//   Q2  p = 5/10 = 0.5   U = 3,               L = 0              D = (3 − 0)/3 =  1
//   Q3  p = 5/10 = 0.5   U = 2 (u01 u02),     L = 0              D = (2 − 0)/3 =  2/3
//   Q4  p = 4/10 = 0.4   U = 1 (u03),         L = 2 (u09 u10)    D = (1 − 2)/3 = −1/3
//
// Corrected point-biserial r = (M1 − M0) / s · √(p·q), with rest = total − item, M1 / M0 the mean rest
// score of those right / wrong on the item and s the population SD of rest (this is Pearson's r).
//   Q1  rest = 2 2 2 1 1 2 0 2 1 1          mean 1.4, Σrest² = 24, s² = 2.4 − 1.96 = 0.44
//       right u01–u05,u07: 2+2+2+1+1+0 = 8 → M1 = 4/3;  wrong u06,u08,u09,u10: 2+2+1+1 = 6 → M0 = 3/2
//       r = (4/3 − 3/2) / √0.44 · √0.24 = −(1/6)·√(6/11) ≈ −0.12309
//   Q2  rest = 2 2 2 2 1 1 1 2 1 1          mean 1.5, s² = 2.5 − 2.25 = 0.25, s = 0.5
//       right u01,u02,u03,u05,u06: 8 → M1 = 1.6;  wrong u04,u07,u08,u09,u10: 7 → M0 = 1.4
//       r = 0.2 / 0.5 · 0.5 = 0.2
//   Q3  rest = 2 2 3 1 2 1 1 1 1 1          mean 1.5, Σrest² = 27, s² = 2.7 − 2.25 = 0.45
//       right u01,u02,u04,u06,u08: 7 → M1 = 1.4;  wrong u03,u05,u07,u09,u10: 8 → M0 = 1.6
//       r = −0.2 / √0.45 · 0.5 = −0.1/√0.45 ≈ −0.14907
//   Q4  rest = 3 3 2 2 2 2 1 1 0 0          mean 1.6, Σrest² = 36, s² = 3.6 − 2.56 = 1.04
//       right u03,u08,u09,u10: 3 → M1 = 0.75;  wrong u01,u02,u04–u07: 13 → M0 = 13/6
//       r = (0.75 − 13/6) / √1.04 · √0.24 = −(17/12)·√(0.24/1.04) ≈ −0.68054
//
// Q1 and Q3 have a positive D but a slightly negative corrected r: D ranks by the total, which includes
// the item itself, while r removes it; Q4 (right mostly for the weakest) drags the rest scores around.
// ---------------------------------------------------------------------------------------------------
const MATRIX = ["1110", "1110", "1101", "1010", "1100", "0110", "1000", "0011", "0001", "0001"];

describe("analyseItems on a hand-worked 10 × 4 cohort", () => {
  const stats = analyseItems(fromMatrix(MATRIX));

  it("computes each learner's total over all items", () => {
    expect(Object.fromEntries(learnerTotals(fromMatrix(MATRIX)))).toEqual({ u01: 3, u02: 3, u03: 3, u04: 2, u05: 2, u06: 2, u07: 1, u08: 2, u09: 1, u10: 1 });
  });

  it("computes facility", () => {
    expect(stats.map((s) => [s.questionId, s.attempts, s.facility])).toEqual([
      ["Q1", 10, 0.6],
      ["Q2", 10, 0.5],
      ["Q3", 10, 0.5],
      ["Q4", 10, 0.4],
    ]);
  });

  it("computes the upper-lower 27% discrimination index", () => {
    expect(byId(stats, "Q1").discrimination).toBeCloseTo(2 / 3, 12);
    expect(byId(stats, "Q2").discrimination).toBe(1);
    expect(byId(stats, "Q3").discrimination).toBeCloseTo(2 / 3, 12);
    expect(byId(stats, "Q4").discrimination).toBeCloseTo(-1 / 3, 12);
  });

  it("computes the corrected item-rest point-biserial", () => {
    expect(byId(stats, "Q1").pointBiserial).toBeCloseTo(-(1 / 6) * Math.sqrt(6 / 11), 12);
    expect(byId(stats, "Q1").pointBiserial).toBeCloseTo(-0.12309, 5);
    expect(byId(stats, "Q2").pointBiserial).toBeCloseTo(0.2, 12);
    expect(byId(stats, "Q3").pointBiserial).toBeCloseTo(-0.1 / Math.sqrt(0.45), 12);
    expect(byId(stats, "Q3").pointBiserial).toBeCloseTo(-0.14907, 5);
    expect(byId(stats, "Q4").pointBiserial).toBeCloseTo(-(17 / 12) * Math.sqrt(0.24 / 1.04), 12);
    expect(byId(stats, "Q4").pointBiserial).toBeCloseTo(-0.68054, 5);
  });

  it("flags only the negatively discriminating item, naming D", () => {
    expect(stats.map((s) => s.flags.map((f) => f.code))).toEqual([[], [], [], ["negative-discrimination"]]);
    const flag = byId(stats, "Q4").flags[0]!;
    expect(flag.severity).toBe("warning");
    expect(flag.message).toContain("D = -0.33");
    expect(flag.message).toContain("bottom 27%");
  });

  it("picks the groups it says it picks", () => {
    const responses: ScoredResponse[] = fromMatrix(MATRIX)[0]!.firstAttempts.map((a) => ({ ...a, total: learnerTotals(fromMatrix(MATRIX)).get(a.userId)! }));
    const groups = discriminationGroups(responses)!;
    expect(groups.n).toBe(3);
    expect(groups.upper.map((r) => r.userId)).toEqual(["u01", "u02", "u03"]);
    expect(groups.lower.map((r) => r.userId)).toEqual(["u07", "u09", "u10"]);
  });

  it("does not depend on the order of learners or items", () => {
    const shuffled = fromMatrix(MATRIX)
      .reverse()
      .map((it) => ({ ...it, firstAttempts: [...it.firstAttempts].reverse() }));
    const again = analyseItems(shuffled);
    for (const id of ["Q1", "Q2", "Q3", "Q4"]) {
      expect(byId(again, id).discrimination).toBe(byId(stats, id).discrimination);
      expect(byId(again, id).pointBiserial).toBeCloseTo(byId(stats, id).pointBiserial!, 12);
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// Worked examples of the standard formula D = (U − L) / n, with n = 27% of the ranked learners.
// They run end to end through analyseItems: "filler" items give the upper 27% a total of 4–5, the
// middle 2–3 and the lower 27% 0–1, so the groups are the same whatever the answers to the key item.
// ---------------------------------------------------------------------------------------------------
function workedExample(counts: { upper: number; middle: number; lower: number }, correct: { upper: number; middle: number; lower: number }): ItemInput[] {
  const learners: { userId: string; fillers: number; correct: boolean }[] = [];
  let i = 0;
  for (const [band, fillers] of [["upper", 4], ["middle", 2], ["lower", 0]] as const) {
    for (let k = 0; k < counts[band]; k++) learners.push({ userId: `L${String(i++).padStart(3, "0")}`, fillers, correct: k < correct[band] });
  }
  const fillers = [1, 2, 3, 4].map((f) => item(`F${f}`, Object.fromEntries(learners.map((l) => [l.userId, l.fillers >= f]))));
  return [item("key", Object.fromEntries(learners.map((l) => [l.userId, l.correct]))), ...fillers];
}

describe("discrimination index: worked examples", () => {
  it("100 learners: 27 per group, 20 of the upper and 8 of the lower group right → D = 20/27 − 8/27 = 12/27 ≈ 0.44", () => {
    // n = round(0.27 · 100) = 27; p_upper = 20/27 = 0.7407, p_lower = 8/27 = 0.2963; D = 0.4444.
    const items = workedExample({ upper: 27, middle: 46, lower: 27 }, { upper: 20, middle: 23, lower: 8 });
    const key = analyseItems(items)[0]!;
    expect(key.attempts).toBe(100);
    expect(key.facility).toBeCloseTo(51 / 100, 12);
    expect(key.discrimination).toBeCloseTo(12 / 27, 12);
    expect(key.discrimination!.toFixed(2)).toBe("0.44");
  });

  it("40 learners: 11 per group, 9 of the upper and 3 of the lower group right → D = (9 − 3)/11 ≈ 0.55", () => {
    // n = round(0.27 · 40) = round(10.8) = 11; D = 6/11 = 0.5454.
    const items = workedExample({ upper: 11, middle: 18, lower: 11 }, { upper: 9, middle: 9, lower: 3 });
    const key = analyseItems(items)[0]!;
    expect(key.discrimination).toBeCloseTo(6 / 11, 12);
    expect(key.discrimination!.toFixed(2)).toBe("0.55");
  });

  it("the same counts through upperLowerDiscrimination directly", () => {
    const responses: ScoredResponse[] = Array.from({ length: 100 }, (_, i) => ({
      userId: `L${String(i).padStart(3, "0")}`,
      total: 100 - i,
      correct: i < 27 ? i < 20 : i >= 73 ? i < 81 : i % 2 === 0,
    }));
    expect(upperLowerDiscrimination(responses)).toBeCloseTo(12 / 27, 12);
  });
});

// ---------------------------------------------------------------------------------------------------
describe("group size and ties at the boundary", () => {
  it("uses n = min(max(1, round(f · N)), floor(N / 2))", () => {
    expect([1, 2, 3, 5, 6, 10, 13, 40, 100].map((n) => groupSize(n))).toEqual([0, 1, 1, 1, 2, 3, 4, 11, 27]);
    // 0.27 · 13 = 3.51 → 4; 0.27 · 6 = 1.62 → 2.
    expect(groupSize(5, 0.5)).toBe(2); // round(2.5) = 3, capped at floor(5/2) so the groups do not overlap
    expect(groupSize(10, 0.25)).toBe(3); // round(2.5) = 3: halves round up
  });

  it("rejects a group fraction outside (0, 0.5]", () => {
    expect(() => groupSize(10, 0)).toThrow(RangeError);
    expect(() => groupSize(10, 0.6)).toThrow(RangeError);
    expect(() => analyseItems([], { groupFraction: Number.NaN })).toThrow(RangeError);
  });

  it("breaks a tie straddling the upper boundary by ascending userId, not by the answer", () => {
    // N = 10, n = 3. Ranked: a(9) b(8) then c and d tie on 7 for the third place: c wins on userId.
    const responses: ScoredResponse[] = [
      { userId: "d", total: 7, correct: true },
      { userId: "c", total: 7, correct: false },
      { userId: "b", total: 8, correct: true },
      { userId: "a", total: 9, correct: true },
      ...["e", "f", "g", "h", "i", "j"].map((userId, k) => ({ userId, total: 6 - k, correct: false })),
    ];
    const groups = discriminationGroups(responses)!;
    expect(groups.upper.map((r) => r.userId)).toEqual(["a", "b", "c"]);
    // Upper: a ✓ b ✓ c ✗ = 2; lower h, i, j: 0 → D = 2/3 (d's correct answer is not used).
    expect(upperLowerDiscrimination(responses)).toBeCloseTo(2 / 3, 12);
    expect(upperLowerDiscrimination([...responses].reverse())).toBeCloseTo(2 / 3, 12);
  });

  it("breaks a tie straddling the lower boundary the same way: the later userIds fall in the lower group", () => {
    // N = 8 → n = round(0.27 · 8) = round(2.16) = 2. Ranked: p(5) q(4) r(3) s(2), then t u v w tied on 1
    // in userId order; the lower group is the last two of the ranking: v and w.
    const responses: ScoredResponse[] = [
      { userId: "w", total: 1, correct: true },
      { userId: "t", total: 1, correct: true },
      { userId: "v", total: 1, correct: false },
      { userId: "u", total: 1, correct: true },
      { userId: "p", total: 5, correct: true },
      { userId: "q", total: 4, correct: true },
      { userId: "r", total: 3, correct: false },
      { userId: "s", total: 2, correct: false },
    ];
    const groups = discriminationGroups(responses)!;
    expect(groups.n).toBe(2);
    expect(groups.upper.map((r) => r.userId)).toEqual(["p", "q"]);
    expect(groups.lower.map((r) => r.userId)).toEqual(["v", "w"]);
    // Upper 2/2, lower 1/2 → D = 0.5.
    expect(upperLowerDiscrimination(responses)).toBe(0.5);
  });

  it("has no index with fewer than two learners", () => {
    expect(upperLowerDiscrimination([])).toBeNull();
    expect(upperLowerDiscrimination([{ userId: "a", total: 1, correct: true }])).toBeNull();
    expect(upperLowerDiscrimination([{ userId: "a", total: 1, correct: true }, { userId: "b", total: 0, correct: false }])).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------------------
describe("building blocks", () => {
  it("facility is the share correct, null without attempts", () => {
    expect(facility([])).toBeNull();
    expect(facility([{ correct: true }, { correct: false }, { correct: true }, { correct: true }])).toBe(0.75);
  });

  it("point-biserial equals Pearson's r and is null when a variance is 0", () => {
    // x = 1 1 0 0, rest = 3 1 2 0: means 0.5 and 1.5; Σdxdy = 0.5·1.5 + 0.5·(−0.5) − 0.5·0.5 − 0.5·(−1.5) = 1;
    // Σdx² = 1, Σdy² = 2.25 + 0.25 + 0.25 + 2.25 = 5 → r = 1/√5.
    expect(pointBiserial([{ correct: true, rest: 3 }, { correct: true, rest: 1 }, { correct: false, rest: 2 }, { correct: false, rest: 0 }])).toBeCloseTo(1 / Math.sqrt(5), 12);
    expect(pointBiserial([{ correct: true, rest: 3 }, { correct: true, rest: 1 }])).toBeNull(); // item variance 0
    expect(pointBiserial([{ correct: true, rest: 2 }, { correct: false, rest: 2 }])).toBeNull(); // rest variance 0
    expect(pointBiserial([{ correct: true, rest: 2 }])).toBeNull();
    expect(pointBiserial([{ correct: true, rest: 5 }, { correct: false, rest: 1 }])).toBeCloseTo(1, 12);
  });

  it("uses a learner's first entry when they appear twice for the same item", () => {
    const items = [
      { ...item("Q1", {}), firstAttempts: [{ userId: "a", correct: false }, { userId: "a", correct: true }, { userId: "b", correct: true }] },
    ];
    expect(Object.fromEntries(learnerTotals(items))).toEqual({ a: 0, b: 1 });
    expect(analyseItems(items, { minAttempts: 1 })[0]).toMatchObject({ attempts: 2, facility: 0.5 });
  });

  it("counts an item a learner never attempted as 0 in their total", () => {
    const items = [item("Q1", { a: true, b: true }), item("Q2", { a: true })];
    expect(Object.fromEntries(learnerTotals(items))).toEqual({ a: 2, b: 1 });
  });
});

// ---------------------------------------------------------------------------------------------------
describe("edge cases", () => {
  const six = ["a", "b", "c", "d", "e", "f"];
  const others = item("other", { a: true, b: true, c: true, d: false, e: false, f: false });

  it("everyone right: facility 1, D = 0, no correlation, an info-level ceiling flag", () => {
    const [s] = analyseItems([item("easy", Object.fromEntries(six.map((u) => [u, true]))), others]);
    expect(s).toMatchObject({ attempts: 6, facility: 1, discrimination: 0, pointBiserial: null });
    expect(s!.flags.map((f) => [f.code, f.severity])).toEqual([["ceiling", "info"]]);
    expect(s!.flags[0]!.message).toContain("100% of learners (6 of 6)");
  });

  it("nobody right: facility 0, D = 0, no correlation, near-zero facility flagged", () => {
    const [s] = analyseItems([item("hard", Object.fromEntries(six.map((u) => [u, false]))), others]);
    expect(s).toMatchObject({ facility: 0, discrimination: 0, pointBiserial: null });
    expect(s!.flags.map((f) => f.code)).toEqual(["near-zero-facility"]);
    expect(s!.flags[0]!.message).toContain("only 0% of learners (0 of 6)");
  });

  it("near-zero facility names the share, rounded down so it never reads 20%", () => {
    // 1 of 6 = 16.7% → "16%"; 1 of 5 = 20% is not below 0.2 and not flagged.
    const [s] = analyseItems([item("q", { a: true, b: false, c: false, d: false, e: false, f: false })]);
    expect(s!.flags.map((f) => f.code)).toEqual(["near-zero-facility"]);
    expect(s!.flags[0]!.message).toContain("only 16% of learners (1 of 6)");
    const [t] = analyseItems([item("q", { a: true, b: false, c: false, d: false, e: false })]);
    expect(t!.flags).toEqual([]);
  });

  it("ceiling needs more than 95%: 19 of 20 is not flagged, 20 of 20 is", () => {
    const users = Array.from({ length: 20 }, (_, i) => `u${i}`);
    const [s] = analyseItems([item("q", Object.fromEntries(users.map((u, i) => [u, i > 0])))]);
    expect(s!.facility).toBe(0.95);
    expect(s!.flags).toEqual([]);
  });

  it("below minAttempts: null statistics and only the too-few-attempts flag", () => {
    // 4 attempts, all wrong: would be near-zero facility, but there are too few to say.
    const s = analyseItems([item("q", { a: false, b: false, c: false, d: false }, { laterReviews: 8, laterLapses: 2, meanDifficulty: 6.5 })])[0]!;
    expect(s).toMatchObject({ attempts: 4, facility: null, discrimination: null, pointBiserial: null, lapseRate: 0.25, meanDifficulty: 6.5 });
    expect(s.flags.map((f) => [f.code, f.severity])).toEqual([["too-few-attempts", "info"]]);
    expect(s.flags[0]!.message).toBe("Only 4 learners have answered this question so far; statistics are shown once 5 have.");
    expect(analyseItems([item("q", { a: true })])[0]!.flags[0]!.message).toContain("Only 1 learner has answered");
    expect(analyseItems([item("q", {})])[0]).toMatchObject({ attempts: 0, facility: null });
  });

  it("minAttempts is configurable, and reached exactly is enough", () => {
    const q = item("q", { a: false, b: false, c: false, d: false });
    expect(analyseItems([q], { minAttempts: 4 })[0]).toMatchObject({ facility: 0, discrimination: 0 });
    expect(analyseItems([q], { minAttempts: 4 })[0]!.flags.map((f) => f.code)).toEqual(["near-zero-facility"]);
  });

  it("reports lapse rate and mean difficulty as given, null lapse rate without later reviews", () => {
    const s = analyseItems([item("q", { a: true }, { laterReviews: 40, laterLapses: 6, meanDifficulty: 4.2 }), item("r", { a: true })], { minAttempts: 1 });
    expect(s.map((x) => [x.lapseRate, x.meanDifficulty])).toEqual([[0.15, 4.2], [null, null]]);
  });

  it("returns no choices for free-recall and estimate items", () => {
    expect(analyseItems([item("q", { a: true })], { minAttempts: 1 })[0]!.choices).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------------
describe("multiple-choice items", () => {
  const choices = [
    { id: "A", label: "Tracing" },
    { id: "B", label: "Logging" },
    { id: "C", label: "Metrics" },
    { id: "D", label: "Profiling" },
  ];

  function mc(picks: string[][], correctChoiceIds: string[]): ItemInput {
    const correct = new Set(correctChoiceIds);
    return {
      questionId: "mc",
      kind: "MULTIPLE_CHOICE",
      choices,
      correctChoiceIds,
      firstAttempts: picks.map((choiceIds, i) => ({
        userId: `u${i}`,
        choiceIds,
        correct: choiceIds.length === correct.size && choiceIds.every((id) => correct.has(id)),
      })),
      laterReviews: 0,
      laterLapses: 0,
      meanDifficulty: null,
    };
  }

  it("counts picks per choice in display order and flags a distractor picked more than the key", () => {
    // 10 learners: A (key) 3, B 5, C 2, D 0.
    const picks = [["A"], ["A"], ["A"], ["B"], ["B"], ["B"], ["B"], ["B"], ["C"], ["C"]];
    const s = analyseItems([mc(picks, ["A"])])[0]!;
    expect(s.choices).toEqual([
      { id: "A", label: "Tracing", correct: true, picks: 3, share: 0.3 },
      { id: "B", label: "Logging", correct: false, picks: 5, share: 0.5 },
      { id: "C", label: "Metrics", correct: false, picks: 2, share: 0.2 },
      { id: "D", label: "Profiling", correct: false, picks: 0, share: 0 },
    ]);
    expect(s.facility).toBe(0.3);
    expect(s.flags.map((f) => f.code)).toEqual(["distractor-beats-key"]);
    expect(s.flags[0]!.message).toBe(
      "The wrong answer “Logging” was picked by 5 learners on their first attempt, more than the correct answer “Tracing” (3 learners). Check that the key is right and that the question is not misleading.",
    );
  });

  it("does not flag a distractor picked exactly as often as the key", () => {
    const s = analyseItems([mc([["A"], ["A"], ["A"], ["B"], ["B"], ["B"], ["C"]], ["A"])])[0]!;
    expect(s.flags.filter((f) => f.code === "distractor-beats-key")).toEqual([]);
  });

  it("multi-answer: a pick counts for every choice in it, and a distractor must beat every correct choice", () => {
    // Correct: A and B. Picks → A: 4, B: 2, C: 5, D: 1. C (5) beats the most picked key A (4).
    const picks = [["A", "B"], ["A", "B"], ["A", "C"], ["A", "C"], ["C"], ["C", "D"], ["C"]];
    const s = analyseItems([mc(picks, ["A", "B"])])[0]!;
    expect(s.choices!.map((c) => [c.id, c.correct, c.picks])).toEqual([
      ["A", true, 4],
      ["B", true, 2],
      ["C", false, 5],
      ["D", false, 1],
    ]);
    expect(s.choices!.find((c) => c.id === "C")!.share).toBeCloseTo(5 / 7, 12);
    expect(s.facility).toBeCloseTo(2 / 7, 12);
    expect(s.flags.map((f) => f.code)).toEqual(["distractor-beats-key"]);
    expect(s.flags[0]!.message).toContain("“Metrics” was picked by 5 learners");
    expect(s.flags[0]!.message).toContain("more than any correct answer (the most picked, “Tracing”, by 4 learners)");
  });

  it("multi-answer: a distractor beating only one of the correct choices is not flagged", () => {
    // A: 4, B: 2, C: 3 → C beats B but not A.
    const picks = [["A", "B"], ["A", "B"], ["A", "C"], ["A", "C"], ["C"], ["D"]];
    const s = analyseItems([mc(picks, ["A", "B"])])[0]!;
    expect(s.flags.filter((f) => f.code === "distractor-beats-key")).toEqual([]);
  });

  it("lists a picked choice that is no longer among the choices, labelled by its id", () => {
    const rows = choiceStats({ choices: choices.slice(0, 2), correctChoiceIds: ["A"], firstAttempts: [{ userId: "a", correct: false, choiceIds: ["Z"] }, { userId: "b", correct: true, choiceIds: ["A"] }] });
    expect(rows.map((r) => [r.id, r.label, r.picks])).toEqual([
      ["A", "Tracing", 1],
      ["B", "Logging", 0],
      ["Z", "Z", 1],
    ]);
  });

  it("below minAttempts reports the counts but raises no distractor flag", () => {
    const s = analyseItems([mc([["B"], ["B"], ["A"]], ["A"])])[0]!;
    expect(s.choices!.map((c) => c.picks)).toEqual([1, 2, 0, 0]);
    expect(s.flags.map((f) => f.code)).toEqual(["too-few-attempts"]);
  });
});

describe("analyseItemCounts (items counted in the database)", () => {
  it("gives what analyseItems gives from the attempts when handed their counts, D and r_pb, with the same flags and choice rows", () => {
    const choices = ["A", "B", "C"].map((id) => ({ id, label: `Choice ${id}` }));
    const picksOf = (i: number) => (i % 5 === 0 ? ["C"] : i % 3 === 0 ? ["B"] : ["A"]);
    const items: ItemInput[] = [
      item("Q1", Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`u${i}`, i % 3 !== 0]))),
      item("Q2", Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`u${i}`, i < 2]))),
      item("Q3", Object.fromEntries(Array.from({ length: 3 }, (_, i) => [`u${i}`, true]))),
      {
        ...item("Q4", {}),
        kind: "MULTIPLE_CHOICE",
        choices,
        correctChoiceIds: ["A"],
        firstAttempts: Array.from({ length: 12 }, (_, i) => ({ userId: `u${i}`, correct: picksOf(i)[0] === "A", choiceIds: [...picksOf(i), ...(i === 7 ? ["gone"] : [])] })),
        laterReviews: 9,
        laterLapses: 2,
        meanDifficulty: 5.5,
      },
    ];
    const expected = analyseItems(items);
    const counted = analyseItemCounts(
      items.map((it, k) => {
        const { firstAttempts, ...rest } = it;
        const picks = new Map<string, number>();
        for (const a of firstAttempts) for (const id of a.choiceIds ?? []) picks.set(id, (picks.get(id) ?? 0) + 1);
        return {
          ...rest,
          attempts: firstAttempts.length,
          correct: firstAttempts.filter((a) => a.correct).length,
          discrimination: expected[k]!.discrimination ?? (firstAttempts.length >= 2 ? 0.5 : null),
          pointBiserial: expected[k]!.pointBiserial,
          picks,
        };
      }),
    );
    expect(counted).toEqual(expected);
    // The cases covered: a picked id that is no longer a choice, and an item under the minimum whose D is dropped.
    expect(counted[3]!.choices!.map((c) => [c.id, c.picks])).toEqual([["A", 6], ["B", 3], ["C", 3], ["gone", 1]]);
    expect([counted[2]!.discrimination, counted[2]!.flags.map((f) => f.code)]).toEqual([null, ["too-few-attempts"]]);
  });
});

describe("itemCountsFromFirsts (the cohort dashboard's second phase)", () => {
  /** A seeded pseudo-random generator, so a failure can be replayed. */
  function random(seed: number) {
    let s = seed >>> 0;
    return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  }

  it("gives the counts, D and r_pb the reference functions give over the same responses", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const next = random(seed);
      const questionIds = Array.from({ length: 12 }, (_, i) => `q${i}`);
      // Learners answer a random subset, each with their own ability, so totals tie often and some
      // questions are answered by one learner or none, or answered correctly by everyone.
      const answers = Array.from({ length: 40 + seed * 7 }, (_, u) => {
        const ability = next();
        const userId = `${Math.floor(next() * 0xffff).toString(16).padStart(4, "0")}-u${u}`;
        const picks = questionIds.flatMap((_, i) => (i === 11 ? (u === 0 ? [{ i, correct: true }] : []) : next() < 0.8 ? [{ i, correct: i === 10 || next() < ability }] : []));
        return { userId, picks };
      });
      const rows = answers.map(({ userId, picks }) => ({
        userId,
        total: picks.filter((p) => p.correct).length,
        firsts: picks.length > 0 ? picks.map((p) => p.i * 2 + (p.correct ? 1 : 0)) : null,
      }));
      // Rows in any order, a row without attempts, and the per-question rows the query also returns.
      rows.reverse();
      const counted = itemCountsFromFirsts([...rows, { userId: null, total: 0, firsts: null }], questionIds);
      const byQuestion = new Map(counted.map((c) => [c.questionId, c]));
      questionIds.forEach((questionId, i) => {
        const responses: ScoredResponse[] = answers.flatMap(({ userId, picks }) => {
          const p = picks.find((x) => x.i === i);
          return p ? [{ userId, correct: p.correct, total: picks.filter((x) => x.correct).length }] : [];
        });
        const got = byQuestion.get(questionId);
        if (responses.length === 0) return expect(got).toBeUndefined();
        expect(got!.attempts).toBe(responses.length);
        expect(got!.correct).toBe(responses.filter((r) => r.correct).length);
        expect(got!.discrimination).toBe(upperLowerDiscrimination(responses));
        const r = pointBiserial(responses.map((x) => ({ correct: x.correct, rest: x.total - (x.correct ? 1 : 0) })));
        if (r === null) expect(got!.pointBiserial).toBeNull();
        else expect(got!.pointBiserial).toBeCloseTo(r, 12);
      });
      // The constant questions: one learner only (no D, no r_pb), everyone correct (D 0, no r_pb).
      expect([byQuestion.get("q11")!.discrimination, byQuestion.get("q11")!.pointBiserial]).toEqual([null, null]);
      expect([byQuestion.get("q10")!.discrimination, byQuestion.get("q10")!.pointBiserial]).toEqual([0, null]);
    }
  });

  it("ranks ties by userId, so the groups are the reference's", () => {
    // Four learners with equal totals: the upper group of one is the lowest userId.
    const rows = ["d", "b", "a", "c"].map((userId) => ({ userId, total: 1, firsts: userId === "a" || userId === "c" ? [1] : [0, 3] }));
    const [q0] = itemCountsFromFirsts(rows, ["q0", "q1"]);
    // q0's attempters by place: a (correct), b, c (correct), d; n = 1: upper a (1), lower d (0).
    expect(q0).toMatchObject({ questionId: "q0", attempts: 4, correct: 2, discrimination: 1 });
    const responses = rows.map((r) => ({ userId: r.userId, total: r.total, correct: r.firsts[0] === 1 }));
    expect(q0!.discrimination).toBe(upperLowerDiscrimination(responses));
  });
});
