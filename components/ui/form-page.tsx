import type { ReactNode } from "react";
import Link from "next/link";
import { Card, PageTitle } from "./card";

/** A link under the form to a neighbouring page ("New here? Create an account"). */
export interface FormPageLink {
  lead?: string;
  href: string;
  label: string;
}

/**
 * The account pages (sign in, sign up, forgotten and new password): a title, the form in a card, the
 * links to each other below. `notice` goes above the card (why the last attempt failed), `after`
 * below it (the sign-in page's other services).
 */
export function FormPage({ title, children, links = [], notice, after }: { title: string; children: ReactNode; links?: FormPageLink[]; notice?: ReactNode; after?: ReactNode }) {
  return (
    <div className="mx-auto max-w-md space-y-6">
      <PageTitle>{title}</PageTitle>
      {notice}
      <Card>{children}</Card>
      {after}
      {links.map((link) => (
        <p key={link.href} className="text-sm text-[var(--fg-muted)]">
          {link.lead && `${link.lead} `}
          <Link className="font-medium text-brand-600 underline dark:text-brand-100" href={link.href}>
            {link.label}
          </Link>
        </p>
      ))}
    </div>
  );
}
