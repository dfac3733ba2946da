// The heatmap's colours, anchored on the cohort's target retention: a cell says how far a learner's
// recall of a topic sits above or below the target, not where it sits between 0 and 100%. With every
// topic mean at 92–93%, a 0–100% scale paints everything the same green; anchored on a 90% target,
// 85% and 97% look different. Pure.

/** The distance from the target at which the colour is at its strongest (10 points of retention). */
export const FULL_SCALE = 0.1;

export type RetentionBand = "far-below" | "below" | "near" | "above" | "far-above";

/** The band of a retrievability against the target: within ±2 points is "near". */
export function retentionBand(r: number, target: number): RetentionBand {
  const d = r - target;
  if (d <= -FULL_SCALE / 2) return "far-below";
  if (d < -0.02) return "below";
  if (d <= 0.02) return "near";
  if (d < FULL_SCALE / 2) return "above";
  return "far-above";
}

/** The band in words, for screen readers and tooltips: the colour alone must not carry the meaning. */
export const BAND_WORDS: Record<RetentionBand, string> = {
  "far-below": "well below the target",
  below: "below the target",
  near: "at the target",
  above: "above the target",
  "far-above": "well above the target",
};

/**
 * A translucent background over the page colour: red to amber below the target, green above, stronger
 * with the distance; the text keeps the page's colour, so contrast holds in both themes (alpha ≤ 0.45).
 */
export function retentionCellStyle(r: number, target: number): { backgroundColor: string } {
  const t = Math.max(-1, Math.min(1, (r - target) / FULL_SCALE));
  const hue = t < 0 ? Math.round(40 * (1 + t)) : 140;
  const alpha = (0.08 + 0.37 * Math.abs(t)).toFixed(2);
  return { backgroundColor: `hsl(${hue} 75% 45% / ${alpha})` };
}
