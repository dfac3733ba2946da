import { calendarGrid, level } from "@/lib/analytics/streak";

const FILL = ["var(--bg-muted)", "#bfd2fb", "#7ea3f3", "#3b6fe0", "#1f449e"];

/** A year of reviews as a calendar: one square a day, a tooltip each, and a text summary for screen readers. */
export function ActivityHeatmap({ today, counts }: { today: string; counts: ReadonlyMap<string, number> }) {
  const grid = calendarGrid(today, counts);
  const max = Math.max(1, ...counts.values());
  const cell = 11;
  const gap = 2;
  const total = [...counts.entries()].filter(([d]) => d > grid[0][0].day).reduce((n, [, c]) => n + c, 0);
  const activeDays = [...counts.entries()].filter(([d, c]) => d > grid[0][0].day && c > 0).length;
  return (
    <figure>
      <div className="overflow-x-auto">
        <svg
          viewBox={`0 0 ${grid.length * (cell + gap)} ${7 * (cell + gap)}`}
          className="min-w-[620px]"
          width="100%"
          role="img"
          aria-labelledby="heatmap-title heatmap-desc"
        >
          <title id="heatmap-title">Reviews per day over the past year</title>
          <desc id="heatmap-desc">{`${total} reviews on ${activeDays} days; the busiest day had ${max}.`}</desc>
          {grid.map((week, w) =>
            week.map((d, i) =>
              d.future ? null : (
                <rect key={d.day} x={w * (cell + gap)} y={i * (cell + gap)} width={cell} height={cell} rx={2} fill={FILL[level(d.count, max)]} stroke="var(--border)" strokeWidth={0.5}>
                  <title>{`${d.day}: ${d.count} review${d.count === 1 ? "" : "s"}`}</title>
                </rect>
              ),
            ),
          )}
        </svg>
      </div>
      <figcaption className="mt-1 flex flex-wrap items-center gap-2 text-xs text-[var(--fg-muted)]">
        {total} reviews on {activeDays} days in the past year · fewer
        {FILL.map((f, i) => (
          <span key={i} aria-hidden="true" className="inline-block h-3 w-3 rounded-sm border border-[var(--border)]" style={{ background: f }} />
        ))}
        more
      </figcaption>
    </figure>
  );
}
