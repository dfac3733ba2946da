import type { ComponentProps } from "react";
import { cn } from "./cn";

export function Card({ className, ...props }: ComponentProps<"section">) {
  return <section className={cn("rounded-lg border border-[var(--border)] bg-[var(--bg)] p-5 shadow-sm", className)} {...props} />;
}

export function Badge({ className, ...props }: ComponentProps<"span">) {
  return (
    <span
      className={cn("inline-flex items-center rounded-full border border-[var(--border)] px-2 py-0.5 text-xs font-medium", className)}
      {...props}
    />
  );
}

export function Alert({ kind = "error", className, ...props }: ComponentProps<"div"> & { kind?: "error" | "success" | "info" }) {
  const tone = {
    error: "border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100",
    success: "border-green-300 bg-green-50 text-green-900 dark:border-green-800 dark:bg-green-950 dark:text-green-100",
    info: "border-brand-100 bg-brand-50 text-brand-700 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100",
  }[kind];
  return <div role={kind === "error" ? "alert" : "status"} className={cn("rounded-md border px-4 py-3 text-sm", tone, className)} {...props} />;
}

export function PageTitle({ className, ...props }: ComponentProps<"h1">) {
  return <h1 className={cn("text-2xl font-bold tracking-tight sm:text-3xl", className)} {...props} />;
}
