"use client";

import { useRouter } from "next/navigation";
import { startTransition } from "react";
import { Button } from "@/components/ui/button";
import { PageTitle } from "@/components/ui/card";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const router = useRouter();
  // reset() alone re-renders the same failed server payload: fetch the page again, then reset.
  const retry = () =>
    startTransition(() => {
      router.refresh();
      reset();
    });
  const unavailable = /ECONNREFUSED|database|Can't reach|connect/i.test(error.message);
  return (
    <div className="space-y-4 py-10">
      <PageTitle>{unavailable ? "The database is not reachable" : "Something went wrong"}</PageTitle>
      <p className="text-[var(--fg-muted)]">
        {unavailable
          ? "Recall cannot reach its database right now. Your answers are safe; try again in a moment."
          : "An unexpected error stopped this page. Nothing you saved was lost."}
        {error.digest && <span className="block text-xs">Reference: {error.digest}</span>}
      </p>
      <Button onClick={retry}>Try again</Button>
    </div>
  );
}
