import { describe, expect, it } from "vitest";
import { NOTE_FIELDS, NOTE_TYPE_ID, writeApkg, type AnkiNote } from "@/lib/anki/apkg";
import { noteGuid, questionNote } from "@/lib/anki/notes";
import { ankiRevlog, ankiSchedule } from "@/lib/anki/schedule";
import { DEFAULT_PARAMS } from "@/lib/srs/scheduler";
import { openApkg } from "../../helpers/anki";

const NOW = new Date("2026-03-07T10:00:00Z");
const CLOCK = { now: NOW, timezone: "Asia/Kolkata", dayStartHour: 4 };
const SITE = "https://recall.example";

function note(questionId: string, options: { course?: string; state?: "NEW" | "REVIEW"; leech?: boolean; reviewsAtMs?: number[] } = {}): AnkiNote {
  const state = options.state ?? "REVIEW";
  return questionNote({
    source: {
      questionId,
      html: { prompt: `<p>Prompt of ${questionId}</p><pre><code>a &lt; b</code></pre>`, answer: "<p>Answer</p>", explanation: "<p>Because</p>" },
      lesson: { id: "trace-anatomy", title: "Trace anatomy", level: "middle" },
      course: { id: "observability", title: options.course ?? "Observability" },
      topicIds: ["w3c-trace-context", "spans"],
      leech: options.leech,
    },
    siteUrl: SITE,
    card: ankiSchedule({
      card: {
        state,
        due: new Date("2026-03-10T09:00:00Z"),
        stability: state === "NEW" ? 0 : 8.5,
        difficulty: state === "NEW" ? 0 : 6.2,
        scheduledDays: state === "NEW" ? 0 : 8,
        learningSteps: 0,
        reps: state === "NEW" ? 0 : 3,
        lapses: 0,
        lastReview: state === "NEW" ? null : new Date("2026-03-02T09:00:00Z"),
        suspended: options.leech ?? false,
      },
      newPosition: 0,
      clock: CLOCK,
      desiredRetention: 0.85,
      decay: 0.1542,
    }),
    revlog: (options.reviewsAtMs ?? []).map((ms) => ({ ...ankiRevlog({ reviewedAt: new Date(ms), rating: 3, stateBefore: "REVIEW", scheduledDays: 8, lastScheduledDays: 3, durationMs: 4000 }), reviewedAtMs: ms })),
  });
}

async function build(notes: AnkiNote[]) {
  const bytes = await writeApkg({ notes, collectionCreatedSecs: 1_772_840_000, now: NOW, preset: { desiredRetention: 0.85, params: DEFAULT_PARAMS } });
  return openApkg(bytes);
}

describe("the .apkg file", () => {
  it("is a zip of collection.anki21 (SQLite, schema 11) and an empty media map", async () => {
    const pkg = await build([note("q.one")]);
    expect(pkg.files).toEqual(["collection.anki21", "media"]);
    expect(pkg.media).toBe("{}");
    expect(pkg.col.ver).toBe(11);
    expect(pkg.col.crt).toBe(1_772_840_000);
    pkg.close();
  });

  it("has one note per question with the prompt, answer, explanation and lesson link in the note type's fields", async () => {
    const pkg = await build([note("q.one"), note("q.two")]);
    const model = pkg.col.models[String(NOTE_TYPE_ID)];
    expect(model.flds.map((f) => f.name)).toEqual([...NOTE_FIELDS]);
    expect(model.tmpls[0].qfmt).toBe("{{Prompt}}");
    const notes = pkg.rows<{ guid: string; mid: number; flds: string; sfld: string }>("SELECT guid, mid, flds, sfld FROM notes ORDER BY id");
    expect(notes.map((n) => n.guid)).toEqual([noteGuid("q.one"), noteGuid("q.two")]);
    expect(notes[0].mid).toBe(NOTE_TYPE_ID);
    expect(notes[0].flds.split("\x1f")).toEqual([
      "<p>Prompt of q.one</p><pre><code>a &lt; b</code></pre>",
      "<p>Answer</p>",
      "<p>Because</p>",
      '<a href="https://recall.example/lessons/trace-anatomy">Trace anatomy</a>',
    ]);
    expect(notes[0].sfld).toBe("Prompt of q.one a < b");
    pkg.close();
  });

  it("tags each note with its course, lesson, level and topics, and a leech with Anki's own leech tag", async () => {
    const pkg = await build([note("q.one"), note("q.leech", { leech: true })]);
    const tags = pkg.rows<{ tags: string }>("SELECT tags FROM notes ORDER BY id").map((r) => r.tags.trim().split(" "));
    expect(tags[0]).toEqual(["recall", "course::observability", "lesson::trace-anatomy", "level::middle", "topic::spans", "topic::w3c-trace-context"]);
    expect(tags[1]).toContain("leech");
    expect(pkg.rows<{ queue: number }>("SELECT queue FROM cards ORDER BY id").map((c) => c.queue)).toEqual([2, -1]);
    pkg.close();
  });

  it("stores the FSRS memory state in cards.data as Anki reads it, and none for a new card", async () => {
    const pkg = await build([note("q.one"), note("q.new", { state: "NEW" })]);
    const cards = pkg.rows<{ nid: number; type: number; due: number; ivl: number; data: string }>("SELECT nid, type, due, ivl, data FROM cards ORDER BY id");
    expect(JSON.parse(cards[0].data)).toEqual({ s: 8.5, d: 6.2, dr: 0.85, decay: 0.154, lrt: Date.parse("2026-03-02T09:00:00Z") / 1000 });
    expect(cards[0]).toMatchObject({ type: 2, due: 3, ivl: 8 });
    expect(cards[1].data).toBe("{}");
    const noteIds = pkg.rows<{ id: number }>("SELECT id FROM notes ORDER BY id").map((n) => n.id);
    expect(cards.map((c) => c.nid)).toEqual(noteIds);
    pkg.close();
  });

  it("puts each course in its own deck under Recall, with the parent deck present and the FSRS preset on both", async () => {
    const pkg = await build([note("q.one"), note("q.two", { course: "Resilience :: basics" })]);
    const decks = Object.values(pkg.col.decks).map((d) => d.name).sort();
    expect(decks).toEqual(["Default", "Recall", "Recall::Observability", "Recall::Resilience : basics"]);
    const byName = new Map(Object.values(pkg.col.decks).map((d) => [d.name, d]));
    const dids = pkg.rows<{ did: number }>("SELECT did FROM cards ORDER BY id").map((c) => c.did);
    expect(dids).toEqual([byName.get("Recall::Observability")!.id, byName.get("Recall::Resilience : basics")!.id]);
    const preset = pkg.col.dconf[String(byName.get("Recall")!.conf)];
    expect(preset.desiredRetention).toBe(0.85);
    expect(preset.fsrsParams6).toHaveLength(21);
    pkg.close();
  });

  it("writes every review to the revlog, with distinct ids even for answers in the same millisecond", async () => {
    const t = Date.parse("2026-03-01T09:00:00Z");
    const pkg = await build([note("q.one", { reviewsAtMs: [t, t + 86_400_000] }), note("q.two", { reviewsAtMs: [t] })]);
    const rows = pkg.rows<{ id: number; cid: number; ease: number; ivl: number; lastIvl: number; time: number; type: number }>("SELECT * FROM revlog ORDER BY id");
    expect(rows.map((r) => r.id)).toEqual([t, t + 1, t + 86_400_000]);
    expect(rows[0]).toMatchObject({ ease: 3, ivl: 8, lastIvl: 3, time: 4000, type: 1 });
    expect(new Set(rows.map((r) => r.cid)).size).toBe(2);
    pkg.close();
  });

  it("gives the same question the same guid in every export, so a re-import updates the note", () => {
    expect(noteGuid("observability.q1")).toBe(noteGuid("observability.q1"));
    expect(noteGuid("observability.q1")).not.toBe(noteGuid("observability.q2"));
  });
});
