"use client";

import { useId, useState } from "react";
import { ColumnHeaders } from "@/components/ui/column-headers";
import { parseTraceparent } from "@/lib/tracing/traceparent";

const EXAMPLES: [string, string][] = [
  ["Sampled", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"],
  ["Not sampled", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"],
  ["Upper-case hex", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"],
  ["All-zero trace-id", "00-00000000000000000000000000000000-00f067aa0ba902b7-01"],
  ["Version ff", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"],
  ["Future version", "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"],
];

export function TraceparentDecoder({ initial = EXAMPLES[0][1] }: { initial?: string }) {
  const [value, setValue] = useState(initial);
  const id = useId();
  const result = parseTraceparent(value);
  return (
    <div className="not-prose my-6 rounded-lg border border-[var(--border)] p-4">
      <p className="mb-2 text-sm font-bold uppercase tracking-wide text-[var(--fg-muted)]">traceparent decoder</p>
      <label htmlFor={id} className="mb-1 block text-sm font-medium">
        A traceparent header
      </label>
      <input
        id={id}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        spellCheck={false}
        className="w-full rounded-md border border-[var(--border)] bg-[var(--bg)] px-3 py-2 font-mono text-sm"
      />
      <div className="mt-2 flex flex-wrap gap-2" role="group" aria-label="Examples">
        {EXAMPLES.map(([label, header]) => (
          <button key={label} type="button" onClick={() => setValue(header)} className="rounded-md border border-[var(--border)] px-2 py-1 text-xs hover:bg-[var(--bg-muted)]">
            {label}
          </button>
        ))}
      </div>
      <p aria-live="polite" className={`mt-3 font-semibold ${result.valid ? "text-green-800 dark:text-green-300" : "text-red-700 dark:text-red-400"}`}>
        {result.valid ? `Valid. ${result.sampled ? "Sampled: the caller may have recorded its span." : "Not sampled: the caller did not record."}` : `Invalid: ${result.error}`}
      </p>
      {!result.valid && <p className="text-sm">{result.action}</p>}
      {result.valid && result.warnings.map((w) => <p key={w} className="text-sm">{w}</p>)}
      <div className="mt-3 overflow-x-auto">
        <table className="w-full text-left text-sm">
          <ColumnHeaders columns={["Field", "Value", "Size", "Meaning"]} cellClassName="py-1 pr-3" rowClassName="border-b border-[var(--border)]" />
          <tbody>
            {result.fields.map((f) => (
              <tr key={f.name} className="border-b border-[var(--border)] align-top">
                <td className="py-1 pr-3 font-medium">{f.name}</td>
                <td className="break-all py-1 pr-3 font-mono">{f.value}</td>
                <td className="py-1 pr-3">{f.bytes} B</td>
                <td className="py-1">
                  {f.meaning}
                  {f.problem && <span className="block font-medium text-red-700 dark:text-red-400">Problem: {f.problem}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
