import { notFound, redirect } from "next/navigation";
import { requirePageRole } from "@/lib/auth/session";
import { getCohortDashboard } from "@/lib/cohorts/dashboard";
import { parseReportFilters, reportQuery, type SearchParams } from "@/lib/cohorts/report-filters";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";

/**
 * What every report page does first: the instructor's session, the filters from the query string
 * (a URL written by the filters form, with its empty fields, is redirected to its short form so the
 * address bar shows exactly what is applied), then the cohort's figures through lib/cohorts, which
 * checks access. A cohort that is not the actor's is a 404.
 */
export async function loadReport(cohortId: string, path: string, searchParams: SearchParams) {
  const returnTo = `/instructor/cohorts/${cohortId}${path}`;
  const user = await requirePageRole(returnTo, "INSTRUCTOR", "ADMIN");
  const { filters, problems } = parseReportFilters(searchParams);
  const given = new URLSearchParams(Object.entries(searchParams).flatMap(([k, v]) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x) => [k, x]))));
  const canonical = reportQuery(filters);
  if (problems.length === 0 && (given.toString() ? `?${given.toString()}` : "") !== canonical) redirect(`${returnTo}${canonical}`);
  const now = new Date();
  try {
    const dash = await getCohortDashboard({ db: db(), actor: user, cohortId, now, day: { timezone: user.timezone, dayStartHour: user.dayStartHour }, filters });
    return { user, now, filters, problems, dash };
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  }
}
