import { Fragment } from "react";
import Link from "next/link";
import { cn } from "./cn";

/** The pages above this one, outermost first, as links separated by "/". */
export function Breadcrumb({ trail, className }: { trail: { href: string; label: string }[]; className?: string }) {
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
    </nav>
  );
}
