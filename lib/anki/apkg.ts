// Writes an Anki package (.apkg) in the legacy layout every Anki since 2.1 imports, as Anki's own
// importer reads it (rslib/src/import_export/package/meta.rs): a zip holding `collection.anki21`, a
// SQLite database in schema 11 (rslib/src/storage/schema11.sql) with the note type, decks and deck
// preset as JSON in the `col` row, and `media`, the JSON map of media files (none here).
import { createHash } from "node:crypto";
import { zipSync, strToU8 } from "fflate";
import initSqlJs, { type SqlJsStatic } from "sql.js";
import type { AnkiCardSchedule, AnkiRevlog } from "./schedule";

/** Fixed, so that importing a second export reuses the note type instead of adding "Recall question+". */
export const NOTE_TYPE_ID = 1796256000000;
/** The deck preset carrying the learner's FSRS parameters (imported when "Import deck presets" is ticked). */
export const DECK_PRESET_ID = 1796256000001;
export const NOTE_FIELDS = ["Prompt", "Answer", "Explanation", "Lesson"] as const;

export interface AnkiNote {
  /** Stable across exports (from the question id), so a second import updates the note in place. */
  guid: string;
  /** Full deck name, levels separated by "::". */
  deck: string;
  fields: Record<(typeof NOTE_FIELDS)[number], string>;
  tags: string[];
  card: AnkiCardSchedule;
  revlog: (AnkiRevlog & { reviewedAtMs: number })[];
}

export interface AnkiPackage {
  notes: AnkiNote[];
  /** col.crt in seconds: the day numbers in review cards' due count from it. */
  collectionCreatedSecs: number;
  now: Date;
  preset: { desiredRetention: number; params: readonly number[] };
}

let sqlJs: Promise<SqlJsStatic> | null = null;

/**
 * sql.js's WebAssembly build, loaded once per process. sql.js is a server-external package, so Node
 * loads it from node_modules and it reads its .wasm from beside itself (no network, nothing bundled).
 */
function loadSqlJs(): Promise<SqlJsStatic> {
  sqlJs ??= initSqlJs();
  return sqlJs;
}

const SCHEMA_11 = `
CREATE TABLE col (id integer PRIMARY KEY, crt integer NOT NULL, mod integer NOT NULL, scm integer NOT NULL, ver integer NOT NULL, dty integer NOT NULL, usn integer NOT NULL, ls integer NOT NULL, conf text NOT NULL, models text NOT NULL, decks text NOT NULL, dconf text NOT NULL, tags text NOT NULL);
CREATE TABLE notes (id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL, mod integer NOT NULL, usn integer NOT NULL, tags text NOT NULL, flds text NOT NULL, sfld integer NOT NULL, csum integer NOT NULL, flags integer NOT NULL, data text NOT NULL);
CREATE TABLE cards (id integer PRIMARY KEY, nid integer NOT NULL, did integer NOT NULL, ord integer NOT NULL, mod integer NOT NULL, usn integer NOT NULL, type integer NOT NULL, queue integer NOT NULL, due integer NOT NULL, ivl integer NOT NULL, factor integer NOT NULL, reps integer NOT NULL, lapses integer NOT NULL, left integer NOT NULL, odue integer NOT NULL, odid integer NOT NULL, flags integer NOT NULL, data text NOT NULL);
CREATE TABLE revlog (id integer PRIMARY KEY, cid integer NOT NULL, usn integer NOT NULL, ease integer NOT NULL, ivl integer NOT NULL, lastIvl integer NOT NULL, factor integer NOT NULL, time integer NOT NULL, type integer NOT NULL);
CREATE TABLE graves (usn integer NOT NULL, oid integer NOT NULL, type integer NOT NULL);
CREATE INDEX ix_notes_usn ON notes (usn);
CREATE INDEX ix_cards_usn ON cards (usn);
CREATE INDEX ix_revlog_usn ON revlog (usn);
CREATE INDEX ix_cards_nid ON cards (nid);
CREATE INDEX ix_cards_sched ON cards (did, queue, due);
CREATE INDEX ix_revlog_cid ON revlog (cid);
CREATE INDEX ix_notes_csum ON notes (csum);
`;

const CARD_CSS = `.card { font-family: system-ui, sans-serif; font-size: 18px; line-height: 1.5; text-align: left; max-width: 40em; margin: 0 auto; }
pre { overflow-x: auto; padding: 0.5em; border-radius: 4px; background: rgba(127,127,127,0.12); }
code { font-family: ui-monospace, monospace; font-size: 0.9em; }
.explanation { opacity: 0.85; }
.lesson { font-size: 0.85em; }`;

/** Text of an HTML field, as Anki strips it for the sort field and the duplicate checksum. */
export function stripHtml(html: string): string {
  return html
    .replace(/<[^>]*>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

/** Anki's first-field checksum: the first 8 hex digits of SHA-1 of the stripped field, as an integer. */
function fieldChecksum(html: string): number {
  return parseInt(createHash("sha1").update(stripHtml(html)).digest("hex").slice(0, 8), 16);
}

/** A deck id that stays the same for the same name (Anki matches decks by name on import anyway). */
function deckId(name: string): number {
  return 1_000_000_000 + (parseInt(createHash("sha1").update(name).digest("hex").slice(0, 8), 16) % 1_000_000_000);
}

function noteType(modSecs: number) {
  return {
    id: NOTE_TYPE_ID,
    name: "Recall question",
    type: 0,
    mod: modSecs,
    usn: -1,
    sortf: 0,
    did: null,
    tmpls: [
      {
        name: "Recall",
        ord: 0,
        qfmt: "{{Prompt}}",
        afmt: '{{FrontSide}}<hr id="answer">{{Answer}}<div class="explanation">{{Explanation}}</div>{{#Lesson}}<p class="lesson">{{Lesson}}</p>{{/Lesson}}',
        bqfmt: "",
        bafmt: "",
        did: null,
        bfont: "",
        bsize: 0,
      },
    ],
    flds: NOTE_FIELDS.map((name, ord) => ({ name, ord, sticky: false, rtl: false, font: "Arial", size: 20 })),
    css: CARD_CSS,
    latexPre: "",
    latexPost: "",
    latexsvg: false,
    req: [[0, "any", [0]]],
  };
}

function deckJson(id: number, name: string, conf: number, modSecs: number) {
  return {
    id,
    name,
    mod: modSecs,
    usn: -1,
    lrnToday: [0, 0],
    revToday: [0, 0],
    newToday: [0, 0],
    timeToday: [0, 0],
    collapsed: false,
    browserCollapsed: false,
    desc: "",
    dyn: 0,
    conf,
    extendNew: 0,
    extendRev: 0,
  };
}

/** A deck preset; Anki keeps its own preset when one with the same id exists, so id 1 never overwrites anything. */
function presetJson(id: number, name: string, modSecs: number, fsrs: AnkiPackage["preset"] | null) {
  return {
    id,
    mod: modSecs,
    name,
    usn: -1,
    maxTaken: 60,
    autoplay: true,
    timer: 0,
    replayq: true,
    dyn: false,
    new: { bury: false, delays: [1, 10], initialFactor: 2500, ints: [1, 4, 0], order: 1, perDay: 20 },
    rev: { bury: false, ease4: 1.3, ivlFct: 1, maxIvl: 36500, perDay: 200, hardFactor: 1.2 },
    lapse: { delays: [10], leechAction: 0, leechFails: 8, minInt: 1, mult: 0 },
    ...(fsrs ? { fsrsParams6: fsrs.params.map((w) => Math.round(w * 10_000) / 10_000), desiredRetention: fsrs.desiredRetention } : {}),
  };
}

/** Every deck the notes name, with the parents Anki's "A::B" naming implies. */
function deckNames(notes: readonly AnkiNote[]): string[] {
  const names = new Set<string>();
  for (const n of notes) {
    const parts = n.deck.split("::");
    for (let i = 1; i <= parts.length; i++) names.add(parts.slice(0, i).join("::"));
  }
  return [...names].sort();
}

/** The .apkg file's bytes. */
export async function writeApkg(pkg: AnkiPackage): Promise<Uint8Array> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  try {
    const nowMs = pkg.now.getTime();
    const modSecs = Math.floor(nowMs / 1000);
    db.run(SCHEMA_11);
    const decks: Record<string, ReturnType<typeof deckJson>> = { "1": deckJson(1, "Default", 1, modSecs) };
    for (const name of deckNames(pkg.notes)) decks[String(deckId(name))] = deckJson(deckId(name), name, DECK_PRESET_ID, modSecs);
    const conf = { activeDecks: [1], curDeck: 1, curModel: NOTE_TYPE_ID, nextPos: pkg.notes.length + 1, sortType: "noteFld", sortBackwards: false, addToCur: true };
    const tags = Object.fromEntries([...new Set(pkg.notes.flatMap((n) => n.tags))].sort().map((t) => [t, 0]));
    db.run("INSERT INTO col VALUES (1, ?, ?, ?, 11, 0, 0, 0, ?, ?, ?, ?, ?)", [
      pkg.collectionCreatedSecs,
      nowMs,
      nowMs,
      JSON.stringify(conf),
      JSON.stringify({ [NOTE_TYPE_ID]: noteType(modSecs) }),
      JSON.stringify(decks),
      // Anki's importer looks up the preset of every deck it gathers, the Default deck's (id 1) included.
      JSON.stringify({ "1": presetJson(1, "Default", modSecs, null), [DECK_PRESET_ID]: presetJson(DECK_PRESET_ID, "Recall (FSRS)", modSecs, pkg.preset) }),
      JSON.stringify(tags),
    ]);

    const insertNote = db.prepare("INSERT INTO notes VALUES (?, ?, ?, ?, -1, ?, ?, ?, ?, 0, '')");
    const insertCard = db.prepare("INSERT INTO cards VALUES (?, ?, ?, 0, ?, -1, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?)");
    const insertRevlog = db.prepare("INSERT INTO revlog VALUES (?, ?, -1, ?, ?, ?, ?, ?, ?)");
    // Anki's ids are millisecond timestamps; counting up from now keeps them unique within the file.
    const usedRevlogIds = new Set<number>();
    db.run("BEGIN");
    pkg.notes.forEach((note, i) => {
      const id = nowMs + i;
      const flds = NOTE_FIELDS.map((f) => note.fields[f].replace(/\x1f/g, " ")).join("\x1f");
      const tagText = note.tags.length ? ` ${note.tags.join(" ")} ` : "";
      insertNote.run([id, note.guid, NOTE_TYPE_ID, modSecs, tagText, flds, stripHtml(note.fields.Prompt), fieldChecksum(note.fields.Prompt)]);
      const c = note.card;
      insertCard.run([id, id, deckId(note.deck), modSecs, c.type, c.queue, c.due, c.ivl, c.factor, c.reps, c.lapses, c.left, c.data]);
      for (const r of note.revlog) {
        let revlogId = r.reviewedAtMs;
        while (usedRevlogIds.has(revlogId)) revlogId++;
        usedRevlogIds.add(revlogId);
        insertRevlog.run([revlogId, id, r.ease, r.ivl, r.lastIvl, r.factor, r.time, r.type]);
      }
    });
    db.run("COMMIT");
    insertNote.free();
    insertCard.free();
    insertRevlog.free();
    return zipSync({ "collection.anki21": db.export(), media: strToU8("{}") });
  } finally {
    db.close();
  }
}
