"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** Development only: refreshes the page when a lesson file under content/ changes. */
export function DevContentReload() {
  const router = useRouter();
  useEffect(() => {
    const source = new EventSource("/api/dev/content-events");
    source.onmessage = () => router.refresh();
    return () => source.close();
  }, [router]);
  return null;
}
