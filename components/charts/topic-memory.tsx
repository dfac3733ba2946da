import Link from "next/link";
import { ColumnHeaders } from "@/components/ui/column-headers";
import type { TopicMemory } from "@/lib/learners/get-dashboard";
import { formatPercent, plural } from "@/lib/analytics/format";

/**
 * How well each topic is held now (mean probability of recall of its cards), weakest first. A table
 * rather than an SVG image: every row carries two links (the topic, a review of it), and links
 * inside an image are hidden from assistive technology. The bars are decoration over the numbers.
 * The weakest `visible` topics show; the rest fold away.
 */
export function TopicMemoryChart({ topics, desired, visible = 10 }: { topics: TopicMemory[]; desired: number; visible?: number }) {
  const rest = topics.length - visible;
  return (
    <>
      <TopicTable topics={topics.slice(0, visible)} desired={desired} />
      {rest > 0 && (
        <details className="mt-2">
          <summary className="cursor-pointer text-sm text-[var(--fg-muted)]">{`Show ${plural(rest, "more topic")}`}</summary>
          <TopicTable topics={topics.slice(visible)} desired={desired} />
        </details>
      )}
    </>
  );
}

function TopicTable({ topics, desired }: { topics: TopicMemory[]; desired: number }) {
  return (
    <table className="w-full text-sm">
      <caption className="sr-only">Memory by topic: probability of recalling the topic&apos;s cards now, weakest first, against your target of {formatPercent(desired)}</caption>
      <ColumnHeaders columns={["Topic", { label: "Recall now", className: "w-2/5" }, { label: "Review", className: "text-right", srOnly: true }]} cellClassName="pb-2 font-medium" className="text-left text-[var(--fg-muted)]" />
      <tbody>
        {topics.map((t) => {
          const r = t.retrievability;
          const below = r !== null && r < desired;
          return (
            <tr key={t.topicId} className="border-t border-[var(--border)]">
              <th scope="row" className="py-2 pr-2 text-left font-normal">
                <Link href={`/topics/${t.topicId}`} className="font-medium underline-offset-2 hover:underline">
                  {t.title}
                </Link>
                <span className="block text-xs text-[var(--fg-muted)]">{plural(t.cards, "card")}</span>
              </th>
              <td className="py-2 pr-2">
                <div className="flex items-center gap-2">
                  <svg viewBox="0 0 100 10" preserveAspectRatio="none" className="h-2.5 w-full min-w-12" aria-hidden="true">
                    <rect x={0} y={0} width={100} height={10} rx={2} fill="var(--bg-muted)" stroke="var(--border)" vectorEffect="non-scaling-stroke" />
                    {r !== null && (
                      <rect x={0} y={0} width={r * 100} height={10} rx={2} className={below ? "fill-amber-700 dark:fill-amber-400" : "fill-brand-600 dark:fill-[#8fb1ff]"} />
                    )}
                    <line x1={desired * 100} x2={desired * 100} y1={0} y2={10} className="stroke-[var(--fg)]" strokeWidth={1.5} vectorEffect="non-scaling-stroke" />
                  </svg>
                  <span className="w-10 shrink-0 text-right tabular-nums">{formatPercent(r)}</span>
                </div>
                {below && <span className="sr-only"> (below your target)</span>}
              </td>
              <td className="py-2 text-right">
                <Link
                  href={`/review?topic=${encodeURIComponent(t.topicId)}`}
                  className="whitespace-nowrap rounded px-1 text-brand-700 underline underline-offset-2 dark:text-[#9db9ff]"
                  aria-label={`Review ${t.title}${t.dueNow ? `: ${t.dueNow} due` : ""}`}
                >
                  Review{t.dueNow > 0 ? ` (${t.dueNow})` : ""}
                </Link>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
