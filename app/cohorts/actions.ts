"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { joinCohort, leaveCohort } from "@/lib/cohorts/membership";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";

export type JoinState = { status: "idle" | "ok" | "error"; message?: string; fieldErrors?: Record<string, string>; code?: string };

async function address(): Promise<string> {
  return (await headers()).get("x-forwarded-for")?.split(",")[0]?.trim() || "local";
}

export async function joinCohortAction(_prev: JoinState, form: FormData): Promise<JoinState> {
  const code = String(form.get("code") ?? "");
  try {
    const user = await requireUser();
    const cohort = await joinCohort({ db: db(), userId: user.id, code, address: await address() });
    revalidatePath("/cohorts");
    return { status: "ok", message: `You are in ${cohort.name}.` };
  } catch (e) {
    if (isAppError(e)) return { status: "error", message: e.fieldErrors?.code ?? e.message, fieldErrors: e.fieldErrors ?? { code: e.message }, code };
    throw e;
  }
}

/** From a join link: join, then go to one's cohorts. */
export async function joinFromLinkAction(code: string, _prev: JoinState): Promise<JoinState> {
  try {
    const user = await requireUser();
    await joinCohort({ db: db(), userId: user.id, code, address: await address() });
  } catch (e) {
    if (isAppError(e)) return { status: "error", message: e.fieldErrors?.code ?? e.message };
    throw e;
  }
  redirect("/cohorts?joined=1");
}

export async function leaveCohortAction(cohortId: string, _prev: JoinState): Promise<JoinState> {
  try {
    const user = await requireUser();
    await leaveCohort({ db: db(), userId: user.id, cohortId });
    revalidatePath("/cohorts");
    return { status: "ok", message: "You have left the cohort." };
  } catch (e) {
    if (isAppError(e)) return { status: "error", message: e.message };
    throw e;
  }
}
