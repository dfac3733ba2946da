"use client";

import Link from "next/link";
import { useMemo, useState } from "react";

export interface LearnerRowView {
  userId: string;
  name: string;
  email: string;
  lessonsRead: number;
  lessonsAssigned: number;
  cards: number;
  dueNow: number;
  overdue: number;
  leeches: number;
  retention30: number | null;
  retentionReviews30: number;
  reviews7: number;
  /** ISO instant. */
  lastActiveAt: string | null;
  risks: { code: string; message: string }[];
}

type Key = "name" | "lessonsRead" | "cards" | "dueNow" | "overdue" | "leeches" | "retention30" | "reviews7" | "lastActiveAt" | "risk";

const COLUMNS: { key: Key; label: string; numeric: boolean }[] = [
  { key: "name", label: "Learner", numeric: false },
  { key: "lessonsRead", label: "Lessons read", numeric: true },
  { key: "cards", label: "Cards", numeric: true },
  { key: "dueNow", label: "Due now", numeric: true },
  { key: "overdue", label: "Overdue", numeric: true },
  { key: "leeches", label: "Leeches", numeric: true },
  { key: "retention30", label: "Retention 30 d", numeric: true },
  { key: "reviews7", label: "Reviews 7 d", numeric: true },
  { key: "lastActiveAt", label: "Last active", numeric: true },
  { key: "risk", label: "At risk", numeric: false },
];

function value(row: LearnerRowView, key: Key): number | string | null {
  switch (key) {
    case "name":
      return row.name.toLowerCase();
    case "lastActiveAt":
      return row.lastActiveAt ? Date.parse(row.lastActiveAt) : null;
    case "risk":
      return row.risks.length;
    default:
      return row[key];
  }
}

function ago(iso: string | null, now: number): string {
  if (!iso) return "never";
  const days = Math.floor((now - Date.parse(iso)) / 86_400_000);
  if (days <= 0) return "today";
  if (days === 1) return "yesterday";
  return `${days} days ago`;
}

/** The cohort's learners, sortable by any column (click or Enter on a header); at-risk learners first by default. */
export function LearnersTable({ cohortId, rows, now }: { cohortId: string; rows: LearnerRowView[]; now: number }) {
  const [sort, setSort] = useState<{ key: Key; dir: "asc" | "desc" }>({ key: "risk", dir: "desc" });
  const sorted = useMemo(() => {
    const out = [...rows];
    out.sort((a, b) => {
      const va = value(a, sort.key);
      const vb = value(b, sort.key);
      // Missing values go last whichever the direction.
      if (va === null && vb === null) return a.name.localeCompare(b.name);
      if (va === null) return 1;
      if (vb === null) return -1;
      const c = va < vb ? -1 : va > vb ? 1 : 0;
      return (sort.dir === "asc" ? c : -c) || a.name.localeCompare(b.name);
    });
    return out;
  }, [rows, sort]);
  if (rows.length === 0) {
    return <p className="text-[var(--fg-muted)]">No learner has joined yet. Send them the join code or link above.</p>;
  }
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[48rem] text-left text-sm" data-testid="learners-table">
        <caption className="sr-only">Learners of the cohort; column headers sort the table.</caption>
        <thead>
          <tr className="border-b border-[var(--border)]">
            {COLUMNS.map((col) => {
              const active = sort.key === col.key;
              return (
                <th key={col.key} scope="col" aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : "none"} className={`py-2 pr-3 ${col.numeric ? "text-right" : ""}`}>
                  <button
                    type="button"
                    className="font-semibold underline-offset-2 hover:underline"
                    onClick={() => setSort({ key: col.key, dir: active && sort.dir === "desc" ? "asc" : active ? "desc" : col.numeric || col.key === "risk" ? "desc" : "asc" })}
                  >
                    {col.label}
                    <span aria-hidden="true">{active ? (sort.dir === "asc" ? " ▲" : " ▼") : ""}</span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={r.userId} className="border-b border-[var(--border)] align-top" data-testid={`learner-row-${r.email}`}>
              <th scope="row" className="py-2 pr-3 font-normal">
                <Link href={`/instructor/cohorts/${cohortId}/learners/${r.userId}`} className="font-medium underline-offset-2 hover:underline">
                  {r.name}
                </Link>
                <div className="text-xs text-[var(--fg-muted)]">{r.email}</div>
              </th>
              <td className="py-2 pr-3 text-right tabular-nums">
                {r.lessonsRead} / {r.lessonsAssigned}
              </td>
              <td className="py-2 pr-3 text-right tabular-nums">{r.cards}</td>
              <td className="py-2 pr-3 text-right tabular-nums">{r.dueNow}</td>
              <td className="py-2 pr-3 text-right tabular-nums">{r.overdue}</td>
              <td className="py-2 pr-3 text-right tabular-nums">{r.leeches}</td>
              <td className="py-2 pr-3 text-right tabular-nums" title={`${r.retentionReviews30} reviews of learned cards`}>
                {r.retention30 === null ? "—" : `${Math.round(r.retention30 * 100)}%`}
              </td>
              <td className="py-2 pr-3 text-right tabular-nums">{r.reviews7}</td>
              <td className="py-2 pr-3 text-right">{ago(r.lastActiveAt, now)}</td>
              <td className="py-2">
                {r.risks.length === 0 ? (
                  <span className="text-[var(--fg-muted)]">No</span>
                ) : (
                  <ul className="space-y-0.5">
                    {r.risks.map((risk) => (
                      <li key={risk.code + risk.message} className="font-medium text-red-700 dark:text-red-400">
                        {risk.message}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
