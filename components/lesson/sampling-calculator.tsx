"use client";

import { useId, useState } from "react";
import { samplingCost, type SamplingInputs } from "@/lib/tracing/sampling-cost";

const FIELDS = [
  { key: "requestsPerSecond", label: "Requests per second", unit: "req/s", initial: "1000", max: 1e9 },
  { key: "spansPerRequest", label: "Spans per request", unit: "spans", initial: "10", max: 1e6 },
  { key: "bytesPerSpan", label: "Bytes per span", unit: "B", initial: "250", max: 1e7 },
  { key: "headRate", label: "Head sampling rate", unit: "%", initial: "10", max: 100 },
  { key: "errorShare", label: "Traces with an error", unit: "%", initial: "1", max: 100 },
  { key: "errorKeep", label: "Error traces kept", unit: "%", initial: "100", max: 100 },
  { key: "slowShare", label: "Slow traces", unit: "%", initial: "2", max: 100 },
  { key: "slowKeep", label: "Slow traces kept", unit: "%", initial: "100", max: 100 },
  { key: "baseKeep", label: "Other traces kept", unit: "%", initial: "5", max: 100 },
  { key: "decisionWaitSeconds", label: "Tail decision wait", unit: "s", initial: "30", max: 3600 },
] as const;

type Key = (typeof FIELDS)[number]["key"];

function human(n: number): string {
  const units: [number, string][] = [[1e12, " T"], [1e9, " B"], [1e6, " M"], [1e3, " k"]];
  for (const [size, suffix] of units) if (n >= size) return `${(n / size).toFixed(n / size >= 100 ? 0 : 1)}${suffix}`;
  return n.toFixed(n < 10 ? 1 : 0);
}

function bytes(n: number): string {
  const units: [number, string][] = [[1e12, "TB"], [1e9, "GB"], [1e6, "MB"], [1e3, "kB"]];
  for (const [size, suffix] of units) if (n >= size) return `${(n / size).toFixed(1)} ${suffix}`;
  return `${n.toFixed(0)} B`;
}

export function SamplingCalculator() {
  const base = useId();
  const [values, setValues] = useState<Record<Key, string>>(() => Object.fromEntries(FIELDS.map((f) => [f.key, f.initial])) as Record<Key, string>);
  const errors: Partial<Record<Key, string>> = {};
  const numbers = {} as Record<Key, number>;
  for (const f of FIELDS) {
    const n = Number(values[f.key]);
    if (values[f.key].trim() === "" || !Number.isFinite(n)) errors[f.key] = "Enter a number.";
    else if (n < 0) errors[f.key] = "Must not be negative.";
    else if (n > f.max) errors[f.key] = `At most ${f.max.toLocaleString("en-US")}.`;
    numbers[f.key] = n;
  }
  if (!errors.errorShare && !errors.slowShare && numbers.errorShare + numbers.slowShare > 100) errors.slowShare = "Errors and slow traces together cannot exceed 100%.";
  // While a field is invalid the results are withdrawn, not left showing figures for inputs no longer on screen.
  const invalid = FIELDS.filter((f) => errors[f.key]);
  const inputs: SamplingInputs | null =
    invalid.length === 0
      ? {
          requestsPerSecond: numbers.requestsPerSecond,
          spansPerRequest: numbers.spansPerRequest,
          bytesPerSpan: numbers.bytesPerSpan,
          headRate: numbers.headRate / 100,
          tail: {
            errorShare: numbers.errorShare / 100,
            errorKeep: numbers.errorKeep / 100,
            slowShare: numbers.slowShare / 100,
            slowKeep: numbers.slowKeep / 100,
            baseKeep: numbers.baseKeep / 100,
          },
          decisionWaitSeconds: numbers.decisionWaitSeconds,
        }
      : null;
  const cost = inputs ? samplingCost(inputs) : null;

  return (
    <div className="not-prose my-6 rounded-lg border border-[var(--border)] p-4">
      <p className="mb-3 text-sm font-bold uppercase tracking-wide text-[var(--fg-muted)]">Sampling cost calculator</p>
      <div className="grid gap-3 sm:grid-cols-2">
        {FIELDS.map((f) => (
          <div key={f.key}>
            <label htmlFor={`${base}-${f.key}`} className="block text-sm font-medium">
              {f.label} ({f.unit})
            </label>
            <input
              id={`${base}-${f.key}`}
              inputMode="decimal"
              value={values[f.key]}
              onChange={(e) => setValues((v) => ({ ...v, [f.key]: e.target.value }))}
              aria-invalid={errors[f.key] ? true : undefined}
              aria-describedby={errors[f.key] ? `${base}-${f.key}-error` : undefined}
              className="w-full rounded-md border border-[var(--border)] bg-[var(--bg)] px-3 py-1.5"
            />
            {errors[f.key] && (
              <p id={`${base}-${f.key}-error`} className="text-sm text-red-700 dark:text-red-400">
                {errors[f.key]}
              </p>
            )}
          </div>
        ))}
      </div>
      <p role="status" className="mt-4 text-sm font-medium text-red-700 empty:hidden dark:text-red-400" data-testid="calculator-status">
        {cost ? "" : `No results while ${invalid.length === 1 ? "a field is" : `${invalid.length} fields are`} invalid: fix ${invalid.map((f) => f.label.toLowerCase()).join(", ")}.`}
      </p>
      {cost && (
        <dl className="mt-4 grid gap-2 text-sm sm:grid-cols-2" aria-live="polite" data-testid="calculator-results">
          <div><dt className="text-[var(--fg-muted)]">Spans produced per day</dt><dd className="text-lg font-semibold">{human(cost.spansPerDayProduced)}</dd></div>
          <div><dt className="text-[var(--fg-muted)]">Spans into the collector per day (after head sampling)</dt><dd className="text-lg font-semibold">{human(cost.spansPerDayIntoCollector)} · {bytes(cost.bytesPerDayIntoCollector)}</dd></div>
          <div><dt className="text-[var(--fg-muted)]">Spans stored per day (after tail policies)</dt><dd className="text-lg font-semibold">{human(cost.spansPerDayStored)} · {bytes(cost.bytesPerDayStored)}</dd></div>
          <div><dt className="text-[var(--fg-muted)]">Collector load</dt><dd className="text-lg font-semibold">{human(cost.collectorSpansPerSecond)} spans/s</dd></div>
          <div><dt className="text-[var(--fg-muted)]">Traces held by the tail sampler (rate × decision wait)</dt><dd className="text-lg font-semibold">{human(cost.tracesBufferedInTailSampler)}</dd></div>
          <div><dt className="text-[var(--fg-muted)]">Share of spans kept</dt><dd className="text-lg font-semibold">{(cost.keptFraction * 100).toPrecision(3)}%</dd></div>
        </dl>
      )}
      <p className="mt-3 text-xs text-[var(--fg-muted)]">
        Assumptions: uncompressed span size; error and slow traces counted as separate shares; the tail sampler sees only what head sampling kept.
      </p>
    </div>
  );
}
