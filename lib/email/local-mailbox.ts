// The local mailbox: with no SMTP_URL, mail is written as JSON files under the data folder (transport.ts)
// and /dev/mail lists them. Only in development or on the embedded default, where every account is local.
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { localMailDir, type StoredMail } from "./transport";

export function localMailboxEnabled(env: { SMTP_URL?: string; NODE_ENV: string; RECALL_EMBEDDED?: string }): boolean {
  return !env.SMTP_URL && (env.NODE_ENV === "development" || env.RECALL_EMBEDDED === "1");
}

/** The newest mails first, at most `limit`. */
export async function listLocalMail({ dataDir, limit = 50 }: { dataDir: string; limit?: number }): Promise<StoredMail[]> {
  const dir = localMailDir(dataDir);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(".json"));
  } catch {
    return [];
  }
  const newest = names.sort().reverse().slice(0, limit);
  return Promise.all(newest.map(async (n) => JSON.parse(await readFile(path.join(dir, n), "utf8")) as StoredMail));
}
