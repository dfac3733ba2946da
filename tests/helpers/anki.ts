// Opens an .apkg the way a reader of Anki's format would: unzip it, load `collection.anki21` in SQLite
// (sql.js), and read the rows back as plain objects.
import { unzipSync, strFromU8 } from "fflate";
import initSqlJs, { type Database } from "sql.js";

export interface OpenedPackage {
  files: string[];
  media: string;
  db: Database;
  rows<T = Record<string, unknown>>(sql: string): T[];
  col: { crt: number; ver: number; models: Record<string, { id: number; name: string; flds: { name: string; ord: number }[]; tmpls: { qfmt: string; afmt: string }[]; sortf: number }>; decks: Record<string, { id: number; name: string; conf: number; dyn: number }>; dconf: Record<string, { id: number; fsrsParams6: number[]; desiredRetention: number }> };
  close(): void;
}

export async function openApkg(bytes: Uint8Array): Promise<OpenedPackage> {
  const files = unzipSync(bytes);
  const SQL = await initSqlJs();
  const db = new SQL.Database(files["collection.anki21"]);
  const rows = <T,>(sql: string): T[] => {
    const result = db.exec(sql)[0];
    if (!result) return [];
    return result.values.map((v) => Object.fromEntries(result.columns.map((c, i) => [c, v[i]])) as T);
  };
  const [raw] = rows<{ crt: number; ver: number; models: string; decks: string; dconf: string }>("SELECT crt, ver, models, decks, dconf FROM col");
  return {
    files: Object.keys(files).sort(),
    media: files.media ? strFromU8(files.media) : "",
    db,
    rows,
    col: { crt: raw.crt, ver: raw.ver, models: JSON.parse(raw.models), decks: JSON.parse(raw.decks), dconf: JSON.parse(raw.dconf) },
    close: () => db.close(),
  };
}
