"use server";

import { revalidatePath } from "next/cache";
import { boundId, formDataOf, formFailure, type FormState as State } from "@/lib/actions/form-state";
import { changeRole } from "@/lib/admin/change-role";
import { setAccountDisabled } from "@/lib/admin/set-account-disabled";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { requestAddress } from "@/lib/http/request-address";

export type FormState = State;

export async function changeRoleAction(rawUserId: string, _prev: FormState, raw: FormData): Promise<FormState> {
  try {
    const form = formDataOf(raw);
    const userId = boundId(rawUserId);
    const user = await requireUser();
    const { from, to } = await changeRole({ db: db(), actor: user, userId, role: form.get("role"), address: await requestAddress() });
    revalidatePath("/admin");
    return { status: "ok", message: from === to ? `Already ${to.toLowerCase()}.` : `Role changed from ${from.toLowerCase()} to ${to.toLowerCase()}.` };
  } catch (e) {
    return formFailure(e);
  }
}

/** `intent` is bound by the page: "disable" or "enable". */
export async function setAccountDisabledAction(rawUserId: string, intent: string, _prev: FormState): Promise<FormState> {
  try {
    const userId = boundId(rawUserId);
    if (intent !== "disable" && intent !== "enable") throw new AppError("INVALID_INPUT", "This form arrived malformed. Reload the page and send it again.");
    const user = await requireUser();
    await setAccountDisabled({ db: db(), actor: user, userId, disabled: intent === "disable", address: await requestAddress() });
    revalidatePath("/admin");
    return { status: "ok", message: intent === "disable" ? "Account disabled; its sessions have ended." : "Account enabled." };
  } catch (e) {
    return formFailure(e);
  }
}
