import { durationLabelPlacement, layoutWaterfall, type SpanInput, type WaterfallRow } from "@/lib/tracing/waterfall";

// Colours with AA contrast for white text in both themes.
const SERVICE_COLOURS = ["#1d4ed8", "#047857", "#b45309", "#7e22ce", "#be123c", "#0f766e", "#4d7c0f", "#a21caf"];

function ticks(totalMs: number): number[] {
  const step = [1, 2, 5, 10, 20, 50, 100, 200, 250, 500, 1000, 2000, 5000].find((s) => totalMs / s <= 6) ?? Math.ceil(totalMs / 5);
  return Array.from({ length: Math.floor(totalMs / step) + 1 }, (_, i) => i * step);
}

function DurationLabel({ row }: { row: WaterfallRow }) {
  const text = `${row.critical ? "★ " : ""}${row.duration} ms`;
  const placement = durationLabelPlacement(row);
  if (placement === "inside") return <span className="whitespace-nowrap">{text}</span>;
  // Outside the bar, in the page's text colour: a short bar cannot hold it.
  const position = placement === "after" ? { left: `calc(${(row.offset + row.width) * 100}% + 4px)` } : { right: `calc(${(1 - row.offset) * 100}% + 4px)` };
  return (
    <span className="absolute top-0 flex h-5 items-center whitespace-nowrap" style={position} data-label-placement={placement}>
      {text}
    </span>
  );
}

/** A trace as a waterfall, drawn on the server (no JavaScript), with a table for screen readers. */
export function TraceWaterfall({ spans, caption }: { spans: SpanInput[]; caption?: string }) {
  const { rows, totalMs, errors } = layoutWaterfall(Array.isArray(spans) ? spans : []);
  if (errors.length) {
    return (
      <div role="alert" className="not-prose my-4 rounded-md border border-red-600 p-3 text-sm">
        <strong>This trace cannot be drawn:</strong>
        <ul className="ml-5 list-disc">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      </div>
    );
  }
  const services = [...new Set(rows.map((r) => r.service))];
  const colour = (service: string) => SERVICE_COLOURS[services.indexOf(service) % SERVICE_COLOURS.length];
  return (
    <figure className="not-prose my-6">
      <div className="overflow-x-auto rounded-lg border border-[var(--border)]" aria-hidden="true">
        <div className="min-w-[560px] p-3 text-xs">
          <div className="relative mb-1 ml-[40%] h-4 border-b border-[var(--border)] text-[var(--fg-muted)]">
            {ticks(totalMs).map((t) => (
              <span key={t} className="absolute -translate-x-1/2" style={{ left: `${(t / totalMs) * 100}%` }}>
                {t} ms
              </span>
            ))}
          </div>
          {rows.map((r) => (
            <div key={r.id} className="flex items-center gap-2 py-0.5">
              <div className="w-[40%] truncate" style={{ paddingLeft: `${r.depth * 12}px` }} title={`${r.service}: ${r.operation}`}>
                <span className="font-semibold">{r.service}</span> <span className="text-[var(--fg-muted)]">{r.operation}</span>
              </div>
              <div className="relative h-5 flex-1">
                <div
                  className={`absolute top-0 flex h-5 items-center overflow-hidden rounded-sm px-1 text-white ${r.critical ? "ring-2 ring-offset-1 ring-[var(--fg)]" : ""}`}
                  style={{ left: `${r.offset * 100}%`, width: `max(${r.width * 100}%, 3px)`, background: colour(r.service) }}
                >
                  {durationLabelPlacement(r) === "inside" && <DurationLabel row={r} />}
                </div>
                {durationLabelPlacement(r) !== "inside" && <DurationLabel row={r} />}
              </div>
            </div>
          ))}
        </div>
      </div>
      <figcaption className="mt-2 text-sm text-[var(--fg-muted)]">
        {caption ?? "A trace as a waterfall"}: {rows.length} spans over {totalMs} ms. ★ marks the critical path (the chain of spans that ends last).
      </figcaption>
      {/* sr-only sits on a wrapper: on the table itself, the lesson's `.prose-lesson table` rule (more
          specific) made it a full-width scroll box that pushed phone-sized pages sideways. The inline
          style keeps that rule from turning the hidden table into a scrollable region. */}
      <div className="sr-only">
        <table style={{ display: "table", width: "auto", overflow: "visible" }}>
          <caption>Spans of the trace</caption>
          <thead>
            <tr>
              <th>Span</th>
              <th>Service</th>
              <th>Parent</th>
              <th>Start (ms)</th>
              <th>Duration (ms)</th>
              <th>Self time (ms)</th>
              <th>On the critical path</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{r.operation}</td>
                <td>{r.service}</td>
                <td>{r.parent ?? "root"}</td>
                <td>{r.start}</td>
                <td>{r.duration}</td>
                <td>{r.selfMs}</td>
                <td>{r.critical ? "yes" : "no"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
