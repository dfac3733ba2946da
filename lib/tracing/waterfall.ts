// Lays out a trace's spans as a waterfall: depth-first rows, offsets as fractions of the trace, the
// critical path, and problems in the data reported rather than thrown. Pure.

export interface SpanInput {
  id: string;
  parent: string | null;
  service: string;
  operation: string;
  start: number;
  duration: number;
}

export interface WaterfallRow extends SpanInput {
  depth: number;
  offset: number;
  width: number;
  critical: boolean;
  selfMs: number;
}

/**
 * Where a bar's duration label goes. Inside only when the bar is wide enough for "★ 1234 ms" at the
 * narrowest drawing (a quarter of the track); otherwise outside it, after the bar, or before it when the
 * bar ends near the right edge, so a short bar never clips its label.
 */
export type LabelPlacement = "inside" | "after" | "before";

export function durationLabelPlacement({ offset, width }: { offset: number; width: number }): LabelPlacement {
  if (width >= 0.25) return "inside";
  return offset + width <= 0.75 ? "after" : "before";
}

export interface Waterfall {
  rows: WaterfallRow[];
  totalMs: number;
  errors: string[];
}

export function layoutWaterfall(spans: SpanInput[]): Waterfall {
  const errors: string[] = [];
  const byId = new Map(spans.map((s) => [s.id, s]));
  const roots = spans.filter((s) => !s.parent);
  if (roots.length !== 1) errors.push(roots.length ? `More than one root span (${roots.map((r) => r.id).join(", ")}).` : "No root span (one span must have parent: null).");
  for (const s of spans) {
    if (s.parent && !byId.has(s.parent)) errors.push(`Span "${s.id}" names an unknown parent "${s.parent}".`);
    if (s.duration < 0) errors.push(`Span "${s.id}" has a negative duration.`);
    const p = s.parent ? byId.get(s.parent) : undefined;
    if (p && s.start < p.start) errors.push(`Span "${s.id}" starts before its parent "${p.id}".`);
  }
  const children = new Map<string, SpanInput[]>();
  for (const s of spans) if (s.parent) children.set(s.parent, [...(children.get(s.parent) ?? []), s]);
  for (const list of children.values()) list.sort((a, b) => a.start - b.start);
  if (errors.length) return { rows: [], totalMs: 0, errors };

  const root = roots[0];
  const t0 = Math.min(...spans.map((s) => s.start));
  const total = Math.max(...spans.map((s) => s.start + s.duration)) - t0 || 1;

  // Critical path: from the root, repeatedly follow the child that ends last.
  const critical = new Set<string>();
  let cursor: SpanInput | undefined = root;
  while (cursor) {
    critical.add(cursor.id);
    const kids: SpanInput[] = children.get(cursor.id) ?? [];
    cursor = kids.length ? kids.reduce((a, b) => (a.start + a.duration >= b.start + b.duration ? a : b)) : undefined;
  }

  const rows: WaterfallRow[] = [];
  const seen = new Set<string>();
  const visit = (s: SpanInput, depth: number) => {
    if (seen.has(s.id)) {
      errors.push(`Cycle through span "${s.id}".`);
      return;
    }
    seen.add(s.id);
    const kids = children.get(s.id) ?? [];
    // Self time: the span's duration not covered by any child (children may overlap).
    const intervals = kids.map((k) => [Math.max(k.start, s.start), Math.min(k.start + k.duration, s.start + s.duration)] as const).filter(([a, b]) => b > a).sort((a, b) => a[0] - b[0]);
    let covered = 0;
    let end = -Infinity;
    for (const [a, b] of intervals) {
      if (a > end) {
        covered += b - a;
        end = b;
      } else if (b > end) {
        covered += b - end;
        end = b;
      }
    }
    rows.push({ ...s, depth, offset: (s.start - t0) / total, width: s.duration / total, critical: critical.has(s.id), selfMs: Math.max(0, s.duration - covered) });
    for (const k of kids) visit(k, depth + 1);
  };
  visit(root, 0);
  if (rows.length !== spans.length && !errors.length) errors.push("Some spans are not reachable from the root.");
  return { rows, totalMs: total, errors };
}
