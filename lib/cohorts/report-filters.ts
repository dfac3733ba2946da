// The filters of the cohort reports, as they travel in the query string: parsed once here for the
// pages and the CSV exports alike, so a CSV holds exactly the rows of the table it was asked from.
// Pure: no I/O; the day boundaries are computed from the instructor's zone and day start.
import { z } from "zod";
import { addDaysToDayString, startOfDayString, type DayOptions } from "@/lib/srs/day";
import { isPlainText } from "@/lib/text";

export const LEVELS = ["junior", "middle", "senior"] as const;
export type Level = (typeof LEVELS)[number];

export const LEARNER_SORTS = ["risk", "name", "lessonsRead", "cards", "dueNow", "overdue", "leeches", "retention", "reviews", "lastActiveAt"] as const;
export type LearnerSort = (typeof LEARNER_SORTS)[number];

export const LEARNERS_PAGE_SIZE = 50;

export interface ReportFilters {
  courseId: string | null;
  topicId: string | null;
  level: Level | null;
  /** Learning days, `YYYY-MM-DD`, both included. */
  from: string | null;
  to: string | null;
  atRiskOnly: boolean;
  sort: LearnerSort;
  dir: "asc" | "desc";
  /** 1-based page of the learners report. */
  page: number;
}

export const NO_FILTERS: ReportFilters = { courseId: null, topicId: null, level: null, from: null, to: null, atRiskOnly: false, sort: "risk", dir: "desc", page: 1 };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (v: string) => DAY.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

const param = z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.string().trim().max(200).optional());

const schema = z.object({
  course: param,
  topic: param,
  level: param,
  from: param,
  to: param,
  risk: param,
  sort: param,
  dir: param,
  page: param,
});

export type SearchParams = Record<string, string | string[] | undefined>;

export interface ParsedFilters {
  filters: ReportFilters;
  /** One sentence per value that was ignored, for the page to show: a bad link loses nothing else. */
  problems: string[];
}

/** Reads the filters from a query string; an unknown or malformed value is dropped with a message, never thrown. */
export function parseReportFilters(input: SearchParams | URLSearchParams): ParsedFilters {
  const parsed = schema.parse(input instanceof URLSearchParams ? Object.fromEntries(input) : input);
  const problems: string[] = [];
  // NUL or a broken surrogate would be refused by PostgreSQL: such a value names nothing and is dropped.
  const raw = Object.fromEntries(
    Object.entries(parsed).map(([key, value]) => {
      if (value === undefined || isPlainText(value)) return [key, value];
      problems.push(`The ${key} filter holds characters no name can contain; it is ignored.`);
      return [key, undefined];
    }),
  ) as typeof parsed;
  const text = (v: string | undefined) => (v ? v : null);
  let level: Level | null = null;
  if (raw.level) {
    if ((LEVELS as readonly string[]).includes(raw.level)) level = raw.level as Level;
    else problems.push(`Unknown level “${raw.level}”: use junior, middle or senior.`);
  }
  const day = (name: string, v: string | undefined) => {
    if (!v) return null;
    if (isDay(v)) return v;
    problems.push(`The ${name} date “${v}” is not a date (YYYY-MM-DD); it is ignored.`);
    return null;
  };
  let from = day("from", raw.from);
  let to = day("to", raw.to);
  if (from && to && from > to) {
    problems.push(`The date range ends (${to}) before it starts (${from}); it is ignored.`);
    from = null;
    to = null;
  }
  let sort: LearnerSort = "risk";
  if (raw.sort) {
    if ((LEARNER_SORTS as readonly string[]).includes(raw.sort)) sort = raw.sort as LearnerSort;
    else problems.push(`Unknown sort “${raw.sort}”.`);
  }
  let dir: "asc" | "desc" = sort === "name" ? "asc" : "desc";
  if (raw.dir === "asc" || raw.dir === "desc") dir = raw.dir;
  else if (raw.dir) problems.push(`Unknown sort direction “${raw.dir}”: use asc or desc.`);
  const pageNumber = raw.page ? Number(raw.page) : 1;
  const page = Number.isInteger(pageNumber) && pageNumber >= 1 && pageNumber <= 100_000 ? pageNumber : 1;
  if (raw.page && page !== pageNumber) problems.push(`There is no page “${raw.page}”; showing page 1.`);
  return {
    filters: { courseId: text(raw.course), topicId: text(raw.topic), level, from, to, atRiskOnly: raw.risk === "1", sort, dir, page },
    problems,
  };
}

/**
 * The query string of a set of filters, with only what differs from no filter (so URLs stay short
 * and a reload gives the same page). `changes` override some values, e.g. the page of a pager link.
 */
export function reportQuery(filters: ReportFilters, changes: Partial<ReportFilters> = {}): string {
  const f = { ...filters, ...changes };
  const out = new URLSearchParams();
  if (f.courseId) out.set("course", f.courseId);
  if (f.topicId) out.set("topic", f.topicId);
  if (f.level) out.set("level", f.level);
  if (f.from) out.set("from", f.from);
  if (f.to) out.set("to", f.to);
  if (f.atRiskOnly) out.set("risk", "1");
  if (f.sort !== NO_FILTERS.sort) out.set("sort", f.sort);
  if (f.dir !== (f.sort === "name" ? "asc" : "desc")) out.set("dir", f.dir);
  if (f.page > 1) out.set("page", String(f.page));
  const s = out.toString();
  return s ? `?${s}` : "";
}

/** The instants the date range covers: from the start of `from` to the start of the day after `to`, in the instructor's days. */
export function answerWindow(filters: Pick<ReportFilters, "from" | "to">, day: DayOptions): { from: Date | null; until: Date | null } {
  return {
    from: filters.from ? startOfDayString(filters.from, day) : null,
    until: filters.to ? startOfDayString(addDaysToDayString(filters.to, 1), day) : null,
  };
}

/** What the learners table is sorted on: the fields each sort key reads. */
export interface SortableLearner {
  name: string;
  lessonsRead: number;
  cards: number;
  dueNow: number;
  overdue: number;
  leeches: number;
  retention30: number | null;
  reviews7: number;
  lastActiveAt: Date | null;
  risks: readonly unknown[];
}

function sortValue(row: SortableLearner, key: LearnerSort): number | string | null {
  switch (key) {
    case "name":
      return row.name.toLowerCase();
    case "retention":
      return row.retention30;
    case "reviews":
      return row.reviews7;
    case "lastActiveAt":
      return row.lastActiveAt ? row.lastActiveAt.getTime() : null;
    case "risk":
      return row.risks.length;
    default:
      return row[key];
  }
}

/** The learners in the table's order: by the sort key, missing values last either way, ties by name. */
export function sortLearners<T extends SortableLearner>(rows: readonly T[], sort: LearnerSort, dir: "asc" | "desc"): T[] {
  return [...rows].sort((a, b) => {
    const va = sortValue(a, sort);
    const vb = sortValue(b, sort);
    if (va === null && vb === null) return a.name.localeCompare(b.name);
    if (va === null) return 1;
    if (vb === null) return -1;
    const c = va < vb ? -1 : va > vb ? 1 : 0;
    return (dir === "asc" ? c : -c) || a.name.localeCompare(b.name);
  });
}

/** One page of rows and where it sits; a page past the end shows the last one. */
export function pageOf<T>(rows: readonly T[], page: number, size = LEARNERS_PAGE_SIZE): { rows: T[]; page: number; pages: number; first: number; last: number } {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const p = Math.min(Math.max(1, page), pages);
  const slice = rows.slice((p - 1) * size, p * size);
  return { rows: slice, page: p, pages, first: slice.length ? (p - 1) * size + 1 : 0, last: (p - 1) * size + slice.length };
}

/** Items in the report's order: questions with a warning first, then the hardest (lowest facility) first. */
export function orderItems<T extends { facility: number | null; flags: readonly { severity: string }[] }>(items: readonly T[]): T[] {
  const warned = (i: T) => Number(i.flags.some((f) => f.severity === "warning"));
  return [...items].sort((a, b) => warned(b) - warned(a) || (a.facility ?? 2) - (b.facility ?? 2));
}
