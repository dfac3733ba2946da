"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { SiteSearch } from "@/components/ui/search-form";
import { signOutTo } from "@/components/ui/sign-out";
import type { NavItem } from "./site-header";

const itemClass = "block rounded-md px-3 py-2 text-base font-medium hover:bg-[var(--bg-muted)]";

/** The header's navigation on a phone-sized screen: a disclosure menu. */
export function MobileNav({ items, userName }: { items: NavItem[]; userName: string | null }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  useEffect(() => setOpen(false), [pathname]);

  return (
    <div className="md:hidden">
      <button
        type="button"
        aria-expanded={open}
        aria-controls="mobile-menu"
        onClick={() => setOpen((v) => !v)}
        className="inline-flex h-10 items-center rounded-md px-3 text-sm font-medium hover:bg-[var(--bg-muted)]"
      >
        Menu
      </button>
      {open && (
        <nav
          id="mobile-menu"
          aria-label="Main"
          className="absolute left-0 right-0 top-14 border-b border-[var(--border)] bg-[var(--bg)] px-4 py-3 shadow-lg"
        >
          <SiteSearch id="mobile-search" className="mb-2" inputClassName="w-full py-2" />
          {items.map((item) => (
            <Link key={item.href} href={item.href} className={itemClass}>
              {item.label}
            </Link>
          ))}
          {userName ? (
            <>
              <Link href="/settings" className={itemClass}>
                Settings ({userName})
              </Link>
              <button type="button" className={`${itemClass} w-full text-left`} onClick={() => signOutTo("/")}>
                Sign out
              </button>
            </>
          ) : (
            <>
              <Link href="/signin" className={itemClass}>
                Sign in
              </Link>
              <Link href="/signup" className={itemClass}>
                Sign up
              </Link>
            </>
          )}
        </nav>
      )}
    </div>
  );
}
