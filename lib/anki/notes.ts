// PURE: one Recall question as one Anki note (its fields, tags and deck), shared by the learner's and
// the author's exports.
import { createHash } from "node:crypto";
import type { AnkiNote } from "./apkg";
import { escapeHtml, type QuestionHtml } from "./html";
import type { AnkiCardSchedule, AnkiRevlog } from "./schedule";

export const ROOT_DECK = "Recall";

export interface NoteSource {
  questionId: string;
  html: QuestionHtml;
  lesson: { id: string; title: string; level: string };
  course: { id: string; title: string };
  topicIds: readonly string[];
  /** Set aside in Recall after too many lapses: Anki's own "leech" tag says the same. */
  leech?: boolean;
}

/** Anki tags are space-separated and "::" makes a hierarchy; anything else is kept. */
function tag(...parts: string[]): string {
  return parts.map((p) => p.trim().replace(/\s+/g, "_").replace(/:+/g, "_")).join("::");
}

/** Anki separates deck levels with "::", so a title containing it would make a level of its own. */
function deckPart(title: string): string {
  return title.replace(/::/g, ":").trim() || "Untitled";
}

/**
 * A guid derived from the question id: the same question always has the same guid, so importing a newer
 * export updates the note Anki already has instead of adding a duplicate.
 */
export function noteGuid(questionId: string): string {
  return `recall-${createHash("sha256").update(questionId).digest("base64url").slice(0, 16)}`;
}

export function questionNote({
  source,
  siteUrl,
  card,
  revlog = [],
}: {
  source: NoteSource;
  siteUrl: string;
  card: AnkiCardSchedule;
  revlog?: (AnkiRevlog & { reviewedAtMs: number })[];
}): AnkiNote {
  const lessonUrl = `${siteUrl.replace(/\/$/, "")}/lessons/${encodeURIComponent(source.lesson.id)}`;
  return {
    guid: noteGuid(source.questionId),
    deck: `${ROOT_DECK}::${deckPart(source.course.title)}`,
    fields: {
      Prompt: source.html.prompt,
      Answer: source.html.answer,
      Explanation: source.html.explanation,
      Lesson: `<a href="${escapeHtml(lessonUrl)}">${escapeHtml(source.lesson.title)}</a>`,
    },
    tags: [
      "recall",
      tag("course", source.course.id),
      tag("lesson", source.lesson.id),
      tag("level", source.lesson.level),
      ...[...source.topicIds].sort().map((t) => tag("topic", t)),
      ...(source.leech ? ["leech"] : []),
    ],
    card,
    revlog,
  };
}
