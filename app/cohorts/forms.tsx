"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { joinCohortAction, joinFromLinkAction, leaveCohortAction, type JoinState } from "./actions";

const idle: JoinState = { status: "idle" };

export function JoinForm() {
  const [state, action, pending] = useActionState(joinCohortAction, idle);
  const error = state.fieldErrors?.code;
  return (
    <form action={action} className="flex flex-wrap items-end gap-3" noValidate>
      <div className="min-w-56 flex-1">
        <TextField id="join-code" label="Join code" hint="The 8-character code your instructor gave you, e.g. K7QX-M4PD." name="code" defaultValue={state.status === "error" ? state.code : ""} error={error} autoComplete="off" autoCapitalize="characters" spellCheck={false} className="font-mono uppercase" />
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Joining…" : "Join cohort"}
      </Button>
      {state.status === "ok" && <Alert kind="success" className="w-full">{state.message}</Alert>}
    </form>
  );
}

export function JoinFromLinkButton({ code }: { code: string }) {
  const [state, action, pending] = useActionState(joinFromLinkAction.bind(null, code), idle);
  return (
    <form action={action} className="space-y-3">
      {state.status === "error" && <Alert>{state.message}</Alert>}
      <Button type="submit" disabled={pending} autoFocus>
        {pending ? "Joining…" : "Join this cohort"}
      </Button>
    </form>
  );
}

export function LeaveButton({ cohortId, name }: { cohortId: string; name: string }) {
  const [state, action, pending] = useActionState(leaveCohortAction.bind(null, cohortId), idle);
  return (
    <form
      action={action}
      onSubmit={(ev) => {
        if (!confirm(`Leave ${name}? Your cards and history stay yours; the instructors stop seeing your progress.`)) ev.preventDefault();
      }}
    >
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Leaving…" : "Leave"}
      </Button>
      {state.status === "error" && <span role="alert" className="ml-2 text-sm text-red-700 dark:text-red-400">{state.message}</span>}
    </form>
  );
}
