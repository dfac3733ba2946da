"use client";

import { signOutTo } from "@/components/ui/sign-out";

export function SignOutButton({ className }: { className?: string }) {
  return (
    <button type="button" className={className} onClick={() => signOutTo("/")}>
      Sign out
    </button>
  );
}
