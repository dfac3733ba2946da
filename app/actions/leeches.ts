"use server";

import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { relearnLeech } from "@/lib/reviews/relearn-leech";
import type { ActionError } from "@/components/quiz/types";

export async function relearnLeechAction(raw: unknown): Promise<{ ok: true; changed: boolean } | ActionError> {
  try {
    const user = await requireUser();
    const result = await relearnLeech({ db: db(), userId: user.id, input: raw });
    revalidatePath("/dashboard");
    return { ok: true, changed: result.changed };
  } catch (e) {
    if (isAppError(e)) return { ok: false, code: e.code, message: e.message };
    console.error(e);
    return { ok: false, code: "UNAVAILABLE", message: "Could not bring the card back right now. Retry in a moment." };
  }
}
