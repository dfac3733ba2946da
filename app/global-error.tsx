"use client";

import "./globals.css";
import { Button } from "@/components/ui/button";

// When the root layout itself fails — for a signed-in visitor it reads the session's user from the
// database, so an unreachable database lands here — Next replaces the whole document with this page.
export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <main id="main" className="mx-auto max-w-2xl space-y-4 px-4 py-16">
          <h1 className="text-2xl font-semibold">Recall is not available right now</h1>
          <p className="text-[var(--fg-muted)]">
            This page could not load, most often because Recall cannot reach its database for a moment. Your answers are safe:
            nothing you saved was lost. Try again in a moment.
            {error.digest && <span className="block text-xs">Reference: {error.digest}</span>}
          </p>
          <Button onClick={() => window.location.reload()}>Try again</Button>
        </main>
      </body>
    </html>
  );
}
