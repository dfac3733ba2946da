"use client";

import { useState, useTransition } from "react";
import { markLessonReadAction } from "./actions";

export function MarkRead({ lessonId, completed }: { lessonId: string; completed: boolean }) {
  const [done, setDone] = useState(completed);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  if (done) return <p className="text-sm font-medium text-green-800 dark:text-green-300">✓ You have read this lesson.</p>;
  return (
    <div>
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          start(async () => {
            try {
              const r = await markLessonReadAction({ lessonId });
              if (r.ok) setDone(true);
              else setError(r.message ?? "Could not save.");
            } catch {
              setError("Could not save: check your connection and try again.");
            }
          })
        }
        className="rounded-md border border-[var(--border)] px-4 py-2 text-sm font-semibold hover:bg-[var(--bg-muted)]"
      >
        {pending ? "Saving…" : "Mark as read"}
      </button>
      {error && (
        <p role="alert" className="mt-1 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}
