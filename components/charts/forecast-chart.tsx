import { ColumnHeaders } from "@/components/ui/column-headers";
import type { ForecastDay } from "@/lib/analytics/forecast";
import { formatDay, plural } from "@/lib/analytics/format";

const WIDTH = 360;
const HEIGHT = 170;
const LEFT = 28;
const RIGHT = 4;
const TOP = 8;
const BOTTOM = 22;

/** A round axis maximum at or above the busiest day, with a whole-number midpoint: 4, 6, 8, 10, 20, 40, 60… */
export function niceCeiling(value: number): number {
  if (value <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 4, 6, 8, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

/** Cards coming due on each of the next days, overdue cards stacked on today's bar. */
export function ForecastChart({ id, days }: { id: string; days: ForecastDay[] }) {
  const totals = days.map((d) => d.due + d.overdue);
  const max = niceCeiling(Math.max(0, ...totals));
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const slot = plotWidth / days.length;
  const y = (n: number) => TOP + plotHeight - (n / max) * plotHeight;
  const sum = totals.reduce((a, b) => a + b, 0);
  const busiest = days.reduce((best, d, i) => (totals[i]! > totals[best]! ? i : best), 0);
  const overdue = days[0]?.overdue ?? 0;
  const description =
    sum === 0
      ? `Nothing comes due in the next ${days.length} days.`
      : `${plural(sum, "card")} due in the next ${days.length} days${overdue ? `, ${overdue} of them already overdue` : ""}; the busiest day is ${formatDay(days[busiest]!.day)} with ${totals[busiest]}.`;
  return (
    <figure className="space-y-2">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" className="max-w-[540px]" role="img" aria-labelledby={`${id}-title ${id}-desc`}>
        <title id={`${id}-title`}>{`Reviews due over the next ${days.length} days`}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {[0, max / 2, max].map((tick) => (
          <g key={tick}>
            <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(tick)} y2={y(tick)} stroke="var(--border)" strokeDasharray={tick === 0 ? undefined : "2 3"} />
            <text x={LEFT - 4} y={y(tick) + 3.5} fontSize={12} textAnchor="end" fill="var(--fg-muted)">
              {tick}
            </text>
          </g>
        ))}
        {days.map((d, i) => {
          const x = LEFT + i * slot + slot * 0.15;
          const w = slot * 0.7;
          const dueTop = y(d.due + d.overdue);
          const overdueTop = y(d.overdue);
          return (
            <g key={d.day}>
              <title>{`${i === 0 ? "Today" : formatDay(d.day)}: ${plural(d.due + d.overdue, "card")}${d.overdue ? ` (${d.overdue} overdue)` : ""}`}</title>
              {d.overdue > 0 && <rect x={x} y={overdueTop} width={w} height={y(0) - overdueTop} className="fill-amber-700 dark:fill-amber-400" />}
              {d.due > 0 && <rect x={x} y={dueTop} width={w} height={overdueTop - dueTop} className="fill-brand-600 dark:fill-[#8fb1ff]" />}
              {/* A full-height transparent target so the tooltip works on short bars too. */}
              <rect x={LEFT + i * slot} y={TOP} width={slot} height={plotHeight} fill="transparent" />
            </g>
          );
        })}
        {days.map((d, i) =>
          i % 7 === 0 ? (
            <text key={d.day} x={LEFT + i * slot + slot / 2} y={HEIGHT - 6} fontSize={12} textAnchor={i === 0 ? "start" : "middle"} fill="var(--fg-muted)">
              {i === 0 ? "Today" : formatDay(d.day, { year: false, weekday: false })}
            </text>
          ) : null,
        )}
      </svg>
      <figcaption className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-[var(--fg-muted)]">
        <span>{description}</span>
        <span className="flex items-center gap-3" aria-hidden="true">
          <span className="flex items-center gap-1">
            <span className="inline-block size-3 rounded-sm bg-brand-600 dark:bg-[#8fb1ff]" /> due
          </span>
          {overdue > 0 && (
            <span className="flex items-center gap-1">
              <span className="inline-block size-3 rounded-sm bg-amber-700 dark:bg-amber-400" /> overdue
            </span>
          )}
        </span>
      </figcaption>
      {/* Visually hidden on a wrapper: a table ignores the width and overflow that hide it. */}
      <div className="sr-only">
        <table>
          <caption>Cards due per day over the next {days.length} days</caption>
          <ColumnHeaders columns={["Day", "Cards due", "Of which overdue"]} />
          <tbody>
            {days.map((d, i) => (
              <tr key={d.day}>
                <th scope="row">{i === 0 ? `Today, ${formatDay(d.day)}` : formatDay(d.day)}</th>
                <td>{d.due + d.overdue}</td>
                <td>{d.overdue}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
