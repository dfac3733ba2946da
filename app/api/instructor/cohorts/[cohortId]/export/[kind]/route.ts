import { NextResponse } from "next/server";
import { getCurrentUser } from "@/lib/auth/session";
import { requireCohort } from "@/lib/cohorts/access";
import { cohortItemsCsv, cohortLearnersCsv, cohortReviewsCsv } from "@/lib/cohorts/export";
import { parseReportFilters } from "@/lib/cohorts/report-filters";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";

const EXPORTS = { "learners.csv": cohortLearnersCsv, "items.csv": cohortItemsCsv, "reviews.csv": cohortReviewsCsv } as const;

/**
 * A cohort's CSV exports, for its instructors: 401 signed out, 403 not an instructor, 404 not their cohort.
 * The learners and items exports take the report's query string, so each is exactly its filtered table.
 */
export async function GET(request: Request, { params }: { params: Promise<{ cohortId: string; kind: string }> }) {
  const { cohortId, kind } = await params;
  const user = await getCurrentUser();
  if (!user) return NextResponse.json({ error: "Sign in to export a cohort." }, { status: 401 });
  // An own property only: "constructor", "valueOf" or "__proto__" name the object's prototype, not an export.
  const make = Object.hasOwn(EXPORTS, kind) ? EXPORTS[kind as keyof typeof EXPORTS] : undefined;
  try {
    if (!make) {
      // The access check comes first, as for a real export: the answer says nothing about a cohort one cannot see.
      await requireCohort({ db: db(), actor: user, cohortId });
      return NextResponse.json({ error: "Unknown export: use learners.csv, items.csv or reviews.csv." }, { status: 404 });
    }
    const { filters, problems } = parseReportFilters(new URL(request.url).searchParams);
    if (problems.length) {
      await requireCohort({ db: db(), actor: user, cohortId });
      return NextResponse.json({ error: problems.join(" ") }, { status: 400 });
    }
    const csv = await make({ db: db(), actor: user, cohortId, filters, day: { timezone: user.timezone, dayStartHour: user.dayStartHour } });
    const stamp = new Date().toISOString().slice(0, 10);
    return new Response(csv, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="cohort-${kind.replace(".csv", "")}-${stamp}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (e) {
    if (isAppError(e)) return NextResponse.json({ error: e.message }, { status: e.status });
    throw e;
  }
}
