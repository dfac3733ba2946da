import type { ReactNode } from "react";
import { cn } from "./cn";

/** A column's header: its text, or the text with classes of its own (alignment, width), or text only a screen reader reads. */
export type Column = string | { label: ReactNode; className?: string; srOnly?: boolean };

interface ColumnHeadersProps {
  columns: Column[];
  /** Classes every header cell has (padding, weight); a column's own classes are added to them. */
  cellClassName?: string;
  rowClassName?: string;
  className?: string;
}

/** A table's <thead>: one row of `<th scope="col">`, so every table names its columns for screen readers the same way. */
export function ColumnHeaders({ columns, cellClassName, rowClassName, className }: ColumnHeadersProps) {
  return (
    <thead className={className}>
      <tr className={rowClassName}>
        {columns.map((column, i) => {
          const { label, className: own, srOnly } = typeof column === "string" ? { label: column, className: undefined, srOnly: false } : column;
          return (
            <th key={i} scope="col" className={cn(cellClassName, own) || undefined}>
              {srOnly ? <span className="sr-only">{label}</span> : label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
