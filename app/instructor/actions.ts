"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { addInstructor, createCohort, removeMember, rotateJoinCode, updateCohort, type CohortInput } from "@/lib/cohorts/manage";
import { db } from "@/lib/db/client";
import { requestAddress } from "@/lib/http/request-address";
import { boundId, formDataOf, formFailure, type FormState as State } from "@/lib/actions/form-state";

export type FormState = State<Record<string, string | string[]>>;

function cohortInput(form: FormData): CohortInput {
  const courseIds = form.getAll("courseIds").map(String);
  const targets: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (key.startsWith("target:")) targets[key.slice(7)] = String(value);
  return { name: String(form.get("name") ?? ""), courseIds, targets };
}

function values(form: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = { name: String(form.get("name") ?? ""), courseIds: form.getAll("courseIds").map(String) };
  for (const [key, value] of form.entries()) if (key.startsWith("target:")) out[key] = String(value);
  return out;
}

export async function createCohortAction(_prev: FormState, raw: FormData): Promise<FormState> {
  let id: string;
  let form: FormData | undefined;
  try {
    form = formDataOf(raw);
    const user = await requireUser();
    ({ id } = await createCohort({ db: db(), actor: user, input: cohortInput(form) }));
  } catch (e) {
    return formFailure(e, form && values(form));
  }
  redirect(`/instructor/cohorts/${id}`);
}

export async function updateCohortAction(rawCohortId: string, _prev: FormState, raw: FormData): Promise<FormState> {
  let form: FormData | undefined;
  try {
    form = formDataOf(raw);
    const cohortId = boundId(rawCohortId);
    const user = await requireUser();
    await updateCohort({ db: db(), actor: user, cohortId, input: cohortInput(form) });
    revalidatePath(`/instructor/cohorts/${cohortId}`);
    return { status: "ok", message: "Cohort saved.", values: values(form) };
  } catch (e) {
    return formFailure(e, form && values(form));
  }
}

export async function rotateCodeAction(rawCohortId: string, _prev: FormState): Promise<FormState> {
  try {
    const cohortId = boundId(rawCohortId);
    const user = await requireUser();
    await rotateJoinCode({ db: db(), actor: user, cohortId });
    revalidatePath(`/instructor/cohorts/${cohortId}`);
    return { status: "ok", message: "New join code made; the old one no longer works." };
  } catch (e) {
    return formFailure(e);
  }
}

export async function removeMemberAction(rawCohortId: string, rawUserId: string, _prev: FormState): Promise<FormState> {
  try {
    const cohortId = boundId(rawCohortId);
    const userId = boundId(rawUserId);
    const user = await requireUser();
    await removeMember({ db: db(), actor: user, cohortId, userId, address: await requestAddress() });
    revalidatePath(`/instructor/cohorts/${cohortId}`);
    return { status: "ok", message: "Removed from the cohort." };
  } catch (e) {
    return formFailure(e);
  }
}

export async function addInstructorAction(rawCohortId: string, _prev: FormState, raw: FormData): Promise<FormState> {
  try {
    const form = formDataOf(raw);
    const cohortId = boundId(rawCohortId);
    const user = await requireUser();
    await addInstructor({ db: db(), actor: user, cohortId, email: form.get("email"), address: await requestAddress() });
    revalidatePath(`/instructor/cohorts/${cohortId}`);
    return { status: "ok", message: "Co-instructor added." };
  } catch (e) {
    return formFailure(e);
  }
}
