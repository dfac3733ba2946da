import path from "node:path";
import { env } from "@/lib/env";

/**
 * A path in the app's data folder: $RECALL_DATA_DIR, else .data in the working directory (lib/env).
 * Read on every call, not once, because tests and benches point it at a fresh folder per run.
 */
export function dataPath(...segments: string[]): string {
  return path.resolve(env().RECALL_DATA_DIR, ...segments);
}
