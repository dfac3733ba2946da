import { describe, expect, it } from "vitest";
import { answerWindow, NO_FILTERS, orderItems, pageOf, parseReportFilters, reportQuery, sortLearners } from "@/lib/cohorts/report-filters";

describe("report filters in the query string", () => {
  it("round-trips every filter through the query string", () => {
    const query = "?course=observability&topic=sampling&level=senior&from=2026-11-01&to=2026-11-30&risk=1&sort=retention&dir=asc&page=3";
    const { filters, problems } = parseReportFilters(new URLSearchParams(query));
    expect(problems).toEqual([]);
    expect(filters).toEqual({ courseId: "observability", topicId: "sampling", level: "senior", from: "2026-11-01", to: "2026-11-30", atRiskOnly: true, sort: "retention", dir: "asc", page: 3 });
    expect(reportQuery(filters)).toBe(query);
  });

  it("writes nothing for the defaults, so the plain URL is the unfiltered report", () => {
    expect(reportQuery(NO_FILTERS)).toBe("");
    expect(parseReportFilters({}).filters).toEqual(NO_FILTERS);
  });

  it("sorts names ascending by default and everything else descending", () => {
    expect(parseReportFilters({ sort: "name" }).filters.dir).toBe("asc");
    expect(reportQuery({ ...NO_FILTERS, sort: "name", dir: "asc" })).toBe("?sort=name");
    expect(parseReportFilters({ sort: "cards" }).filters.dir).toBe("desc");
  });

  it.each([
    [{ level: "expert" }, /Unknown level/],
    [{ from: "2026-02-30" }, /not a date/],
    [{ to: "yesterday" }, /not a date/],
    [{ from: "2026-12-01", to: "2026-11-01" }, /ends \(2026-11-01\) before it starts/],
    [{ page: "0" }, /no page “0”/],
    [{ page: "2.5" }, /no page/],
    [{ sort: "email" }, /Unknown sort/],
  ])("drops the bad value in %o with a message, keeping the rest", (bad, message) => {
    const { filters, problems } = parseReportFilters({ ...bad, course: "observability" });
    expect(problems.join(" ")).toMatch(message);
    expect(filters.courseId).toBe("observability");
    expect(filters.page).toBe(1);
  });

  it("drops a value holding NUL or a lone surrogate, which PostgreSQL would refuse", () => {
    const { filters, problems } = parseReportFilters({ course: "a\u0000b", topic: "\uD800x", level: "senior" });
    expect(filters).toMatchObject({ courseId: null, topicId: null, level: "senior" });
    expect(problems).toHaveLength(2);
  });

  it("takes the first of repeated parameters", () => {
    expect(parseReportFilters({ level: ["middle", "senior"] }).filters.level).toBe("middle");
  });
});

describe("the answer window of a date range", () => {
  it("spans whole learning days in Asia/Kolkata (+5:30) with a 4 am day start", () => {
    const w = answerWindow({ from: "2026-11-01", to: "2026-11-02" }, { timezone: "Asia/Kolkata", dayStartHour: 4 });
    // 1 Nov 04:00 IST = 31 Oct 22:30 UTC; the day after 2 Nov starts 3 Nov 04:00 IST = 2 Nov 22:30 UTC.
    expect(w.from?.toISOString()).toBe("2026-10-31T22:30:00.000Z");
    expect(w.until?.toISOString()).toBe("2026-11-02T22:30:00.000Z");
  });

  it("follows Pacific/Chatham (+12:45, +13:45 in summer) across its DST change", () => {
    // Chatham's clocks go forward on the last Sunday of September (27 Sep 2026, 02:45 → 03:45).
    const w = answerWindow({ from: "2026-09-26", to: "2026-09-27" }, { timezone: "Pacific/Chatham", dayStartHour: 0 });
    expect(w.from?.toISOString()).toBe("2026-09-25T11:15:00.000Z");
    expect(w.until?.toISOString()).toBe("2026-09-27T10:15:00.000Z");
  });

  it("is open-ended on a side left empty", () => {
    expect(answerWindow({ from: null, to: "2026-11-02" }, { timezone: "UTC", dayStartHour: 0 })).toEqual({ from: null, until: new Date("2026-11-03T00:00:00Z") });
  });
});

describe("learners table order and pages", () => {
  const row = (name: string, cards: number, risks: number, lastActiveAt: Date | null = null) => ({
    name,
    lessonsRead: 0,
    cards,
    dueNow: 0,
    overdue: 0,
    leeches: 0,
    retention30: null,
    reviews7: 0,
    lastActiveAt,
    risks: Array.from({ length: risks }, () => "r"),
  });

  it("puts at-risk learners first by default, ties by name", () => {
    const rows = [row("Cy", 1, 0), row("Ada", 5, 1), row("Ben", 3, 2), row("Abe", 2, 1)];
    expect(sortLearners(rows, "risk", "desc").map((r) => r.name)).toEqual(["Ben", "Abe", "Ada", "Cy"]);
  });

  it("keeps missing values last in both directions", () => {
    const rows = [row("A", 0, 0, null), row("B", 0, 0, new Date("2026-11-01T00:00:00Z")), row("C", 0, 0, new Date("2026-11-02T00:00:00Z"))];
    expect(sortLearners(rows, "lastActiveAt", "desc").map((r) => r.name)).toEqual(["C", "B", "A"]);
    expect(sortLearners(rows, "lastActiveAt", "asc").map((r) => r.name)).toEqual(["B", "C", "A"]);
  });

  it("cuts 5,000 learners into pages of 50 and shows the last page for a page past the end", () => {
    const rows = Array.from({ length: 5000 }, (_, i) => i);
    expect(pageOf(rows, 1)).toMatchObject({ page: 1, pages: 100, first: 1, last: 50 });
    expect(pageOf(rows, 100).rows).toEqual(rows.slice(4950));
    expect(pageOf(rows, 250)).toMatchObject({ page: 100, first: 4951, last: 5000 });
    expect(pageOf([], 3)).toMatchObject({ page: 1, pages: 1, first: 0, last: 0 });
  });
});

describe("items order", () => {
  it("lists questions with a warning first, then the lowest facility", () => {
    const item = (id: string, facility: number | null, warning: boolean) => ({ id, facility, flags: warning ? [{ severity: "warning" }] : [{ severity: "info" }] });
    const ordered = orderItems([item("easy", 0.9, false), item("hard", 0.2, false), item("broken", 0.8, true), item("new", null, false)]);
    expect(ordered.map((i) => i.id)).toEqual(["broken", "hard", "easy", "new"]);
  });
});
