import { Fragment } from "react";
import Link from "next/link";
import { cn } from "./cn";

/** The pages above this one, outermost first, as links separated by "/"; then, if given, this page's own name. */
export function Breadcrumb({ trail, current, className }: { trail: { href: string; label: string }[]; current?: string; className?: string }) {
  return (
    <nav aria-label="Breadcrumb" className={cn("text-sm text-[var(--fg-muted)]", className)}>
      {trail.map((step, i) => (
        <Fragment key={step.href}>
          {i > 0 && " / "}
          <Link href={step.href} className="underline">
            {step.label}
          </Link>
        </Fragment>
      ))}
      {current && <span aria-current="page"> / {current}</span>}
    </nav>
  );
}
