import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { TraceWaterfall } from "@/components/lesson/trace-waterfall";
import { durationLabelPlacement, type SpanInput } from "@/lib/tracing/waterfall";

const SPANS: SpanInput[] = [
  { id: "a", parent: null, service: "gateway", operation: "GET /checkout", start: 0, duration: 400 },
  { id: "b", parent: "a", service: "auth", operation: "verify", start: 4, duration: 6 },
  { id: "c", parent: "a", service: "db", operation: "SELECT", start: 380, duration: 12 },
];

/** The HTML inside each coloured bar (the elements styled with a background), in row order. */
function barContents(html: string): string[] {
  return [...html.matchAll(/<div class="[^"]*rounded-sm[^"]*" style="[^"]*background:[^"]*">(.*?)<\/div>/g)].map((m) => m[1] ?? "");
}

describe("trace waterfall duration labels", () => {
  const html = renderToStaticMarkup(createElement(TraceWaterfall, { spans: SPANS }));

  it("writes a short bar's duration outside the bar, where it is not clipped", () => {
    const [root, early, late] = barContents(html);
    expect(root).toContain("400 ms");
    expect(early).not.toContain("ms");
    expect(late).not.toContain("ms");
    expect(html).toMatch(/data-label-placement="after"[^>]*>[^<]*\b6 ms</);
    expect(html).toMatch(/data-label-placement="before"[^>]*>[^<]*\b12 ms</);
  });

  it.each([
    [{ offset: 0, width: 1 }, "inside"],
    [{ offset: 0.1, width: 0.02 }, "after"],
    [{ offset: 0.9, width: 0.05 }, "before"],
    [{ offset: 0.6, width: 0.15 }, "after"],
  ] as const)("places the label of a bar at %o %s", (bar, expected) => {
    expect(durationLabelPlacement(bar)).toBe(expected);
  });
});
