import { ColumnHeaders } from "@/components/ui/column-headers";
import type { HeatLevel, HeatmapLayout } from "@/lib/analytics/heatmap";
import { formatDay, formatMonth, plural, shortMonth, weekdayName } from "@/lib/analytics/format";

/** Shades for 0–4, light and dark; the steps differ enough to tell apart, and each day also has its count in a tooltip and the table. */
const LEVEL_CLASS: Record<HeatLevel, string> = {
  0: "fill-[var(--bg-muted)] stroke-[var(--border)]",
  1: "fill-[#c7d7fb] dark:fill-[#1f3363]",
  2: "fill-[#8aa9f0] dark:fill-[#2f55ad]",
  3: "fill-[#3b6fe0] dark:fill-[#5a86ec]",
  4: "fill-[#1f449e] dark:fill-[#a9c3ff]",
};

const CELL = 11;
const STEP = 14;
const LEFT = 30;
const TOP = 16;
/** Room after the last column for a month that begins there: "Dec" at 10 px is wider than one column. */
const RIGHT = 14;

function rangeLabel(min: number, max: number | null): string {
  if (max === null) return `${min}+ reviews`;
  if (max === 0) return "no reviews";
  return min === max ? plural(min, "review") : `${min}–${max} reviews`;
}

/** A year of reviews as a calendar: a square per learning day with its count as a tooltip, a legend, and a month-by-month table for screen readers. */
export function ActivityHeatmap({ id, layout }: { id: string; layout: HeatmapLayout }) {
  const width = LEFT + layout.weeks.length * STEP + RIGHT;
  const height = TOP + 7 * STEP;
  const usedLevels = layout.levels.filter((l) => l.max === null || l.min <= l.max);
  const summary = `${plural(layout.total, "review")} on ${plural(layout.activeDays, "day")} between ${formatDay(layout.first)} and ${formatDay(layout.last)}.`;
  return (
    <figure className="space-y-2">
      {/* Scrolls on narrow screens, starting from the most recent weeks (right-to-left scroll origin). */}
      <div className="overflow-x-auto [direction:rtl]" tabIndex={0} role="region" aria-label="Activity calendar (scrolls sideways)">
        <svg
          viewBox={`0 0 ${width} ${height}`}
          width="100%"
          className="mr-auto block min-w-[640px] max-w-[900px] [direction:ltr]"
          role="img"
          aria-labelledby={`${id}-title ${id}-desc`}
        >
          <title id={`${id}-title`}>Reviews per day over the past year</title>
          <desc id={`${id}-desc`}>{summary} Darker squares are busier days; the table below lists the numbers by month.</desc>
          {layout.monthStarts.map(({ week, month }) => (
            <text key={month} x={LEFT + week * STEP} y={10} fontSize={10} fill="var(--fg-muted)">
              {shortMonth(month)}
            </text>
          ))}
          {layout.weekdays.map((weekday, row) =>
            row % 2 === 0 ? (
              <text key={weekday} x={0} y={TOP + row * STEP + CELL - 1} fontSize={10} fill="var(--fg-muted)">
                {weekdayName(weekday)}
              </text>
            ) : null,
          )}
          {layout.weeks.map((week, column) =>
            week.map((cell, row) =>
              cell ? (
                <rect
                  key={cell.day}
                  x={LEFT + column * STEP}
                  y={TOP + row * STEP}
                  width={CELL}
                  height={CELL}
                  rx={2}
                  className={LEVEL_CLASS[cell.level]}
                  data-level={cell.level}
                >
                  <title>{`${formatDay(cell.day)}: ${cell.count === 0 ? "no reviews" : plural(cell.count, "review")}`}</title>
                </rect>
              ) : null,
            ),
          )}
        </svg>
      </div>
      <figcaption className="flex flex-wrap items-center justify-between gap-2 text-sm text-[var(--fg-muted)]">
        <span>{summary}</span>
        <span className="flex items-center gap-1" aria-hidden="true">
          Less
          <svg width={usedLevels.length * STEP} height={CELL} className="inline-block">
            {usedLevels.map((l, i) => (
              <rect key={l.level} x={i * STEP} y={0} width={CELL} height={CELL} rx={2} className={LEVEL_CLASS[l.level]}>
                <title>{rangeLabel(l.min, l.max)}</title>
              </rect>
            ))}
          </svg>
          More
        </span>
      </figcaption>
      {/* Visually hidden on a wrapper: a table ignores the width and overflow that hide it. */}
      <div className="sr-only">
        <table>
          <caption>Reviews by month over the past year</caption>
          <ColumnHeaders columns={["Month", "Reviews", "Days with reviews"]} />
          <tbody>
            {layout.months.map((m) => (
              <tr key={m.month}>
                <th scope="row">{formatMonth(m.month)}</th>
                <td>{m.reviews}</td>
                <td>{m.activeDays}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
