import type { Metadata } from "next";
import Link from "next/link";
import { ConfirmEmailBanner } from "@/components/account/confirm-email-banner";
import { SsoButtons } from "@/components/auth/sso-buttons";
import { Alert, Card, PageTitle } from "@/components/ui/card";
import { ColumnHeaders } from "@/components/ui/column-headers";
import { listSignInMethods } from "@/lib/auth/list-sign-in-methods";
import { requirePageUser } from "@/lib/auth/session";
import { SSO_REFUSAL_MESSAGES, type SsoRefusal } from "@/lib/auth/sign-in-with-provider";
import { db } from "@/lib/db/client";
import { getFitStatus, isHeldOutReport } from "@/lib/learners/fit-parameters";
import { getRescheduleOffer } from "@/lib/learners/get-reschedule-offer";
import { getReminderSettings } from "@/lib/reminders/reminder-settings";
import { MIN_REVIEWS_FOR_FIT } from "@/lib/srs/fit";
import { DeleteAccount, FitParameters, PasswordForm, RemindersForm, RescheduleOfferCard, RetentionAdvisor, SettingsForm, SignOutEverywhere, UnlinkProvider } from "./settings-forms";
import { timeZoneChoices } from "@/lib/learners/time-zones";

export const metadata: Metadata = { title: "Settings" };

/** A held-out figure; a fit with nothing to score stores none (NaN becomes null in JSON). */
function figure(value: number | null): string {
  return typeof value === "number" && Number.isFinite(value) ? value.toFixed(4) : "–";
}

export default async function SettingsPage({ searchParams }: { searchParams: Promise<{ sso?: string | string[] }> }) {
  const user = await requirePageUser("/settings");
  const { sso } = await searchParams;
  const ssoProblem = typeof sso === "string" && Object.hasOwn(SSO_REFUSAL_MESSAGES, sso) ? SSO_REFUSAL_MESSAGES[sso as SsoRefusal] : null;
  const timezones = timeZoneChoices(user.timezone);
  const [fit, offer, reminders, methods] = await Promise.all([
    getFitStatus({ db: db(), actor: user }),
    getRescheduleOffer({ db: db(), actor: user }),
    getReminderSettings({ db: db(), actor: user }),
    listSignInMethods({ db: db(), actor: user }),
  ]);
  const report = fit.report;
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <PageTitle>Settings</PageTitle>
      {!reminders.emailVerified && <ConfirmEmailBanner email={user.email} />}
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
      <Card aria-labelledby="reminders-heading">
        <h2 id="reminders-heading" className="mb-2 text-lg font-semibold">
          Review reminders
        </h2>
        <p className="mb-3 text-sm text-[var(--fg-muted)]">
          {reminders.emailVerified
            ? "A short mail on the days you have cards due: how many, and about how long they take at your usual pace. Every mail has a one-click unsubscribe."
            : "Reminders go only to a confirmed address: follow the link we mailed you first."}
        </p>
        <RemindersForm
          verified={reminders.emailVerified}
          timezone={reminders.timezone}
          canDigest={reminders.canDigest}
          initial={{ reminderEnabled: reminders.reminderEnabled ? "on" : "", reminderTime: reminders.reminderTime, digestEnabled: reminders.digestEnabled ? "on" : "" }}
        />
      </Card>
      <Card aria-labelledby="advisor-heading">
        <h2 id="advisor-heading" className="mb-2 text-lg font-semibold">
          Which retention costs you least?
        </h2>
        <p className="mb-3 text-sm text-[var(--fg-muted)]">
          A higher desired retention means fewer forgotten cards but more reviews; a lower one, fewer reviews but more relearning. Recall
          simulates a year of your own cards at each retention from 0.70 to 0.97, with your memory parameters and the time your answers
          take, and marks the one that costs the fewest minutes per card you still know at the end.
        </p>
        <RetentionAdvisor current={user.desiredRetention} />
      </Card>
      <Card aria-labelledby="fsrs-heading">
        <h2 id="fsrs-heading" className="mb-2 text-lg font-semibold">
          Personal scheduling parameters
        </h2>
        <p className="mb-2 text-sm text-[var(--fg-muted)]">
          FSRS starts with parameters fitted on millions of reviews. Once you have {MIN_REVIEWS_FOR_FIT} reviews, Recall can fit them to
          your own memory. It fits on your earlier reviews and checks the fit on your later ones, and keeps it only if it predicts them
          clearly better than the parameters you use now.
        </p>
        <p className="mb-3 text-sm" data-testid="fsrs-status">
          You have {fit.reviews} reviews. Using {fit.personal ? "your personal parameters" : "the default parameters"}.
        </p>
        {report && (
          <div className="mb-3 space-y-2 text-sm" data-testid="fit-report">
            <p>
              Last fit ({new Date(report.at).toUTCString()}, {report.reviews} reviews): <strong>{report.kept ? "kept" : "not kept"}</strong>. {report.reason}
            </p>
            {isHeldOutReport(report) && report.splits > 0 && (
              <>
                <p className="text-[var(--fg-muted)]">
                  Both scored on {report.heldOutReviews} later reviews the fit had not seen ({report.splits} splits); lower is better.
                </p>
                <table className="text-sm">
                  <caption className="sr-only">Held-out log loss and RMSE (bins) of the parameters in use and of the fitted ones</caption>
                  <ColumnHeaders columns={[{ label: "Parameters", className: "text-left" }, { label: "Log loss", className: "text-right" }, { label: "RMSE (bins)", className: "text-right" }]} cellClassName="font-semibold pr-4" />
                  <tbody>
                    <tr>
                      <th scope="row" className="pr-4 text-left font-normal">
                        In use before the fit
                      </th>
                      <td className="pr-4 text-right tabular-nums">{figure(report.current.logLoss)}</td>
                      <td className="text-right tabular-nums">{figure(report.current.rmseBins)}</td>
                    </tr>
                    <tr>
                      <th scope="row" className="pr-4 text-left font-normal">
                        Fitted
                      </th>
                      <td className="pr-4 text-right tabular-nums">{figure(report.fitted.logLoss)}</td>
                      <td className="text-right tabular-nums">{figure(report.fitted.rmseBins)}</td>
                    </tr>
                  </tbody>
                </table>
              </>
            )}
          </div>
        )}
        {!fit.eligibility.allowed && <p className="mb-3 text-sm text-[var(--fg-muted)]">{fit.eligibility.reason}</p>}
        <FitParameters enabled={fit.eligibility.allowed} />
      </Card>
      <RescheduleOfferCard offer={offer} />
      <Card aria-labelledby="export-heading">
        <h2 id="export-heading" className="mb-2 text-lg font-semibold">
          Your data
        </h2>
        <p className="mb-3 text-sm text-[var(--fg-muted)]">
          Download your review history in the columns the FSRS optimizer reads, your cards as JSON, or your cards as an Anki deck
          with their schedule and memory state (in Anki&apos;s import options tick &ldquo;Import any learning progress&rdquo;, and
          &ldquo;Import any deck presets&rdquo; for your FSRS parameters; turn on FSRS in Anki to use them).
        </p>
        <div className="flex flex-wrap gap-3">
          <a href="/api/me/export/reviews.csv" className="rounded-md border border-[var(--border)] px-4 py-2 text-sm font-semibold hover:bg-[var(--bg-muted)]" download>
            Review history (CSV)
          </a>
          <a href="/api/me/export/cards.json" className="rounded-md border border-[var(--border)] px-4 py-2 text-sm font-semibold hover:bg-[var(--bg-muted)]" download>
            Cards (JSON)
          </a>
          <a href="/api/me/export/cards.apkg" className="rounded-md border border-[var(--border)] px-4 py-2 text-sm font-semibold hover:bg-[var(--bg-muted)]" download>
            Cards for Anki (.apkg)
          </a>
        </div>
      </Card>
      <Card aria-labelledby="sign-in-methods-heading" id="sign-in-methods">
        <h2 id="sign-in-methods-heading" className="mb-2 text-lg font-semibold">
          Sign-in methods
        </h2>
        {ssoProblem && <Alert className="mb-3">{ssoProblem}</Alert>}
        <ul className="mb-3 space-y-1 text-sm" data-testid="sign-in-methods">
          <li>{methods.hasPassword ? "Email and password" : "No password yet"}</li>
          {methods.linked.map((m) => (
            <li key={m.provider} className="flex flex-wrap items-center gap-2">
              <span>
                {m.name} <span className="text-[var(--fg-muted)]">(linked {m.linkedAt.toISOString().slice(0, 10)})</span>
              </span>
              <UnlinkProvider provider={m.provider} name={m.name} />
            </li>
          ))}
        </ul>
        {methods.linkable.length > 0 && (
          <>
            <p className="mb-3 text-sm text-[var(--fg-muted)]">Link another service to sign in with it too. You will be asked to sign in there.</p>
            <SsoButtons providers={methods.linkable} callbackUrl="/settings#sign-in-methods" verb="Link" />
          </>
        )}
      </Card>
      <Card aria-labelledby="password-heading">
        <h2 id="password-heading" className="mb-4 text-lg font-semibold">
          Password
        </h2>
        {methods.hasPassword ? (
          <PasswordForm />
        ) : (
          <p className="text-sm text-[var(--fg-muted)]">
            You sign in with another service and have no password. To have one too, ask for a link:{" "}
            <Link className="font-medium text-brand-600 underline dark:text-brand-100" href="/forgot-password">
              set a password by email
            </Link>
            .
          </p>
        )}
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
        <DeleteAccount hasPassword={methods.hasPassword} />
      </Card>
    </div>
  );
}
