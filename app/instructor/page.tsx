import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageTitle } from "@/components/ui/card";
import { requirePageRole } from "@/lib/auth/session";
import { listCohorts } from "@/lib/cohorts/manage";
import { formatJoinCode } from "@/lib/cohorts/codes";
import { listCohortCourses } from "@/lib/cohorts/get-cohort-settings";
import { db } from "@/lib/db/client";
import { CohortForm } from "./forms";

export const metadata: Metadata = { title: "Cohorts" };

export default async function InstructorPage() {
  const user = await requirePageRole("/instructor", "INSTRUCTOR", "ADMIN");
  const [cohorts, courses] = await Promise.all([
    listCohorts({ db: db(), actor: user }),
    listCohortCourses({ db: db(), actor: user }),
  ]);
  return (
    <div className="space-y-8">
      <div>
        <PageTitle>Cohorts</PageTitle>
        <p className="text-[var(--fg-muted)]">
          {user.role === "ADMIN" ? "Every cohort on this site." : "The cohorts you run."} Open one to see who is falling behind, what the
          cohort has retained, and which questions look broken.
        </p>
      </div>
      {cohorts.length === 0 ? (
        <Card>
          <h2 className="text-lg font-semibold">No cohorts yet</h2>
          <p className="text-[var(--fg-muted)]">Create one below: you get a join code and a link to send to your learners.</p>
        </Card>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2">
          {cohorts.map((c) => (
            <li key={c.id}>
              <Card className="h-full">
                <h2 className="text-lg font-semibold">
                  <Link href={`/instructor/cohorts/${c.id}`} className="underline-offset-2 hover:underline">
                    {c.name}
                  </Link>
                </h2>
                <p className="text-sm text-[var(--fg-muted)]">{c.courses.join(" · ") || "No course"}</p>
                <p className="mt-2 text-sm">
                  {c.learners} learner{c.learners === 1 ? "" : "s"} · {c.instructors} instructor{c.instructors === 1 ? "" : "s"} · code{" "}
                  <span className="font-mono">{formatJoinCode(c.joinCode)}</span>
                </p>
              </Card>
            </li>
          ))}
        </ul>
      )}
      <Card>
        <h2 className="mb-3 text-lg font-semibold">New cohort</h2>
        <CohortForm courses={courses} />
      </Card>
    </div>
  );
}
