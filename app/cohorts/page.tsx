import type { Metadata } from "next";
import Link from "next/link";
import { ConfirmEmailBanner } from "@/components/account/confirm-email-banner";
import { Alert, Card, PageTitle } from "@/components/ui/card";
import { LinkList } from "@/components/ui/link-list";
import { requirePageUser } from "@/lib/auth/session";
import { listMyCohorts } from "@/lib/cohorts/membership";
import { db } from "@/lib/db/client";
import { queryParam } from "@/lib/http/params";
import { isEmailVerified } from "@/lib/learners/verify-email";
import { JoinForm, LeaveButton } from "./forms";

export const metadata: Metadata = { title: "My cohorts" };

export default async function MyCohortsPage({ searchParams }: { searchParams: Promise<{ joined?: string | string[] }> }) {
  const user = await requirePageUser("/cohorts");
  const joined = queryParam((await searchParams).joined);
  const [cohorts, verified] = await Promise.all([listMyCohorts({ db: db(), actor: user }), isEmailVerified({ db: db(), actor: user })]);
  return (
    <div className="space-y-8">
      <div>
        <PageTitle>My cohorts</PageTitle>
        <p className="text-[var(--fg-muted)]">
          A cohort is a group studying courses together. Its instructors see your progress in its courses — lessons read, cards, reviews and
          retention — including what you did in a course before you joined or before it was added to the cohort, and nothing else of
          yours. Leaving ends it at once.
        </p>
      </div>
      {joined && <Alert kind="success">You have joined the cohort.</Alert>}
      {!verified && <ConfirmEmailBanner email={user.email} reason="Joining a cohort needs it: its instructors see your name and address." />}
      {cohorts.length === 0 ? (
        <Card>
          <h2 className="text-lg font-semibold">You are not in a cohort</h2>
          <p className="text-[var(--fg-muted)]">If your instructor gave you a join code, enter it below. You can study every course without one.</p>
        </Card>
      ) : (
        <ul className="space-y-4">
          {cohorts.map((c) => (
            <li key={c.id}>
              <Card className="flex flex-wrap items-start justify-between gap-4">
                <div className="space-y-1">
                  <h2 className="text-lg font-semibold">{c.name}</h2>
                  <p className="text-sm text-[var(--fg-muted)]">
                    {c.role === "INSTRUCTOR" ? "You are an instructor" : `Joined ${c.joinedAt.toISOString().slice(0, 10)}`}
                    {c.instructors.length > 0 ? ` · run by ${c.instructors.join(", ")}` : ""}
                  </p>
                  <LinkList
                    className="text-sm"
                    items={c.courses.map((course) => ({
                      href: `/courses/${course.courseId}`,
                      label: course.title,
                      note: course.targetDate ? ` — finish by ${course.targetDate.toISOString().slice(0, 10)}` : "",
                    }))}
                  />
                </div>
                {c.role === "LEARNER" ? (
                  <LeaveButton cohortId={c.id} name={c.name} />
                ) : (
                  <Link href={`/instructor/cohorts/${c.id}`} className="underline">
                    Open the dashboard
                  </Link>
                )}
              </Card>
            </li>
          ))}
        </ul>
      )}
      <Card>
        <h2 className="mb-3 text-lg font-semibold">Join a cohort</h2>
        <JoinForm />
      </Card>
    </div>
  );
}
