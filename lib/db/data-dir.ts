import path from "node:path";

/**
 * A path in the app's data folder: $RECALL_DATA_DIR, else .data in the working directory. Read on every
 * call, not once, because tests and benches point it at a fresh folder per run.
 */
export function dataPath(...segments: string[]): string {
  return path.resolve(process.env.RECALL_DATA_DIR?.trim() || ".data", ...segments);
}
