"use server";

import { revalidatePath } from "next/cache";
import { formDataOf, formFailure, textField, type FormState } from "@/lib/actions/form-state";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { publicUrl } from "@/lib/env";
import { sendEmailVerification } from "@/lib/learners/send-email-verification";
import { verifyEmail } from "@/lib/learners/verify-email";

export async function verifyEmailAction(_prev: FormState, raw: FormData): Promise<FormState> {
  try {
    const token = textField(formDataOf(raw), "token");
    await verifyEmail({ db: db(), token });
    revalidatePath("/", "layout");
    return { status: "ok", message: "Your email address is confirmed. Reminders and cohorts are open to you." };
  } catch (e) {
    return formFailure(e);
  }
}

export async function resendVerificationAction(): Promise<FormState> {
  try {
    const user = await requireUser();
    const { sent } = await sendEmailVerification({ db: db(), actor: user, siteUrl: publicUrl(), resend: true });
    return sent ? { status: "ok", message: `A new link is on its way to ${user.email}.` } : { status: "ok", message: "Your address is already confirmed." };
  } catch (e) {
    return formFailure(e);
  }
}
