import type { KeyFigure } from "@/lib/catalog/get-lesson";

export function KeyFiguresPanel({ items }: { items: KeyFigure[] }) {
  if (!items.length) return null;
  return (
    <aside aria-label="Key figures" className="not-prose my-6 rounded-lg border border-[var(--border)] p-4">
      <p className="mb-3 text-sm font-bold uppercase tracking-wide text-[var(--fg-muted)]">Key figures</p>
      <dl className="grid gap-3 sm:grid-cols-2">
        {items.map((f) => (
          <div key={f.label} className="rounded-md bg-[var(--bg-muted)] p-3">
            <dt className="text-sm text-[var(--fg-muted)]">{f.label}</dt>
            <dd className="text-lg font-semibold">{f.value}</dd>
          </div>
        ))}
      </dl>
    </aside>
  );
}
