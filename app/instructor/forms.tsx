"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Field, Input, inputClass, TextField } from "@/components/ui/field";
import { addInstructorAction, createCohortAction, removeMemberAction, rotateCodeAction, updateCohortAction, type FormState } from "./actions";

const idle: FormState = { status: "idle" };

export interface CourseOption {
  id: string;
  title: string;
  lessons: number;
}

/** Create a cohort, or edit one (name, courses, a target date per course). */
export function CohortForm({
  courses,
  cohortId,
  initial,
}: {
  courses: CourseOption[];
  cohortId?: string;
  initial?: { name: string; courseIds: string[]; targets: Record<string, string> };
}) {
  const [state, action, pending] = useActionState(cohortId ? updateCohortAction.bind(null, cohortId) : createCohortAction, idle);
  const v = state.values;
  const name = typeof v?.name === "string" ? v.name : (initial?.name ?? "");
  const chosen = new Set(Array.isArray(v?.courseIds) ? v.courseIds : (initial?.courseIds ?? []));
  const target = (id: string) => (typeof v?.[`target:${id}`] === "string" ? (v[`target:${id}`] as string) : (initial?.targets[id] ?? ""));
  const e = state.fieldErrors ?? {};
  const prefix = cohortId ? "edit" : "new";
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.status !== "idle" && <Alert kind={state.status === "ok" ? "success" : "error"}>{state.message}</Alert>}
      <Field id={`${prefix}-name`} label="Cohort name" error={e.name}>
        <Input id={`${prefix}-name`} name="name" defaultValue={name} error={e.name} placeholder="Platform team, spring 2027" maxLength={120} />
      </Field>
      <fieldset className="space-y-2" aria-describedby={e.courseIds || e.targets ? `${prefix}-courses-error` : undefined}>
        <legend className="text-sm font-medium">Courses the cohort studies, with an optional target date</legend>
        {courses.map((c) => (
          <div key={c.id} className="flex flex-wrap items-center gap-3">
            <label className="flex min-w-64 flex-1 items-center gap-2">
              <input type="checkbox" name="courseIds" value={c.id} defaultChecked={chosen.has(c.id)} className="h-4 w-4" />
              <span>
                {c.title} <span className="text-sm text-[var(--fg-muted)]">({c.lessons} lessons)</span>
              </span>
            </label>
            <label className="flex items-center gap-2 text-sm">
              <span className="text-[var(--fg-muted)]">Target</span>
              <input type="date" name={`target:${c.id}`} defaultValue={target(c.id)} className={`${inputClass} w-auto`} aria-label={`Target date for ${c.title}`} />
            </label>
          </div>
        ))}
        {(e.courseIds || e.targets) && (
          <p id={`${prefix}-courses-error`} role="alert" className="text-sm font-medium text-red-700 dark:text-red-400">
            {e.courseIds ?? e.targets}
          </p>
        )}
      </fieldset>
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : cohortId ? "Save cohort" : "Create cohort"}
      </Button>
    </form>
  );
}

export function JoinLink({ code, link }: { code: string; link: string }) {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async (text: string, what: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(what);
    } catch {
      setCopied(null);
    }
  };
  return (
    <div className="space-y-2">
      <p>
        Join code: <strong className="font-mono text-xl tracking-wider" data-testid="join-code">{code}</strong>{" "}
        <Button type="button" variant="secondary" onClick={() => copy(code, "code")}>
          Copy code
        </Button>
      </p>
      <p className="break-all text-sm">
        Join link: <a href={link} className="underline" data-testid="join-link">{link}</a>{" "}
        <Button type="button" variant="ghost" onClick={() => copy(link, "link")}>
          Copy link
        </Button>
      </p>
      <p role="status" className="text-sm text-[var(--fg-muted)]">
        {copied ? `The ${copied} is on your clipboard.` : ""}
      </p>
    </div>
  );
}

export function RotateCodeButton({ cohortId }: { cohortId: string }) {
  const [state, action, pending] = useActionState(rotateCodeAction.bind(null, cohortId), idle);
  return (
    <form
      action={action}
      onSubmit={(ev) => {
        if (!confirm("Make a new join code? The current code and link stop working; members stay.")) ev.preventDefault();
      }}
      className="space-y-2"
    >
      {state.status !== "idle" && <Alert kind={state.status === "ok" ? "success" : "error"}>{state.message}</Alert>}
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Rotating…" : "Rotate join code"}
      </Button>
    </form>
  );
}

export function RemoveMemberButton({ cohortId, userId, name }: { cohortId: string; userId: string; name: string }) {
  const [state, action, pending] = useActionState(removeMemberAction.bind(null, cohortId, userId), idle);
  return (
    <form
      action={action}
      onSubmit={(ev) => {
        if (!confirm(`Remove ${name} from this cohort? Their own cards and history stay with them.`)) ev.preventDefault();
      }}
    >
      <Button type="submit" variant="ghost" className="min-h-8 px-2 py-1 text-red-700 dark:text-red-400" disabled={pending} aria-label={`Remove ${name}`}>
        {pending ? "Removing…" : "Remove"}
      </Button>
      {state.status === "error" && (
        <span role="alert" className="text-sm text-red-700 dark:text-red-400">
          {state.message}
        </span>
      )}
    </form>
  );
}

export function AddInstructorForm({ cohortId }: { cohortId: string }) {
  const [state, action, pending] = useActionState(addInstructorAction.bind(null, cohortId), idle);
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="flex flex-wrap items-end gap-3" noValidate>
      <div className="min-w-64 flex-1">
        <TextField id="co-instructor" label="Add a co-instructor by email" name="email" type="email" autoComplete="off" error={e.email} />
      </div>
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Adding…" : "Add"}
      </Button>
      {state.status === "ok" && <Alert kind="success">{state.message}</Alert>}
    </form>
  );
}
