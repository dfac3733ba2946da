import { ColumnHeaders } from "@/components/ui/column-headers";
import type { PassCount, TrueRetentionRow } from "@/lib/analytics/true-retention";
import { formatPercent } from "@/lib/analytics/format";

function Cell({ count, desired }: { count: PassCount; desired: number }) {
  if (count.rate === null) return <td className="px-2 py-1 text-right text-[var(--fg-muted)]">—</td>;
  // Two points under the target is within the noise of a few dozen reviews; more is worth a look.
  const below = count.reviews >= 20 && count.rate < desired - 0.02;
  return (
    <td className="px-2 py-1 text-right tabular-nums">
      <span className={below ? "font-semibold text-red-700 dark:text-red-300" : undefined}>{formatPercent(count.rate, 1)}</span>
      <span className="block text-xs text-[var(--fg-muted)]">
        {count.passed}/{count.reviews}
        {below ? " · below target" : ""}
      </span>
    </td>
  );
}

/** Anki's true-retention table: pass rate of young and mature cards per period, beside the target. */
export function TrueRetentionTable({ rows, desired }: { rows: TrueRetentionRow[]; desired: number }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="true-retention">
        <caption className="mb-1 text-left text-sm text-[var(--fg-muted)]">
          Reviews of learned cards passed (Hard, Good or Easy), young cards (interval under 21 days) and mature ones. Your target is{" "}
          {formatPercent(desired)}.
        </caption>
        <ColumnHeaders columns={[{ label: "Period", className: "text-left" }, { label: "Young", className: "text-right" }, { label: "Mature", className: "text-right" }, { label: "All", className: "text-right" }]} cellClassName="px-2 py-1 font-semibold" />
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} className="border-t border-[var(--border)]">
              <th scope="row" className="px-2 py-1 text-left font-normal">
                {r.label}
              </th>
              <Cell count={r.young} desired={desired} />
              <Cell count={r.mature} desired={desired} />
              <Cell count={r.all} desired={desired} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
