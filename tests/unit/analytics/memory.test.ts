import { describe, expect, it } from "vitest";
import { forgetting_curve } from "ts-fsrs";
import { forgettingCurve } from "@/lib/analytics/memory";
import { DEFAULT_PARAMS } from "@/lib/srs/scheduler";

describe("forgettingCurve (the constants the dashboard's SQL uses)", () => {
  it("is FSRS-6's curve: 90% recall after S days, same as ts-fsrs", () => {
    const { decay, factor } = forgettingCurve(null);
    const r = (t: number, s: number) => Math.pow(1 + (factor * t) / s, decay);
    expect(decay).toBeCloseTo(-0.1542, 10);
    expect(r(10, 10)).toBeCloseTo(0.9, 12);
    for (const [t, s] of [[0, 3], [1, 3], [30, 7.5], [400, 120]] as const) {
      expect(r(t, s)).toBeCloseTo(forgetting_curve(DEFAULT_PARAMS as number[], t, s), 7);
    }
  });

  it("uses the learner's fitted w20", () => {
    const params = [...DEFAULT_PARAMS];
    params[20] = 0.3;
    const { decay, factor } = forgettingCurve(params);
    expect(decay).toBe(-0.3);
    expect(Math.pow(1 + factor, decay)).toBeCloseTo(0.9, 12);
  });
});
