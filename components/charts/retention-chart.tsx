import type { RetentionWindow } from "@/lib/analytics/retention";
import { formatPercent, plural } from "@/lib/analytics/format";

const WIDTH = 360;
const LABEL = 112;
const VALUE = 76;
const ROW = 30;
const TOP = 18;
const BAR = 14;

export interface RetentionRow {
  label: string;
  window: RetentionWindow;
}

/** True retention per row as horizontal bars on a 0–100% scale, with the learner's desired retention as a dashed line. */
export function RetentionChart({ id, title, rows, desired }: { id: string; title: string; rows: RetentionRow[]; desired: number }) {
  const plot = WIDTH - LABEL - VALUE;
  const height = TOP + rows.length * ROW + 4;
  const x = (rate: number) => LABEL + rate * plot;
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
        {rows.map((r, i) => {
          const top = TOP + i * ROW;
          const rate = r.window.rate;
          return (
            <g key={r.label}>
              <title>{describe(r)}</title>
              <text x={0} y={top + BAR - 2} fontSize={12} fill="var(--fg)">
                {r.label.length > 16 ? `${r.label.slice(0, 15)}…` : r.label}
              </text>
              <rect x={LABEL} y={top} width={plot} height={BAR} rx={2} fill="var(--bg-muted)" stroke="var(--border)" />
              {rate !== null && <rect x={LABEL} y={top} width={rate * plot} height={BAR} rx={2} className="fill-brand-600 dark:fill-[#8fb1ff]" />}
              <text x={WIDTH - VALUE + 6} y={top + BAR - 2} fontSize={12} fill="var(--fg)">
                {formatPercent(rate)}
                <tspan fill="var(--fg-muted)" fontSize={10}>{` n=${r.window.reviews}`}</tspan>
              </text>
            </g>
          );
        })}
        <line x1={x(desired)} x2={x(desired)} y1={TOP - 4} y2={height - 2} strokeWidth={1.5} strokeDasharray="3 2" className="stroke-[var(--fg)]" />
      </svg>
      {/* Visually hidden on a wrapper: a table ignores the width and overflow that hide it. */}
      <div className="sr-only">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">Period</th>
              <th scope="col">Retention</th>
              <th scope="col">Reviews of learned cards</th>
              <th scope="col">Target</th>
            </tr>
          </thead>
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
