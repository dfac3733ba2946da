import type { ReactNode } from "react";

const STYLES = {
  note: { label: "Note", cls: "border-sky-600 bg-sky-50 dark:bg-sky-950" },
  tip: { label: "Tip", cls: "border-green-700 bg-green-50 dark:bg-green-950" },
  warning: { label: "Warning", cls: "border-amber-600 bg-amber-50 dark:bg-amber-950" },
  misconception: { label: "Common misconception", cls: "border-rose-600 bg-rose-50 dark:bg-rose-950" },
} as const;

export function Callout({ kind = "note", children }: { kind?: keyof typeof STYLES; children?: ReactNode }) {
  const style = STYLES[kind] ?? STYLES.note;
  return (
    <aside className={`my-5 rounded-md border-l-4 px-4 py-2 ${style.cls}`} aria-label={style.label}>
      <p className="!mb-1 !mt-2 text-sm font-bold uppercase tracking-wide">{style.label}</p>
      {children}
    </aside>
  );
}
