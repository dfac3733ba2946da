"use server";

import { revalidatePath } from "next/cache";
import { after } from "next/server";
import { db } from "@/lib/db/client";
import { requireUser } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { changePassword } from "@/lib/learners/change-password";
import { deleteAccount } from "@/lib/learners/delete-account";
import { countReviewsForFit, fitLearnerParameters } from "@/lib/learners/fit-parameters";
import { MIN_REVIEWS_FOR_FIT, canFitParameters } from "@/lib/srs/fit";
import { signOutEverywhere } from "@/lib/learners/sign-out-everywhere";
import { updateSettings } from "@/lib/learners/update-settings";

export type FormState = { status: "idle" | "ok" | "error"; message?: string; fieldErrors?: Record<string, string>; values?: Record<string, string> };

/** Text fields only: a file sent in their place counts as empty (not as "[object File]"). */
function valuesOf(form: FormData, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.map((k) => {
    const v = form.get(k);
    return [k, typeof v === "string" ? v : ""];
  }));
}

export async function saveSettingsAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = valuesOf(form, ["name", "timezone", "dayStartHour", "desiredRetention"]);
  try {
    const user = await requireUser();
    await updateSettings({ db: db(), userId: user.id, input: values });
    revalidatePath("/", "layout");
    return { status: "ok", message: "Settings saved.", values };
  } catch (e) {
    if (isAppError(e)) return { status: "error", message: e.message, fieldErrors: e.fieldErrors, values };
    throw e;
  }
}

export async function changePasswordAction(_prev: FormState, form: FormData): Promise<FormState> {
  try {
    const user = await requireUser();
    await changePassword({ db: db(), userId: user.id, input: valuesOf(form, ["currentPassword", "newPassword", "confirmPassword"]) });
    return { status: "ok", message: "Password changed. Every session has been signed out; sign in again with the new password." };
  } catch (e) {
    if (isAppError(e)) return { status: "error", message: e.message, fieldErrors: e.fieldErrors };
    throw e;
  }
}

export async function signOutEverywhereAction(): Promise<FormState> {
  try {
    const user = await requireUser();
    await signOutEverywhere({ db: db(), userId: user.id });
    return { status: "ok", message: "Signed out everywhere." };
  } catch (e) {
    if (isAppError(e)) return { status: "error", message: e.message };
    throw e;
  }
}

export async function fitParametersAction(): Promise<FormState> {
  let user;
  try {
    user = await requireUser();
  } catch (e) {
    if (isAppError(e)) return { status: "error", message: e.message };
    throw e;
  }
  if (!canFitParameters()) {
    return { status: "error", message: "Personal parameters cannot be fitted on this server (the FSRS optimiser is not available for its platform); the default parameters stay in use." };
  }
  const reviews = await countReviewsForFit({ db: db(), userId: user.id });
  if (reviews < MIN_REVIEWS_FOR_FIT) {
    return { status: "error", message: `Personal parameters need at least ${MIN_REVIEWS_FOR_FIT} reviews; you have ${reviews}.` };
  }
  // The fit runs after the response is sent: the learner is not kept waiting on it.
  after(async () => {
    try {
      await fitLearnerParameters({ db: db(), userId: user.id });
    } catch (e) {
      console.error("Parameter fitting failed", e);
    }
  });
  return { status: "ok", message: "Fitting started. Reload this page in a few seconds to see the result." };
}

export async function deleteAccountAction(_prev: FormState, form: FormData): Promise<FormState> {
  try {
    const user = await requireUser();
    await deleteAccount({ db: db(), userId: user.id, password: form.get("password") });
    return { status: "ok", message: "Your account and all its data are deleted." };
  } catch (e) {
    if (isAppError(e)) return { status: "error", message: e.message, fieldErrors: e.fieldErrors };
    throw e;
  }
}
