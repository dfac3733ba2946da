import { ColumnHeaders } from "@/components/ui/column-headers";
import type { WorkloadDay } from "@/lib/srs/replay";
import { formatDay, plural } from "@/lib/analytics/format";

function Bar({ value, max, className }: { value: number; max: number; className: string }) {
  return <span aria-hidden="true" className={`inline-block h-2 rounded-sm align-middle ${className}`} style={{ width: `${max === 0 ? 0 : (value / max) * 100}%` }} />;
}

/**
 * Cards due on each of the next days before and after a reschedule, as a table (read as numbers by
 * screen readers) with a bar in each cell for the eye. Overdue cards count on today.
 */
export function ReschedulePreview({ days }: { days: WorkloadDay[] }) {
  const max = Math.max(0, ...days.flatMap((d) => [d.before, d.after]));
  const week = (key: "before" | "after") => days.slice(0, 7).reduce((n, d) => n + d[key], 0);
  const month = (key: "before" | "after") => days.reduce((n, d) => n + d[key], 0);
  return (
    <figure className="space-y-2">
      <figcaption className="text-sm">
        Next 7 days: {plural(week("before"), "review")} → {week("after")}; next {days.length} days: {month("before")} → {month("after")}.
      </figcaption>
      <div className="max-h-72 overflow-auto rounded-md border border-[var(--border)]" tabIndex={0} role="region" aria-label="Cards due per day, before and after">
        <table className="w-full text-sm" data-testid="reschedule-preview">
          <caption className="sr-only">Cards due on each of the next {days.length} days, before and after rescheduling</caption>
          <ColumnHeaders columns={[{ label: "Day", className: "text-left" }, { label: "Before", className: "text-right" }, { label: "After", className: "text-right" }, { label: "Bars", className: "w-1/3 text-left", srOnly: true }]} cellClassName="px-3 py-1 font-semibold" className="sticky top-0 bg-[var(--bg)]" />
          <tbody>
            {days.map((d, i) => (
              <tr key={d.day} className="border-t border-[var(--border)]">
                <th scope="row" className="whitespace-nowrap px-3 py-1 text-left font-normal">
                  {i === 0 ? "Today" : formatDay(d.day, { year: false })}
                </th>
                <td className="px-3 py-1 text-right tabular-nums">{d.before}</td>
                <td className="px-3 py-1 text-right tabular-nums font-semibold">{d.after}</td>
                <td className="px-3 py-1">
                  <span className="flex flex-col gap-0.5">
                    <Bar value={d.before} max={max} className="bg-slate-400 dark:bg-slate-500" />
                    <Bar value={d.after} max={max} className="bg-brand-600 dark:bg-[#8fb1ff]" />
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
