// In `npm run dev`, the start script re-validates and re-syncs content when a file changes and writes
// the outcome here; the dev server streams a "changed" event to open pages, which refresh, and shows a
// broken lesson's problems in the page. Never used in production.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Problem } from "./extract";
import { env } from "@/lib/env";

export interface ContentStatus {
  version: number;
  at: string;
  problems: Problem[];
  synced: boolean;
}

export function contentStatusFile(dataDir = env().RECALL_DATA_DIR): string {
  return path.resolve(dataDir, "content-status.json");
}

export function writeContentStatus(status: ContentStatus, file = contentStatusFile()): void {
  writeFileSync(file, JSON.stringify(status));
}

export function readContentStatus(file = contentStatusFile()): ContentStatus | null {
  try {
    return JSON.parse(readFileSync(/*turbopackIgnore: true*/ file, "utf8")) as ContentStatus;
  } catch {
    return null;
  }
}
