import type { ReactNode } from "react";
import Link from "next/link";
import { Card, PageTitle } from "./card";

/** A link under the form to a neighbouring page ("New here? Create an account"). */
export interface FormPageLink {
  lead?: string;
  href: string;
  label: string;
}

/** The account pages (sign in, sign up, forgotten and new password): a title, the form in a card, the links to each other below. */
export function FormPage({ title, children, links = [] }: { title: string; children: ReactNode; links?: FormPageLink[] }) {
  return (
    <div className="mx-auto max-w-md space-y-6">
      <PageTitle>{title}</PageTitle>
      <Card>{children}</Card>
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
