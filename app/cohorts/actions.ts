"use server";

import { revalidatePath } from "next/cache";
import { requestAddress } from "@/lib/http/request-address";
import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { joinCohort, leaveCohort } from "@/lib/cohorts/membership";
import { db } from "@/lib/db/client";
import { boundId, formDataOf, formFailure, textField, type FormState } from "@/lib/actions/form-state";

/** `code` echoes the join code typed, so the field keeps it after an error. */
export type JoinState = Omit<FormState, "values"> & { code?: string };

/** The join form shows a code's problem next to the field. */
function joinFailure(e: unknown, code?: string): JoinState {
  const failure = formFailure(e);
  return { status: "error", message: failure.fieldErrors?.code ?? failure.message, fieldErrors: failure.fieldErrors ?? { code: failure.message }, code };
}


export async function joinCohortAction(_prev: JoinState, raw: FormData): Promise<JoinState> {
  let code: string | undefined;
  try {
    code = textField(formDataOf(raw), "code");
    const user = await requireUser();
    const cohort = await joinCohort({ db: db(), actor: user, code, address: await requestAddress() });
    revalidatePath("/cohorts");
    return { status: "ok", message: `You are in ${cohort.name}.` };
  } catch (e) {
    return joinFailure(e, code);
  }
}

/** From a join link: join, then go to one's cohorts. */
export async function joinFromLinkAction(rawCode: string, _prev: JoinState): Promise<JoinState> {
  try {
    const code = boundId(rawCode);
    const user = await requireUser();
    await joinCohort({ db: db(), actor: user, code, address: await requestAddress() });
  } catch (e) {
    return joinFailure(e);
  }
  redirect("/cohorts?joined=1");
}

export async function leaveCohortAction(rawCohortId: string, _prev: JoinState): Promise<JoinState> {
  try {
    const cohortId = boundId(rawCohortId);
    const user = await requireUser();
    await leaveCohort({ db: db(), actor: user, cohortId });
    revalidatePath("/cohorts");
    return { status: "ok", message: "You have left the cohort." };
  } catch (e) {
    return formFailure(e);
  }
}
