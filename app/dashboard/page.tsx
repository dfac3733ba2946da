import type { Metadata } from "next";
import { ConfirmEmailBanner } from "@/components/account/confirm-email-banner";
import { DashboardView } from "@/components/dashboard/dashboard-view";
import { requirePageUser } from "@/lib/auth/session";
import { listMyCohorts } from "@/lib/cohorts/membership";
import { db } from "@/lib/db/client";
import { getDashboard } from "@/lib/learners/get-dashboard";
import { getTrueRetention } from "@/lib/learners/get-true-retention";
import { isEmailVerified } from "@/lib/learners/verify-email";
import { listLeeches } from "@/lib/reviews/list-leeches";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await requirePageUser("/dashboard");
  const [dashboard, trueRetention, cohorts, leeches, verified] = await Promise.all([
    getDashboard({ db: db(), actor: user }),
    getTrueRetention({ db: db(), actor: user }),
    listMyCohorts({ db: db(), actor: user }),
    listLeeches({ db: db(), actor: user }),
    isEmailVerified({ db: db(), actor: user }),
  ]);
  const cohortTargets = cohorts
    .filter((c) => c.role === "LEARNER")
    .flatMap((c) => c.courses.map((course) => ({ cohortId: c.id, cohortName: c.name, courseId: course.courseId, title: course.title, targetDate: course.targetDate ? course.targetDate.toISOString().slice(0, 10) : null })));
  const view = <DashboardView name={user.name} d={dashboard} trueRetention={trueRetention} cohortTargets={cohortTargets} leeches={leeches} />;
  if (verified) return view;
  return (
    <div className="space-y-6">
      <ConfirmEmailBanner email={user.email} />
      {view}
    </div>
  );
}
