"use server";

import { revalidatePath } from "next/cache";
import { after } from "next/server";
import { db } from "@/lib/db/client";
import { requireUser } from "@/lib/auth/session";
import { formDataOf, formFailure, textFields, type FormState as State } from "@/lib/actions/form-state";
import { unlinkProvider } from "@/lib/auth/unlink-provider";
import { changePassword } from "@/lib/learners/change-password";
import { deleteAccount } from "@/lib/learners/delete-account";
import { fitLearnerParameters, getFitStatus } from "@/lib/learners/fit-parameters";
import { getRetentionAdvice, type RetentionAdvice } from "@/lib/learners/advise-retention";
import { rescheduleCards } from "@/lib/learners/reschedule-cards";
import { setDesiredRetention } from "@/lib/learners/set-desired-retention";
import { signOutEverywhere } from "@/lib/learners/sign-out-everywhere";
import { updateSettings } from "@/lib/learners/update-settings";
import { updateReminderSettings } from "@/lib/reminders/reminder-settings";

export type FormState = State;

export async function saveSettingsAction(_prev: FormState, raw: FormData): Promise<FormState> {
  let values: Record<string, string> | undefined;
  try {
    values = textFields(formDataOf(raw), ["name", "timezone", "dayStartHour", "desiredRetention"]);
    const user = await requireUser();
    await updateSettings({ db: db(), actor: user, input: values });
    revalidatePath("/", "layout");
    return { status: "ok", message: "Settings saved.", values };
  } catch (e) {
    return formFailure(e, values);
  }
}

export async function saveRemindersAction(_prev: FormState, raw: FormData): Promise<FormState> {
  let values: Record<string, string> | undefined;
  try {
    values = textFields(formDataOf(raw), ["reminderEnabled", "reminderTime", "digestEnabled"]);
    const user = await requireUser();
    const saved = await updateReminderSettings({ db: db(), actor: user, input: values });
    revalidatePath("/settings");
    return {
      status: "ok",
      message: saved.reminderEnabled ? `Reminders on: at ${saved.reminderTime} (${saved.timezone}) on days with cards due.` : "Reminders off.",
      values: { reminderEnabled: saved.reminderEnabled ? "on" : "", reminderTime: saved.reminderTime, digestEnabled: saved.digestEnabled ? "on" : "" },
    };
  } catch (e) {
    return formFailure(e, values);
  }
}

export async function changePasswordAction(_prev: FormState, raw: FormData): Promise<FormState> {
  try {
    const input = textFields(formDataOf(raw), ["currentPassword", "newPassword", "confirmPassword"]);
    const user = await requireUser();
    await changePassword({ db: db(), actor: user, input });
    return { status: "ok", message: "Password changed. Every session has been signed out; sign in again with the new password." };
  } catch (e) {
    return formFailure(e);
  }
}

export async function signOutEverywhereAction(): Promise<FormState> {
  try {
    const user = await requireUser();
    await signOutEverywhere({ db: db(), actor: user });
    return { status: "ok", message: "Signed out everywhere." };
  } catch (e) {
    return formFailure(e);
  }
}

export async function fitParametersAction(): Promise<FormState> {
  let user;
  try {
    user = await requireUser();
  } catch (e) {
    return formFailure(e);
  }
  const { eligibility } = await getFitStatus({ db: db(), actor: user });
  if (!eligibility.allowed) return { status: "error", message: eligibility.reason };
  // The fit runs after the response is sent: the learner is not kept waiting on it.
  after(async () => {
    try {
      await fitLearnerParameters({ db: db(), actor: user });
    } catch (e) {
      console.error("Parameter fitting failed", e);
    }
  });
  return { status: "ok", message: "Fitting started. Reload this page in a few seconds to see the result." };
}

export async function rescheduleAction(_prev: FormState, raw: FormData): Promise<FormState> {
  try {
    const values = textFields(formDataOf(raw), ["offer", "choice"]);
    const user = await requireUser();
    const { moved } = await rescheduleCards({ db: db(), actor: user, input: values });
    revalidatePath("/", "layout");
    if (values.choice === "keep") return { status: "ok", message: "Your schedule stays as it is." };
    return { status: "ok", message: moved === 1 ? "1 card rescheduled." : `${moved} cards rescheduled.` };
  } catch (e) {
    return formFailure(e);
  }
}

export type AdviceState = FormState & { advice?: RetentionAdvice };

/** Simulates a year of the learner's own deck at every retention 0.70–0.97 (a few seconds): on demand, not on page load. */
export async function adviseRetentionAction(): Promise<AdviceState> {
  try {
    const user = await requireUser();
    const advice = await getRetentionAdvice({ db: db(), actor: user });
    return { status: "ok", advice };
  } catch (e) {
    return formFailure(e);
  }
}

export async function takeRetentionAction(_prev: FormState, raw: FormData): Promise<FormState> {
  try {
    const { desiredRetention } = textFields(formDataOf(raw), ["desiredRetention"]);
    const user = await requireUser();
    const saved = await setDesiredRetention({ db: db(), actor: user, desiredRetention });
    revalidatePath("/", "layout");
    return { status: "ok", message: `Desired retention is now ${saved.desiredRetention.toFixed(2)}.` };
  } catch (e) {
    return formFailure(e);
  }
}

export async function deleteAccountAction(_prev: FormState, raw: FormData): Promise<FormState> {
  try {
    const form = formDataOf(raw);
    const user = await requireUser();
    await deleteAccount({ db: db(), actor: user, password: form.get("password"), email: form.get("email") });
    return { status: "ok", message: "Your account and all its data are deleted." };
  } catch (e) {
    return formFailure(e);
  }
}

export async function unlinkProviderAction(_prev: FormState, raw: FormData): Promise<FormState> {
  try {
    const { provider } = textFields(formDataOf(raw), ["provider"]);
    const user = await requireUser();
    await unlinkProvider({ db: db(), actor: user, provider });
    revalidatePath("/settings");
    return { status: "ok", message: "Unlinked." };
  } catch (e) {
    return formFailure(e);
  }
}
