"use server";

import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { requestAddress } from "@/lib/http/request-address";
import { requestPasswordReset } from "@/lib/learners/request-password-reset";

export type ResetRequestResult = { ok: true } | { ok: false; message: string; fieldErrors: Record<string, string> };

export async function requestPasswordResetAction(input: { email: string }): Promise<ResetRequestResult> {
  try {
    const siteUrl = env().NEXTAUTH_URL ?? `http://localhost:${env().PORT}`;
    await requestPasswordReset({ db: db(), input, address: await requestAddress(), siteUrl });
    return { ok: true };
  } catch (e) {
    if (isAppError(e)) return { ok: false, message: e.message, fieldErrors: e.fieldErrors ?? {} };
    throw e;
  }
}
