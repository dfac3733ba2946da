import { ColumnHeaders } from "@/components/ui/column-headers";
import type { AdvisorPoint } from "@/lib/srs/retention-advisor";

const WIDTH = 360;
const LEFT = 44;
const RIGHT = 12;
const PANEL = 86;
const GAP = 26;
const TOP = 16;

interface Series {
  label: string;
  unit: string;
  value: (p: AdvisorPoint) => number;
  digits: number;
}

const SERIES: readonly Series[] = [
  { label: "Minutes a day", unit: "min", value: (p) => p.minutesPerDay, digits: 1 },
  { label: "Cards remembered after a year", unit: "cards", value: (p) => p.remembered, digits: 0 },
];

/**
 * Minutes a day and cards remembered against desired retention, two panels on one x axis, with the
 * cheapest retention per remembered card (solid) and the learner's current one (dashed) marked. The
 * numbers are in a table below for screen readers and for anyone who wants them.
 */
export function RetentionAdvisorChart({ points, best, current }: { points: AdvisorPoint[]; best: AdvisorPoint; current: number }) {
  const plot = WIDTH - LEFT - RIGHT;
  const height = TOP + SERIES.length * (PANEL + GAP);
  const min = points[0]!.retention;
  const max = points[points.length - 1]!.retention;
  const x = (r: number) => LEFT + ((r - min) / (max - min)) * plot;
  const description = `The cheapest retention per remembered card is ${best.retention.toFixed(2)}: ${best.minutesPerDay.toFixed(1)} minutes a day, ${best.remembered.toFixed(0)} cards remembered. Your setting is ${current.toFixed(2)}.`;
  return (
    <figure className="space-y-2">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} width="100%" className="max-w-xl" role="img" aria-labelledby="advisor-title advisor-desc">
        <title id="advisor-title">Minutes a day and cards remembered at each desired retention</title>
        <desc id="advisor-desc">{description}</desc>
        {SERIES.map((s, i) => {
          const top = TOP + i * (PANEL + GAP);
          const values = points.map(s.value);
          const lo = Math.min(...values);
          const hi = Math.max(...values);
          const y = (v: number) => top + PANEL - (hi === lo ? PANEL / 2 : ((v - lo) / (hi - lo)) * PANEL);
          const path = points.map((p, k) => `${k === 0 ? "M" : "L"}${x(p.retention).toFixed(1)},${y(s.value(p)).toFixed(1)}`).join(" ");
          return (
            <g key={s.label}>
              <text x={0} y={top - 4} fontSize={11} fill="var(--fg)">
                {s.label}
              </text>
              <rect x={LEFT} y={top} width={plot} height={PANEL} fill="var(--bg-muted)" stroke="var(--border)" />
              <text x={LEFT - 4} y={top + 10} fontSize={10} textAnchor="end" fill="var(--fg-muted)">
                {hi.toFixed(s.digits)}
              </text>
              <text x={LEFT - 4} y={top + PANEL} fontSize={10} textAnchor="end" fill="var(--fg-muted)">
                {lo.toFixed(s.digits)}
              </text>
              <path d={path} fill="none" strokeWidth={2} className="stroke-brand-600 dark:stroke-[#8fb1ff]" />
              <circle cx={x(best.retention)} cy={y(s.value(best))} r={4} className="fill-brand-600 dark:fill-[#8fb1ff]" />
            </g>
          );
        })}
        <line x1={x(best.retention)} x2={x(best.retention)} y1={TOP} y2={height - GAP} strokeWidth={1.5} className="stroke-[var(--fg)]" />
        {current >= min && current <= max && (
          <line x1={x(current)} x2={x(current)} y1={TOP} y2={height - GAP} strokeWidth={1.5} strokeDasharray="3 2" className="stroke-[var(--fg-muted)]" />
        )}
        {[min, 0.8, 0.9, max].map((r) => (
          <text key={r} x={x(r)} y={height - GAP + 14} fontSize={10} textAnchor="middle" fill="var(--fg-muted)">
            {r.toFixed(2)}
          </text>
        ))}
      </svg>
      <figcaption className="text-sm text-[var(--fg-muted)]">
        Solid line: least time per remembered card ({best.retention.toFixed(2)}). Dashed: your setting ({current.toFixed(2)}).
      </figcaption>
      <details className="text-sm">
        <summary className="cursor-pointer">Every retention, in numbers</summary>
        <div className="mt-2 max-h-64 overflow-auto rounded-md border border-[var(--border)]" tabIndex={0} role="region" aria-label="Simulated cost at each retention">
          <table className="w-full" data-testid="advisor-table">
            <caption className="sr-only">Simulated minutes a day, cards remembered and minutes per remembered card at each desired retention</caption>
            <ColumnHeaders columns={[{ label: "Retention", className: "text-left" }, { label: "Min/day", className: "text-right" }, { label: "Remembered", className: "text-right" }, { label: "Min per card", className: "text-right" }]} cellClassName="px-3 py-1 font-semibold" className="sticky top-0 bg-[var(--bg)]" />
            <tbody>
              {points.map((p) => (
                <tr key={p.retention} className={p.retention === best.retention ? "font-semibold" : undefined}>
                  <th scope="row" className="px-3 py-1 text-left font-normal tabular-nums">
                    {p.retention.toFixed(2)}
                    {p.retention === best.retention ? " (least per card)" : ""}
                  </th>
                  <td className="px-3 py-1 text-right tabular-nums">{p.minutesPerDay.toFixed(1)}</td>
                  <td className="px-3 py-1 text-right tabular-nums">{p.remembered.toFixed(0)}</td>
                  <td className="px-3 py-1 text-right tabular-nums">{p.minutesPerRemembered.toFixed(2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
