import { describe, expect, it } from "vitest";
import { retentionBand, retentionCellStyle } from "@/components/cohort/retention-scale";

describe("heatmap colours anchored on the target retention", () => {
  it("tells apart learners that a 0–100% scale paints alike (85%, 90%, 97% against a 90% target)", () => {
    expect([0.85, 0.9, 0.97].map((r) => retentionBand(r, 0.9))).toEqual(["far-below", "near", "far-above"]);
    const styles = new Set([0.85, 0.9, 0.97].map((r) => retentionCellStyle(r, 0.9).backgroundColor));
    expect(styles.size).toBe(3);
  });

  it("moves with the target: 92% is below a 95% target and above an 85% one", () => {
    expect(retentionBand(0.92, 0.95)).toBe("below");
    expect(retentionBand(0.92, 0.85)).toBe("far-above");
  });

  it("is red far below the target, green above it, and never opaque enough to hide the number", () => {
    expect(retentionCellStyle(0.5, 0.9).backgroundColor).toBe("hsl(0 75% 45% / 0.45)");
    expect(retentionCellStyle(1, 0.9).backgroundColor).toBe("hsl(140 75% 45% / 0.45)");
    expect(retentionCellStyle(0.9, 0.9).backgroundColor).toBe("hsl(140 75% 45% / 0.08)");
  });
});
