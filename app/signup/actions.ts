"use server";

import { requestAddress } from "@/lib/http/request-address";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { publicUrl } from "@/lib/env";
import { createUser } from "@/lib/learners/create-user";
import { sendEmailVerification } from "@/lib/learners/send-email-verification";

export type SignUpResult = { ok: true } | { ok: false; message: string; fieldErrors: Record<string, string> };

export async function signUpAction(input: { name: string; email: string; password: string }): Promise<SignUpResult> {
  const address = await requestAddress();
  try {
    const user = await createUser({ db: db(), input, address });
    // Reviews work at once; the link (for reminders and cohorts) is on its way, and the banner can resend it.
    await sendEmailVerification({ db: db(), actor: user, siteUrl: publicUrl() });
    return { ok: true };
  } catch (e) {
    if (isAppError(e)) return { ok: false, message: e.message, fieldErrors: e.fieldErrors ?? {} };
    throw e;
  }
}
