"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Development only: refreshes the page when a lesson file under content/ changes. `renderedVersion` is
 * the content version the server rendered with, so a change synced before the stream connects still
 * refreshes the page.
 */
export function DevContentReload({ renderedVersion }: { renderedVersion: number }) {
  const router = useRouter();
  useEffect(() => {
    const source = new EventSource(`/api/dev/content-events?since=${renderedVersion}`);
    source.onmessage = () => router.refresh();
    return () => source.close();
  }, [router, renderedVersion]);
  return null;
}
