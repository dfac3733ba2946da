"use server";

import { actionError, type ActionError } from "@/lib/actions/form-state";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { relearnLeech } from "@/lib/reviews/relearn-leech";

export async function relearnLeechAction(raw: unknown): Promise<{ ok: true; changed: boolean } | ActionError> {
  try {
    const user = await requireUser();
    // No revalidatePath: re-rendering the dashboard would drop the relearned card from its leeches (and
    // the whole panel with the last one) before the learner read "Back in your reviews" and its link.
    // The dashboard's other figures are read again on the next visit.
    const result = await relearnLeech({ db: db(), actor: user, input: raw });
    return { ok: true, changed: result.changed };
  } catch (e) {
    return actionError(e, "Could not bring the card back right now. Retry in a moment.");
  }
}
