import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { RetentionChart } from "@/components/charts/retention-chart";
import { wrapLabel } from "@/lib/analytics/format";

describe("wrapLabel", () => {
  it("breaks at spaces within the width", () => {
    expect(wrapLabel("Observability: traces, propagation and sampling", 24, 2)).toEqual(["Observability: traces,", "propagation and sampling"]);
  });
  it("ends the last line with an ellipsis when the label needs more lines", () => {
    expect(wrapLabel("one two three four five six", 9, 2)).toEqual(["one two", "three…"]);
  });
  it("cuts a word longer than a line", () => {
    expect(wrapLabel("abcdefghij", 4, 3)).toEqual(["abcd", "efgh", "ij"]);
  });
});

describe("retention by course chart", () => {
  it("writes a long course title in full, with the title in the row's tooltip", () => {
    const title = "Observability: traces, propagation and sampling";
    const html = renderToStaticMarkup(
      createElement(RetentionChart, { id: "c", title: "Retention by course", desired: 0.9, rows: [{ label: title, window: { windowDays: 30, rate: 0.93, reviews: 120, correct: 112 } }] }),
    );
    const drawn = [...html.matchAll(/<tspan x="0"[^>]*>([^<]*)<\/tspan>/g)].map((m) => m[1]).join(" ");
    expect(drawn).toBe(title);
    expect(html).toContain(`<title>${title}: 93% of 120 reviews</title>`);
  });
});
