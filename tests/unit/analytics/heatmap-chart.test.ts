import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ActivityHeatmap } from "@/components/charts/heatmap";
import { heatmapLayout } from "@/lib/analytics/heatmap";

// A three-letter month label at font-size 10 is about 20 px wide (Inter and the system fallbacks).
const LABEL_WIDTH_PX = 20;

describe("activity heatmap month labels", () => {
  it("leaves room for a month that begins in the last column (Dec is not cut to De)", () => {
    // 3 Dec 2026 is a Thursday: 1 Dec (Tuesday) sits in the last week column.
    const layout = heatmapLayout({ counts: [{ day: "2026-12-01", count: 3 }], today: "2026-12-03" });
    const last = layout.monthStarts.at(-1);
    expect(last).toEqual({ week: layout.weeks.length - 1, month: "2026-12" });

    const html = renderToStaticMarkup(createElement(ActivityHeatmap, { id: "activity", layout }));
    const viewBoxWidth = Number(/viewBox="0 0 (\d+) \d+"/.exec(html)?.[1]);
    const decX = Number(/<text x="(\d+)"[^>]*>Dec<\/text>/.exec(html)?.[1]);
    expect(decX).toBeGreaterThan(0);
    expect(decX + LABEL_WIDTH_PX).toBeLessThanOrEqual(viewBoxWidth);
  });
});
