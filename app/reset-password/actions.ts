"use server";

import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { resetPassword } from "@/lib/learners/reset-password";

export type ResetResult = { ok: true } | { ok: false; message: string; fieldErrors: Record<string, string> };

export async function resetPasswordAction(input: { token: string; password: string; confirmPassword: string }): Promise<ResetResult> {
  try {
    await resetPassword({ db: db(), input });
    return { ok: true };
  } catch (e) {
    if (isAppError(e)) return { ok: false, message: e.message, fieldErrors: e.fieldErrors ?? {} };
    throw e;
  }
}
