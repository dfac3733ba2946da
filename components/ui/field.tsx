import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn";

export const inputClass =
  "block w-full rounded-md border border-[var(--border)] bg-[var(--bg)] px-3 py-2 text-base text-[var(--fg)] placeholder:text-[var(--fg-muted)] aria-[invalid=true]:border-red-600";

interface FieldProps {
  id: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  children?: ReactNode;
}

/** A labelled control with its hint and error wired to aria-describedby. */
export function Field({ id, label, error, hint, children }: FieldProps) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {children}
      {hint && !error && (
        <p id={`${id}-hint`} className="text-sm text-[var(--fg-muted)]">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="text-sm font-medium text-red-700 dark:text-red-400" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

export function Input({ id, error, className, ...props }: ComponentProps<"input"> & { id: string; error?: string }) {
  return (
    <input
      id={id}
      aria-invalid={error ? true : undefined}
      aria-describedby={error ? `${id}-error` : `${id}-hint`}
      className={cn(inputClass, className)}
      {...props}
    />
  );
}

/** The common case of Field around Input: a labelled text box whose error is shown under it and marks it invalid. */
export function TextField({ label, hint, ...input }: ComponentProps<"input"> & { id: string; label: string; hint?: ReactNode; error?: string }) {
  return (
    <Field id={input.id} label={label} error={input.error} hint={hint}>
      <Input {...input} />
    </Field>
  );
}
