"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { changeRoleAction, setAccountDisabledAction, type FormState } from "./actions";

const idle: FormState = { status: "idle" };
const ROLES = ["LEARNER", "AUTHOR", "INSTRUCTOR", "ADMIN"] as const;

function Outcome({ state, id }: { state: FormState; id: string }) {
  if (state.status === "idle") return null;
  return (
    <p id={id} role={state.status === "error" ? "alert" : "status"} className={state.status === "error" ? "text-sm font-medium text-red-700 dark:text-red-400" : "text-sm text-green-800 dark:text-green-300"}>
      {state.message}
    </p>
  );
}

export function RoleForm({ userId, email, role }: { userId: string; email: string; role: string }) {
  const [state, action, pending] = useActionState(changeRoleAction.bind(null, userId), idle);
  const selectId = `role-${userId}`;
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <label htmlFor={selectId} className="sr-only">
        Role of {email}
      </label>
      <select id={selectId} name="role" defaultValue={role} className={`${inputClass} w-auto`} aria-describedby={state.status !== "idle" ? `${selectId}-outcome` : undefined}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {r.toLowerCase()}
          </option>
        ))}
      </select>
      <Button type="submit" variant="secondary" disabled={pending} aria-label={`Change the role of ${email}`}>
        {pending ? "Saving…" : "Change role"}
      </Button>
      <Outcome state={state} id={`${selectId}-outcome`} />
    </form>
  );
}

export function DisableForm({ userId, email, disabled }: { userId: string; email: string; disabled: boolean }) {
  const [state, action, pending] = useActionState(setAccountDisabledAction.bind(null, userId, disabled ? "enable" : "disable"), idle);
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <Button type="submit" variant={disabled ? "secondary" : "danger"} disabled={pending} aria-label={`${disabled ? "Enable" : "Disable"} the account of ${email}`}>
        {pending ? "Saving…" : disabled ? "Enable" : "Disable"}
      </Button>
      <Outcome state={state} id={`disable-${userId}-outcome`} />
    </form>
  );
}
