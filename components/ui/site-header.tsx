import Link from "next/link";
import type { SessionUser } from "@/lib/auth/session";
import { ThemeToggle } from "./theme-toggle";
import { SignOutButton } from "./sign-out-button";
import { MobileNav } from "./mobile-nav";
import { SiteSearch } from "./search-form";

export interface NavItem {
  href: string;
  label: string;
}

export function navItems(user: SessionUser | null): NavItem[] {
  const items: NavItem[] = [
    { href: "/courses", label: "Courses" },
    { href: "/topics", label: "Topics" },
  ];
  if (user) {
    items.unshift({ href: "/dashboard", label: "Dashboard" });
    items.splice(1, 0, { href: "/review", label: "Review" });
    // Instructors reach the cohorts they run; everyone else the cohorts they are in (and the join form).
    items.push(user.role === "INSTRUCTOR" || user.role === "ADMIN" ? { href: "/instructor", label: "Cohorts" } : { href: "/cohorts", label: "Cohorts" });
    if (user.role === "AUTHOR" || user.role === "ADMIN") items.push({ href: "/author", label: "Author" });
    if (user.role === "ADMIN") items.push({ href: "/admin", label: "Admin" });
  }
  return items;
}

const linkClass = "rounded-md px-3 py-2 text-sm font-medium hover:bg-[var(--bg-muted)]";

export function SiteHeader({ user }: { user: SessionUser | null }) {
  const items = navItems(user);
  return (
    <header className="sticky top-0 z-30 border-b border-[var(--border)] bg-[var(--bg)]/95 backdrop-blur">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-[var(--bg)] focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-2 px-4">
        <Link href="/" className="mr-2 flex items-center gap-2 text-lg font-bold tracking-tight">
          <span aria-hidden="true" className="inline-block h-6 w-6 rounded-md bg-brand-600" />
          Recall
        </Link>
        <nav aria-label="Main" className="hidden items-center gap-1 md:flex">
          {items.map((item) => (
            <Link key={item.href} href={item.href} className={linkClass}>
              {item.label}
            </Link>
          ))}
        </nav>
        <SiteSearch id="site-search" className="ml-auto hidden sm:block" inputClassName="w-40 py-1.5 text-sm lg:w-56" />
        <div className="ml-auto flex items-center gap-1 sm:ml-2">
          <ThemeToggle />
          {user ? (
            <div className="hidden items-center gap-1 md:flex">
              <Link href="/settings" className={linkClass} data-testid="current-user">
                {user.name}
              </Link>
              <SignOutButton className={linkClass} />
            </div>
          ) : (
            <div className="hidden items-center gap-1 md:flex">
              <Link href="/signin" className={linkClass}>
                Sign in
              </Link>
              <Link href="/signup" className="rounded-md bg-brand-600 px-3 py-2 text-sm font-semibold text-white hover:bg-brand-700">
                Sign up
              </Link>
            </div>
          )}
          <MobileNav items={items} userName={user?.name ?? null} />
        </div>
      </div>
    </header>
  );
}
