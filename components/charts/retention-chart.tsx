import { ColumnHeaders } from "@/components/ui/column-headers";
import type { RetentionWindow } from "@/lib/analytics/retention";
import { formatPercent, plural, wrapLabel } from "@/lib/analytics/format";

const WIDTH = 360;
const VALUE = 76;
const TOP = 18;
const BAR = 14;
const LINE = 13;
const GAP = 10;
// Each label has its own line(s) above its bar, across the plot's width: 44 characters at 11 px fit in
// 284 units, so a course title is read whole instead of cut at 16 characters; two lines at most, and the
// tooltip and the table below keep the full text.
const LABEL_CHARS = 44;
const LABEL_LINES = 2;

export interface RetentionRow {
  label: string;
  window: RetentionWindow;
}

/** True retention per row as horizontal bars on a 0–100% scale, with the learner's desired retention as a dashed line. */
export function RetentionChart({ id, title, rows, desired }: { id: string; title: string; rows: RetentionRow[]; desired: number }) {
  const plot = WIDTH - VALUE;
  const x = (rate: number) => rate * plot;
  const layout: { row: RetentionRow; lines: string[]; top: number }[] = [];
  let y = TOP;
  for (const row of rows) {
    const lines = wrapLabel(row.label, LABEL_CHARS, LABEL_LINES);
    layout.push({ row, lines, top: y });
    y += lines.length * LINE + BAR + GAP;
  }
  const height = y;
  const describe = (r: RetentionRow) =>
    r.window.rate === null ? `${r.label}: no reviews of learned cards` : `${r.label}: ${formatPercent(r.window.rate)} of ${plural(r.window.reviews, "review")}`;
  const description = `${rows.map(describe).join("; ")}. Your target is ${formatPercent(desired)}.`;
  return (
    <figure className="space-y-2">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} width="100%" className="max-w-xl" role="img" aria-labelledby={`${id}-title ${id}-desc`}>
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        <text x={x(desired)} y={10} fontSize={11} textAnchor="middle" fill="var(--fg-muted)">
          {`target ${formatPercent(desired)}`}
        </text>
        {layout.map(({ row: r, lines, top }) => {
          const barTop = top + lines.length * LINE;
          const rate = r.window.rate;
          return (
            <g key={r.label}>
              <title>{describe(r)}</title>
              <text x={0} y={top + LINE - 3} fontSize={11} fill="var(--fg)" data-label={r.label}>
                {lines.map((line, i) => (
                  <tspan key={i} x={0} dy={i === 0 ? 0 : LINE}>
                    {line}
                  </tspan>
                ))}
              </text>
              <rect x={0} y={barTop} width={plot} height={BAR} rx={2} fill="var(--bg-muted)" stroke="var(--border)" />
              {rate !== null && <rect x={0} y={barTop} width={rate * plot} height={BAR} rx={2} className="fill-brand-600 dark:fill-[#8fb1ff]" />}
              {/* The target across each bar only, so it never runs through a label. */}
              <line x1={x(desired)} x2={x(desired)} y1={barTop - 3} y2={barTop + BAR + 3} strokeWidth={1.5} strokeDasharray="3 2" className="stroke-[var(--fg)]" />
              <text x={WIDTH - VALUE + 6} y={barTop + BAR - 2} fontSize={12} fill="var(--fg)">
                {formatPercent(rate)}
                <tspan fill="var(--fg-muted)" fontSize={10}>{` n=${r.window.reviews}`}</tspan>
              </text>
            </g>
          );
        })}
      </svg>
      {/* Visually hidden on a wrapper: a table ignores the width and overflow that hide it. */}
      <div className="sr-only">
        <table>
          <caption>{title}</caption>
          <ColumnHeaders columns={["Period", "Retention", "Reviews of learned cards", "Target"]} />
          <tbody>
            {rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                <td>{formatPercent(r.window.rate)}</td>
                <td>{r.window.reviews}</td>
                <td>{formatPercent(desired)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
