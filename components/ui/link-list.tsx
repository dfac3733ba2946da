import type { ReactNode } from "react";
import Link from "next/link";

export interface LinkListItem {
  href: string;
  label: ReactNode;
  /** What follows the link on its line: a date, where it comes from, why it is listed. */
  note?: ReactNode;
}

/** A list of links, each with an optional note after it (courses with their target dates, related lessons, topics). */
export function LinkList({ items, className, linkClassName = "underline" }: { items: LinkListItem[]; className?: string; linkClassName?: string }) {
  return (
    <ul className={className}>
      {items.map((item) => (
        <li key={item.href}>
          <Link href={item.href} className={linkClassName}>
            {item.label}
          </Link>
          {item.note}
        </li>
      ))}
    </ul>
  );
}
