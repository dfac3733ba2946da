import type { Metadata } from "next";
import { Card, PageTitle } from "@/components/ui/card";
import { requirePageUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { countReviewsForFit, type FitReport } from "@/lib/learners/fit-parameters";
import { MIN_REVIEWS_FOR_FIT } from "@/lib/srs/fit";
import { DeleteAccount, FitParameters, PasswordForm, SettingsForm, SignOutEverywhere } from "./settings-forms";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requirePageUser("/settings");
  const timezones = Intl.supportedValuesOf("timeZone");
  const [reviews, fit] = await Promise.all([
    countReviewsForFit({ db: db(), userId: user.id }),
    db().user.findUnique({ where: { id: user.id }, select: { fsrsFitReport: true, fsrsParams: true } }),
  ]);
  const report = fit?.fsrsFitReport as FitReport | null;
  if (!timezones.includes("UTC")) timezones.unshift("UTC");
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <PageTitle>Settings</PageTitle>
      <Card aria-labelledby="profile-heading">
        <h2 id="profile-heading" className="mb-4 text-lg font-semibold">
          Profile and study
        </h2>
        <SettingsForm
          timezones={timezones}
          initial={{
            name: user.name,
            timezone: user.timezone,
            dayStartHour: String(user.dayStartHour),
            desiredRetention: user.desiredRetention.toFixed(2),
          }}
        />
      </Card>
      <Card aria-labelledby="fsrs-heading">
        <h2 id="fsrs-heading" className="mb-2 text-lg font-semibold">
          Personal scheduling parameters
        </h2>
        <p className="mb-2 text-sm text-[var(--fg-muted)]">
          FSRS starts with parameters fitted on millions of reviews. Once you have {MIN_REVIEWS_FOR_FIT} reviews, Recall can fit them to
          your own memory, and keeps the new ones only if they predict your history better.
        </p>
        <p className="mb-3 text-sm" data-testid="fsrs-status">
          You have {reviews} reviews. Using {fit?.fsrsParams ? "your personal parameters" : "the default parameters"}.
          {report && (
            <>
              {" "}
              Last fit ({new Date(report.at).toUTCString()}, {report.reviews} reviews): log loss {report.logLossBefore.toFixed(4)} →{" "}
              {report.logLossAfter.toFixed(4)} — {report.kept ? "kept" : "not kept"}. {report.reason}
            </>
          )}
        </p>
        <FitParameters enabled={reviews >= MIN_REVIEWS_FOR_FIT} />
      </Card>
      <Card aria-labelledby="export-heading">
        <h2 id="export-heading" className="mb-2 text-lg font-semibold">
          Your data
        </h2>
        <p className="mb-3 text-sm text-[var(--fg-muted)]">
          Download your review history in the columns the FSRS optimizer reads, and your cards as JSON.
        </p>
        <div className="flex flex-wrap gap-3">
          <a href="/api/me/export/reviews.csv" className="rounded-md border border-[var(--border)] px-4 py-2 text-sm font-semibold hover:bg-[var(--bg-muted)]" download>
            Review history (CSV)
          </a>
          <a href="/api/me/export/cards.json" className="rounded-md border border-[var(--border)] px-4 py-2 text-sm font-semibold hover:bg-[var(--bg-muted)]" download>
            Cards (JSON)
          </a>
        </div>
      </Card>
      <Card aria-labelledby="password-heading">
        <h2 id="password-heading" className="mb-4 text-lg font-semibold">
          Password
        </h2>
        <PasswordForm />
      </Card>
      <Card aria-labelledby="sessions-heading">
        <h2 id="sessions-heading" className="mb-2 text-lg font-semibold">
          Sessions
        </h2>
        <p className="mb-4 text-sm text-[var(--fg-muted)]">Signed in on a shared computer? End every session, this one included.</p>
        <SignOutEverywhere />
      </Card>
      <Card aria-labelledby="delete-heading">
        <h2 id="delete-heading" className="mb-2 text-lg font-semibold">
          Delete your account
        </h2>
        <p className="mb-3 text-sm text-[var(--fg-muted)]">
          This deletes your cards, your review history and your cohort memberships, for good. Download your data above first if you want to
          keep it.
        </p>
        <DeleteAccount />
      </Card>
    </div>
  );
}
