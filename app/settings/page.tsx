import type { Metadata } from "next";
import { Card, PageTitle } from "@/components/ui/card";
import { requirePageUser } from "@/lib/auth/session";
import { PasswordForm, SettingsForm, SignOutEverywhere } from "./settings-forms";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requirePageUser("/settings");
  const timezones = Intl.supportedValuesOf("timeZone");
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
    </div>
  );
}
