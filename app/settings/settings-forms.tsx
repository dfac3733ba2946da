"use client";

import { signOutTo } from "@/components/ui/sign-out";
import { useActionState, useEffect } from "react";
import { Button } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import { ReschedulePreview } from "@/components/charts/reschedule-preview";
import { RetentionAdvisorChart } from "@/components/charts/retention-advisor-chart";
import type { RescheduleOffer } from "@/lib/learners/get-reschedule-offer";
import { Field, Input, inputClass, TextField } from "@/components/ui/field";
import {
  adviseRetentionAction,
  changePasswordAction,
  deleteAccountAction,
  fitParametersAction,
  rescheduleAction,
  saveRemindersAction,
  saveSettingsAction,
  signOutEverywhereAction,
  takeRetentionAction,
  unlinkProviderAction,
  type AdviceState,
  type FormState,
} from "./actions";

const idle: FormState = { status: "idle" };

export function SettingsForm({ timezones, initial }: { timezones: string[]; initial: Record<string, string> }) {
  const [state, action, pending] = useActionState(saveSettingsAction, idle);
  const v = state.values ?? initial;
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.status !== "idle" && <Alert kind={state.status === "ok" ? "success" : "error"}>{state.message}</Alert>}
      <TextField id="name" label="Name" name="name" defaultValue={v.name} error={e.name} autoComplete="name" />
      <Field id="timezone" label="Time zone" error={e.timezone} hint="Your learning days and streak follow this time zone.">
        <select id="timezone" name="timezone" defaultValue={v.timezone} className={inputClass} aria-invalid={e.timezone ? true : undefined}>
          {timezones.map((tz) => (
            <option key={tz} value={tz}>
              {tz}
            </option>
          ))}
        </select>
      </Field>
      <Field id="dayStartHour" label="My day starts at" error={e.dayStartHour} hint="Reviews before this hour count for the previous day, as in Anki.">
        <select id="dayStartHour" name="dayStartHour" defaultValue={v.dayStartHour} className={inputClass}>
          {Array.from({ length: 24 }, (_, h) => (
            <option key={h} value={h}>
              {String(h).padStart(2, "0")}:00
            </option>
          ))}
        </select>
      </Field>
      <Field
        id="desiredRetention"
        label="Desired retention"
        error={e.desiredRetention}
        hint="The chance of remembering a card when it comes back, 0.70–0.97. Higher means more reviews."
      >
        <Input id="desiredRetention" name="desiredRetention" type="number" inputMode="decimal" step="0.01" min="0.7" max="0.97" defaultValue={v.desiredRetention} error={e.desiredRetention} />
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save settings"}
      </Button>
    </form>
  );
}

/** Daily review reminders (and, for instructors, the weekly digest): opt-in, at a local time. */
export function RemindersForm({ initial, timezone, canDigest, verified }: { initial: Record<string, string>; timezone: string; canDigest: boolean; verified: boolean }) {
  const [state, action, pending] = useActionState(saveRemindersAction, idle);
  const v = state.values ?? initial;
  const e = state.fieldErrors ?? {};
  const checkboxClass = "h-5 w-5 rounded border-[var(--border)]";
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.status !== "idle" && <Alert kind={state.status === "ok" ? "success" : "error"}>{state.message}</Alert>}
      <div className="flex items-center gap-3">
        <input id="reminderEnabled" name="reminderEnabled" type="checkbox" defaultChecked={v.reminderEnabled === "on"} disabled={!verified} className={checkboxClass} key={`r-${v.reminderEnabled}`} />
        <label htmlFor="reminderEnabled" className="text-sm font-medium">
          Email me on days with cards due
        </label>
      </div>
      <Field id="reminderTime" label="At (your local time)" error={e.reminderTime} hint={`HH:MM in your time zone, ${timezone}. One mail a day at most, only when cards are due.`}>
        <Input id="reminderTime" name="reminderTime" type="time" required defaultValue={v.reminderTime} error={e.reminderTime} disabled={!verified} key={`t-${v.reminderTime}`} />
      </Field>
      {canDigest && (
        <div className="flex items-center gap-3">
          <input id="digestEnabled" name="digestEnabled" type="checkbox" defaultChecked={v.digestEnabled === "on"} disabled={!verified} className={checkboxClass} key={`d-${v.digestEnabled}`} />
          <label htmlFor="digestEnabled" className="text-sm font-medium">
            Email me a weekly digest of my cohorts&apos; at-risk learners (Mondays, 08:00)
          </label>
        </div>
      )}
      <Button type="submit" disabled={pending || !verified}>
        {pending ? "Saving…" : "Save reminders"}
      </Button>
    </form>
  );
}

export function PasswordForm() {
  const [state, action, pending] = useActionState(changePasswordAction, idle);
  const e = state.fieldErrors ?? {};
  useEffect(() => {
    if (state.status === "ok") {
      const t = setTimeout(() => signOutTo("/signin"), 1500);
      return () => clearTimeout(t);
    }
  }, [state.status]);
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.status !== "idle" && <Alert kind={state.status === "ok" ? "success" : "error"}>{state.message}</Alert>}
      <TextField id="currentPassword" label="Current password" name="currentPassword" type="password" autoComplete="current-password" error={e.currentPassword} />
      <TextField id="newPassword" label="New password" hint="At least 10 characters." name="newPassword" type="password" autoComplete="new-password" error={e.newPassword} />
      <TextField id="confirmPassword" label="Repeat the new password" name="confirmPassword" type="password" autoComplete="new-password" error={e.confirmPassword} />
      <Button type="submit" disabled={pending}>
        {pending ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}

export function SignOutEverywhere() {
  const [state, action, pending] = useActionState(signOutEverywhereAction, idle);
  useEffect(() => {
    if (state.status === "ok") void signOutTo("/signin");
  }, [state.status]);
  return (
    <form action={action}>
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Signing out…" : "Sign out everywhere"}
      </Button>
    </form>
  );
}

export function FitParameters({ enabled }: { enabled: boolean }) {
  const [state, action, pending] = useActionState(fitParametersAction, idle);
  return (
    <form action={action} className="space-y-2">
      {state.status !== "idle" && <Alert kind={state.status === "ok" ? "success" : "error"}>{state.message}</Alert>}
      <Button type="submit" variant="secondary" disabled={pending || !enabled}>
        {pending ? "Starting…" : "Fit my parameters"}
      </Button>
    </form>
  );
}

/**
 * The reschedule offer, its 30-day preview and the learner's word on it: move the cards, or keep the
 * schedule. Stays mounted when the offer is used up, so the outcome stays on screen.
 */
export function RescheduleOfferCard({ offer }: { offer: RescheduleOffer | null }) {
  const [state, action, pending] = useActionState(rescheduleAction, idle);
  if (!offer && state.status === "idle") return null;
  return (
    <Card aria-labelledby="reschedule-heading">
      <h2 id="reschedule-heading" className="mb-2 text-lg font-semibold">
        Reschedule your cards?
      </h2>
      {state.status === "ok" || !offer ? (
        <Alert kind={state.status === "ok" ? "success" : "error"}>{state.message}</Alert>
      ) : (
        <>
          <p className="mb-3 text-sm">
            {offer.reason === "parameters" ? "Your personal parameters changed" : `Your desired retention is now ${offer.desiredRetention.toFixed(2)}`}, so{" "}
            {offer.cardsMoved === 0
              ? "no review card would move: your schedule already matches."
              : `${offer.cardsMoved === 1 ? "1 review card" : `${offer.cardsMoved} review cards`} would get new due dates. Nothing moves unless you say so; cards in learning keep their steps.`}
          </p>
          <ReschedulePreview days={offer.days} />
          <form action={action} className="mt-3 space-y-2">
            {state.status === "error" && <Alert kind="error">{state.message}</Alert>}
            <input type="hidden" name="offer" value={offer.at} />
            <div className="flex flex-wrap gap-3">
              <Button type="submit" name="choice" value="reschedule" disabled={pending || offer.cardsMoved === 0}>
                {pending ? "Working…" : `Reschedule ${offer.cardsMoved === 1 ? "1 card" : `${offer.cardsMoved} cards`}`}
              </Button>
              <Button type="submit" name="choice" value="keep" variant="secondary" disabled={pending}>
                Keep my current schedule
              </Button>
            </div>
          </form>
        </>
      )}
    </Card>
  );
}

/**
 * The retention advisor: on request, a year of the learner's own deck simulated at every retention, the
 * curve, the cheapest retention per remembered card, and one button to take it.
 */
export function RetentionAdvisor({ current }: { current: number }) {
  const [state, advise, advising] = useActionState<AdviceState>(adviseRetentionAction, { status: "idle" });
  const [taken, take, taking] = useActionState(takeRetentionAction, idle);
  const advice = state.advice;
  return (
    <div className="space-y-3">
      <form action={advise}>
        <Button type="submit" variant="secondary" disabled={advising}>
          {advising ? "Simulating a year at each retention…" : advice ? "Work it out again" : "Work out my best retention"}
        </Button>
      </form>
      <div aria-live="polite" className="space-y-3">
        {state.status === "error" && <Alert kind="error">{state.message}</Alert>}
        {advice && (
          <>
            <p className="text-sm" data-testid="advisor-summary">
              From your {advice.cards === 1 ? "1 card" : `${advice.cards} cards`}
              {advice.newCards > 0 ? ` and ${advice.newCards} questions still to start (${advice.newCardsPerDay} a day)` : ""}, with{" "}
              {advice.ownDurations ? "your own answer times" : "typical answer times (you have too few reviews of your own yet)"}: retention{" "}
              <strong>{advice.best.retention.toFixed(2)}</strong> costs least, {advice.best.minutesPerRemembered.toFixed(2)} minutes per card you
              remember after a year ({advice.best.minutesPerDay.toFixed(1)} min a day).
            </p>
            <RetentionAdvisorChart points={advice.points} best={advice.best} current={advice.current} />
            <form action={take} className="space-y-2">
              {taken.status !== "idle" && <Alert kind={taken.status === "ok" ? "success" : "error"}>{taken.message}</Alert>}
              <input type="hidden" name="desiredRetention" value={advice.best.retention.toFixed(2)} />
              <Button type="submit" disabled={taking || Math.abs(advice.best.retention - advice.current) < 0.005}>
                {taking ? "Saving…" : `Use ${advice.best.retention.toFixed(2)}`}
              </Button>
            </form>
          </>
        )}
      </div>
      {!advice && <p className="text-sm text-[var(--fg-muted)]">Your current setting is {current.toFixed(2)}.</p>}
    </div>
  );
}

export function DeleteAccount({ hasPassword }: { hasPassword: boolean }) {
  const [state, action, pending] = useActionState(deleteAccountAction, idle);
  const e = state.fieldErrors ?? {};
  useEffect(() => {
    if (state.status === "ok") void signOutTo("/");
  }, [state.status]);
  return (
    <form action={action} className="space-y-3" noValidate>
      {state.status !== "idle" && <Alert kind={state.status === "ok" ? "success" : "error"}>{state.message}</Alert>}
      {hasPassword ? (
        <TextField id="delete-password" label="Your password, to confirm" name="password" type="password" autoComplete="current-password" error={e.password} />
      ) : (
        <TextField id="delete-email" label="Your email, to confirm" name="email" type="email" autoComplete="off" error={e.email} />
      )}
      <Button type="submit" variant="danger" disabled={pending}>
        {pending ? "Deleting…" : "Delete my account and all my data"}
      </Button>
    </form>
  );
}

export function UnlinkProvider({ provider, name }: { provider: string; name: string }) {
  const [state, action, pending] = useActionState(unlinkProviderAction, idle);
  return (
    <form action={action} className="inline">
      <input type="hidden" name="provider" value={provider} />
      <Button type="submit" variant="ghost" className="min-h-8 px-2 py-1" disabled={pending} aria-label={`Unlink ${name}`}>
        {pending ? "Unlinking…" : "Unlink"}
      </Button>
      {state.status === "error" && <Alert className="mt-2">{state.message}</Alert>}
    </form>
  );
}
