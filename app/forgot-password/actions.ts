"use server";

import { db } from "@/lib/db/client";
import { publicUrl } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { requestAddress } from "@/lib/http/request-address";
import { requestPasswordReset } from "@/lib/learners/request-password-reset";

export type ResetRequestResult = { ok: true } | { ok: false; message: string; fieldErrors: Record<string, string> };

export async function requestPasswordResetAction(input: { email: string }): Promise<ResetRequestResult> {
  try {
    await requestPasswordReset({ db: db(), input, address: await requestAddress(), siteUrl: publicUrl() });
    return { ok: true };
  } catch (e) {
    if (isAppError(e)) return { ok: false, message: e.message, fieldErrors: e.fieldErrors ?? {} };
    throw e;
  }
}
