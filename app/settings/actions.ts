"use server";

import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { requireUser } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { changePassword } from "@/lib/learners/change-password";
import { signOutEverywhere } from "@/lib/learners/sign-out-everywhere";
import { updateSettings } from "@/lib/learners/update-settings";

export type FormState = { status: "idle" | "ok" | "error"; message?: string; fieldErrors?: Record<string, string>; values?: Record<string, string> };

function valuesOf(form: FormData, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.map((k) => [k, String(form.get(k) ?? "")]));
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
  const user = await requireUser();
  await signOutEverywhere({ db: db(), userId: user.id });
  return { status: "ok", message: "Signed out everywhere." };
}
