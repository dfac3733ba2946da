// Every page reads its URL through these two functions. What arrives is whatever a client sent:
// a search parameter can be repeated (`?q=a&q=b` gives an array), any of them can hold NUL or a
// broken UTF-8 sequence that PostgreSQL refuses, and a path segment can be as long as the URL.
// A value that cannot name anything answers 404 here, before it reaches a query.
import { notFound } from "next/navigation";
import { isPlainText } from "@/lib/text";

type Raw = string | string[] | undefined;

/** Ids of courses, lessons, topics, cohorts, users and join codes are all shorter than this. */
const MAX_ID_LENGTH = 200;

/** A path segment that names something ([lessonId], [topicId]…): plain text of a sane length, or 404. */
export function pathParam(raw: Raw): string {
  const value = Array.isArray(raw) ? raw.join("/") : raw;
  if (value === undefined || value === "" || value.length > MAX_ID_LENGTH || !isPlainText(value) || value.includes("\uFFFD")) notFound();
  return value;
}

/**
 * A search parameter as one string: the first when it is repeated, undefined when absent, cut to
 * `maxLength` (a long query is still a query). Text that cannot be stored or searched is 404.
 */
export function queryParam(raw: Raw, { maxLength = MAX_ID_LENGTH }: { maxLength?: number } = {}): string | undefined {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined) return undefined;
  if (!isPlainText(value)) notFound();
  const cut = value.slice(0, maxLength);
  // Cutting between the two halves of a surrogate pair would leave half a character.
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}
