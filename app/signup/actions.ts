"use server";

import { requestAddress } from "@/lib/http/request-address";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { createUser } from "@/lib/learners/create-user";

export type SignUpResult = { ok: true } | { ok: false; message: string; fieldErrors: Record<string, string> };

export async function signUpAction(input: { name: string; email: string; password: string }): Promise<SignUpResult> {
  const address = await requestAddress();
  try {
    await createUser({ db: db(), input, address });
    return { ok: true };
  } catch (e) {
    if (isAppError(e)) return { ok: false, message: e.message, fieldErrors: e.fieldErrors ?? {} };
    throw e;
  }
}
