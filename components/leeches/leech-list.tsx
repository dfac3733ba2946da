"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { relearnLeechAction } from "@/app/actions/leeches";
import { Button } from "@/components/ui/button";

export interface LeechItem {
  cardId: string;
  version: number;
  prompt: string;
  lessonId: string;
  lessonTitle: string;
  lapses: number;
}

type Status = { state: "idle" } | { state: "saving" } | { state: "back" } | { state: "error"; message: string };

function LeechRow({ leech }: { leech: LeechItem }) {
  const [status, setStatus] = useState<Status>({ state: "idle" });
  // The button works only once React has hydrated the row: until then it is disabled, so an early click
  // is not silently lost (on a slow device, or the CI's loaded machine, that gap is long enough to hit).
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  async function relearn() {
    setStatus({ state: "saving" });
    const result = await relearnLeechAction({ cardId: leech.cardId, expectedVersion: leech.version }).catch(() => null);
    if (result?.ok) setStatus({ state: "back" });
    else setStatus({ state: "error", message: result ? result.message : "Could not reach the server: check your connection and retry." });
  }
  return (
    <li className="rounded-md border border-[var(--border)] p-3" data-testid="leech">
      <p className="font-medium">{leech.prompt}</p>
      <p className="text-sm text-[var(--fg-muted)]">
        Forgotten {leech.lapses} times · reread{" "}
        <Link href={`/lessons/${leech.lessonId}`} className="underline underline-offset-2">
          {leech.lessonTitle}
        </Link>
      </p>
      <div className="mt-2 flex flex-wrap items-center gap-3">
        {status.state === "back" ? (
          <p role="status" className="text-sm">
            Back in your reviews, due now.{" "}
            <Link href="/review" className="font-semibold underline underline-offset-2">
              Review it
            </Link>
          </p>
        ) : (
          <Button type="button" variant="secondary" onClick={relearn} disabled={!hydrated || status.state === "saving"} aria-label={`Relearn: ${leech.prompt}`}>
            {status.state === "saving" ? "Bringing it back…" : "Relearn"}
          </Button>
        )}
        {status.state === "error" && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {status.message}
          </p>
        )}
      </div>
    </li>
  );
}

/** Leeches with the lesson to reread and a way back into the reviews. */
export function LeechList({ leeches }: { leeches: LeechItem[] }) {
  return (
    <ul className="space-y-2">
      {leeches.map((l) => (
        <LeechRow key={l.cardId} leech={l} />
      ))}
    </ul>
  );
}
