import Link from "next/link";
import type { ReactNode } from "react";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { Alert, PageTitle } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { LEVELS, reportQuery, type ReportFilters } from "@/lib/cohorts/report-filters";

export type ReportTab = "overview" | "learners" | "topics" | "items";

const TABS: { key: ReportTab; label: string; path: string }[] = [
  { key: "overview", label: "Overview", path: "" },
  { key: "learners", label: "Learners", path: "/learners" },
  { key: "topics", label: "Topics × learners", path: "/topics" },
  { key: "items", label: "Items", path: "/items" },
];

/** A report's URL with the filters carried over (the sort and page belong to the learners table only). */
export function reportHref(cohortId: string, tab: ReportTab, filters: ReportFilters): string {
  const path = TABS.find((t) => t.key === tab)!.path;
  const query = tab === "overview" ? "" : reportQuery(filters, tab === "learners" ? {} : { sort: "risk", dir: "desc", page: 1 });
  return `/instructor/cohorts/${cohortId}${path}${query}`;
}

/** Breadcrumb, title, the reports' tabs, and the messages about ignored query values. */
export function ReportHeader({
  cohort,
  tab,
  title,
  filters,
  problems = [],
  children,
}: {
  cohort: { id: string; name: string };
  tab: ReportTab;
  title: string;
  filters: ReportFilters;
  problems?: string[];
  children?: ReactNode;
}) {
  return (
    <div className="space-y-3">
      {tab === "overview" ? (
        <Breadcrumb trail={[{ href: "/instructor", label: "Cohorts" }]} current={cohort.name} />
      ) : (
        <Breadcrumb trail={[{ href: "/instructor", label: "Cohorts" }, { href: `/instructor/cohorts/${cohort.id}`, label: cohort.name }]} />
      )}
      <PageTitle>{title}</PageTitle>
      {children}
      <nav aria-label="Cohort reports" className="border-b border-[var(--border)]">
        <ul className="flex flex-wrap gap-x-1 text-sm">
          {TABS.map((t) => (
            <li key={t.key}>
              <Link
                href={reportHref(cohort.id, t.key, filters)}
                aria-current={t.key === tab ? "page" : undefined}
                className={`block whitespace-nowrap rounded-t-md px-3 py-2 ${t.key === tab ? "border-b-2 border-brand-600 font-semibold dark:border-brand-100" : "text-[var(--fg-muted)] hover:text-[var(--fg)]"}`}
              >
                {t.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {problems.length > 0 && (
        <Alert kind="error">
          <p>Some of the link&apos;s filters were ignored:</p>
          <ul className="ml-5 list-disc">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </Alert>
      )}
    </div>
  );
}

const filterControlClass = `${inputClass} py-1.5 text-sm`;

/** One filter as a labelled select; the empty value (`all`) means no filter. Options are [value, text]. */
function FilterSelect({ name, label, all, value, options, className }: { name: string; label: string; all: string; value?: string | null; options: [string, string][]; className?: string }) {
  return (
    <div className={className}>
      <label htmlFor={`filter-${name}`} className="block text-sm font-medium">
        {label}
      </label>
      <select id={`filter-${name}`} name={name} defaultValue={value ?? ""} className={filterControlClass}>
        <option value="">{all}</option>
        {options.map(([optionValue, text]) => (
          <option key={optionValue} value={optionValue}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

function FilterDate({ name, label, value }: { name: string; label: string; value?: string | null }) {
  return (
    <div>
      <label htmlFor={`filter-${name}`} className="block text-sm font-medium">
        {label}
      </label>
      <input id={`filter-${name}`} name={name} type="date" defaultValue={value ?? ""} className={filterControlClass} />
    </div>
  );
}

/**
 * The filters as a plain GET form: applying them is a navigation, so the URL holds them, a reload keeps
 * them and the browser's back button undoes them. Works without JavaScript.
 */
export function ReportFiltersForm({
  action,
  filters,
  courses,
  topics,
}: {
  action: string;
  filters: ReportFilters;
  courses: { courseId: string; title: string }[];
  topics: { topicId: string; title: string }[];
}) {
  return (
    <form action={action} method="get" className="rounded-lg border border-[var(--border)] p-3" aria-label="Filters" data-testid="report-filters">
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-6">
        <FilterSelect name="course" label="Course" all="All courses" value={filters.courseId} options={courses.map((c) => [c.courseId, c.title])} className="col-span-2" />
        <FilterSelect name="topic" label="Topic" all="All topics" value={filters.topicId} options={topics.map((t) => [t.topicId, t.title])} />
        <FilterSelect name="level" label="Level" all="All levels" value={filters.level} options={LEVELS.map((l) => [l, l])} />
        <FilterDate name="from" label="Answers from" value={filters.from} />
        <FilterDate name="to" label="Answers to" value={filters.to} />
      </div>
      <div className="mt-3 flex flex-wrap items-center gap-3 text-sm">
        <label className="flex items-center gap-2">
          <input type="checkbox" name="risk" value="1" defaultChecked={filters.atRiskOnly} className="size-4" />
          At-risk learners only
        </label>
        {filters.sort !== "risk" && <input type="hidden" name="sort" value={filters.sort} />}
        {filters.dir !== (filters.sort === "name" ? "asc" : "desc") && <input type="hidden" name="dir" value={filters.dir} />}
        <button type="submit" className={buttonClass("primary", "py-1.5 text-sm")}>
          Apply filters
        </button>
        <Link href={action} className="underline">
          Clear filters
        </Link>
      </div>
    </form>
  );
}

/** Previous / next links between pages of a report's table, keeping the filters and sort. */
export function Pager({ base, filters, page, pages, label }: { base: string; filters: ReportFilters; page: number; pages: number; label: string }) {
  if (pages <= 1) return null;
  return (
    <nav aria-label={label} className="flex flex-wrap items-center gap-3 text-sm">
      {page > 1 && (
        <Link href={`${base}${reportQuery(filters, { page: page - 1 })}`} className="underline" rel="prev">
          ← Previous 50
        </Link>
      )}
      <span>
        Page {page} of {pages}
      </span>
      {page < pages && (
        <Link href={`${base}${reportQuery(filters, { page: page + 1 })}`} className="underline" rel="next">
          Next 50 →
        </Link>
      )}
    </nav>
  );
}
