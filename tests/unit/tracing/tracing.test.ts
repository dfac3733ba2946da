import { describe, expect, it } from "vitest";
import { formatTraceparent, parseTraceparent } from "@/lib/tracing/traceparent";
import { samplingCost } from "@/lib/tracing/sampling-cost";
import { layoutWaterfall } from "@/lib/tracing/waterfall";

const VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

describe("parseTraceparent (W3C Trace Context)", () => {
  it("decodes the specification's example", () => {
    const r = parseTraceparent(VALID);
    expect(r).toMatchObject({ valid: true, version: "00", traceId: "4bf92f3577b34da6a3ce929d0e0e4736", parentId: "00f067aa0ba902b7", sampled: true, random: false });
    expect(VALID).toHaveLength(55);
  });
  it.each([
    ["upper-case hex", VALID.toUpperCase().replace("00-", "00-"), /upper-case|lowercase/],
    ["version ff", "ff" + VALID.slice(2), /ff/],
    ["all-zero trace-id", `00-${"0".repeat(32)}-00f067aa0ba902b7-01`, /all zeros/],
    ["all-zero parent-id", `00-4bf92f3577b34da6a3ce929d0e0e4736-${"0".repeat(16)}-01`, /all zeros/],
    ["v00 with trailing data", VALID + "-extra", /exactly 55/],
    ["too short", VALID.slice(0, 50), /55 characters/],
    ["not hex version", "0x" + VALID.slice(2), /version/],
  ])("rejects %s", (_name, header, message) => {
    const r = parseTraceparent(header);
    expect(r.valid).toBe(false);
    if (!r.valid) {
      expect(r.error).toMatch(message);
      expect(r.action).toMatch(/new trace/);
    }
  });
  it("parses a future version at the version-00 positions and ignores what follows", () => {
    const r = parseTraceparent("cc" + VALID.slice(2) + "-what-the-future-holds");
    expect(r).toMatchObject({ valid: true, version: "cc", sampled: true });
    expect(parseTraceparent("cc" + VALID.slice(2) + "x").valid).toBe(false);
  });
  it("reads flags with masks: 03 is sampled and random; unknown bits warn", () => {
    expect(parseTraceparent(VALID.slice(0, 53) + "03")).toMatchObject({ valid: true, sampled: true, random: true });
    expect(parseTraceparent(VALID.slice(0, 53) + "00")).toMatchObject({ valid: true, sampled: false });
    const odd = parseTraceparent(VALID.slice(0, 53) + "09");
    expect(odd).toMatchObject({ valid: true, sampled: true });
    if (odd.valid) expect(odd.warnings.join(" ")).toMatch(/Unknown flag bits/);
  });
  it("formats a header", () => {
    expect(formatTraceparent({ traceId: "4bf92f3577b34da6a3ce929d0e0e4736", parentId: "00f067aa0ba902b7", sampled: true })).toBe(VALID);
  });
});

describe("samplingCost", () => {
  /** 1,000 req/s of 10 spans, kept whole, decided after 30 s: each test changes what it is about. */
  const keepAll = {
    requestsPerSecond: 1000,
    spansPerRequest: 10,
    bytesPerSpan: 200,
    headRate: 1,
    tail: { errorShare: 0, errorKeep: 1, slowShare: 0, slowKeep: 1, baseKeep: 1 },
    decisionWaitSeconds: 30,
  };

  it("computes the cost model by hand: 1,000 req/s × 10 spans × 86,400 s", () => {
    const c = samplingCost(keepAll);
    expect(c.spansPerDayProduced).toBe(864_000_000);
    expect(c.bytesPerDayStored).toBe(172_800_000_000);
    expect(c.tracesBufferedInTailSampler).toBe(30_000);
  });
  it("applies head sampling, then tail policies on what is left", () => {
    const c = samplingCost({ ...keepAll, headRate: 0.1, tail: { errorShare: 0.01, errorKeep: 1, slowShare: 0.02, slowKeep: 1, baseKeep: 0.05 } });
    expect(c.spansPerDayIntoCollector).toBeCloseTo(86_400_000);
    // 1% + 2% kept whole, 97% at 5%: 0.03 + 0.0485 = 0.0785 of what reaches the tail sampler.
    expect(c.spansPerDayStored).toBeCloseTo(86_400_000 * 0.0785);
    expect(c.collectorSpansPerSecond).toBeCloseTo(1000);
    expect(c.tracesBufferedInTailSampler).toBeCloseTo(3000);
  });
});

describe("layoutWaterfall", () => {
  const spans = [
    { id: "a", parent: null, service: "gateway", operation: "GET /checkout", start: 0, duration: 100 },
    { id: "b", parent: "a", service: "cart", operation: "load", start: 10, duration: 20 },
    { id: "c", parent: "a", service: "pay", operation: "charge", start: 35, duration: 60 },
    { id: "d", parent: "c", service: "bank", operation: "authorise", start: 40, duration: 50 },
  ];
  it("orders rows depth-first with offsets, self time and the critical path", () => {
    const w = layoutWaterfall(spans);
    expect(w.errors).toEqual([]);
    expect(w.rows.map((r) => [r.id, r.depth])).toEqual([["a", 0], ["b", 1], ["c", 1], ["d", 2]]);
    expect(w.rows.find((r) => r.id === "c")).toMatchObject({ offset: 0.35, width: 0.6, selfMs: 10, critical: true });
    expect(w.rows.filter((r) => r.critical).map((r) => r.id)).toEqual(["a", "c", "d"]);
    expect(w.rows[0].selfMs).toBe(100 - 20 - 60);
  });
  it("reports bad span data instead of throwing", () => {
    expect(layoutWaterfall([...spans, { id: "e", parent: "zz", service: "x", operation: "y", start: 0, duration: 1 }]).errors.join(" ")).toMatch(/unknown parent/);
    expect(layoutWaterfall(spans.slice(1)).errors.join(" ")).toMatch(/root/);
    expect(layoutWaterfall([spans[0], { ...spans[1], start: -5 }]).errors.join(" ")).toMatch(/before its parent/);
  });
});
