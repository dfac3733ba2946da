import { cn } from "./cn";

/** A report's headline numbers as a definition list: each figure's name over its value, in a grid of tiles. */
export function Figures({ figures, className, testId }: { figures: [label: string, value: string][]; className: string; testId: string }) {
  return (
    <dl className={cn("grid gap-4", className)} data-testid={testId}>
      {figures.map(([label, value]) => (
        <div key={label} className="rounded-lg border border-[var(--border)] bg-[var(--bg)] p-4 shadow-sm">
          <dt className="text-sm text-[var(--fg-muted)]">{label}</dt>
          <dd className="text-2xl font-bold tabular-nums">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
