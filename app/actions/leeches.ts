"use server";

import { revalidatePath } from "next/cache";
import { actionError, type ActionError } from "@/lib/actions/form-state";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { relearnLeech } from "@/lib/reviews/relearn-leech";

export async function relearnLeechAction(raw: unknown): Promise<{ ok: true; changed: boolean } | ActionError> {
  try {
    const user = await requireUser();
    const result = await relearnLeech({ db: db(), actor: user, input: raw });
    revalidatePath("/dashboard");
    return { ok: true, changed: result.changed };
  } catch (e) {
    return actionError(e, "Could not bring the card back right now. Retry in a moment.");
  }
}
