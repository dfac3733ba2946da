"use server";

import { formDataOf, formFailure, textField, type FormState } from "@/lib/actions/form-state";
import { db } from "@/lib/db/client";
import { unsubscribe } from "@/lib/reminders/unsubscribe";

export async function unsubscribeAction(_prev: FormState, raw: FormData): Promise<FormState> {
  try {
    const { kind } = await unsubscribe({ db: db(), token: textField(formDataOf(raw), "token") });
    return { status: "ok", message: kind === "REVIEW" ? "Review reminders are off. Turn them on again in your settings." : "The weekly digest is off. Turn it on again in your settings." };
  } catch (e) {
    return formFailure(e);
  }
}
