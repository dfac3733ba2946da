"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { unsubscribeAction } from "./actions";

export function UnsubscribeForm({ token, what }: { token: string; what: string }) {
  const [state, action, pending] = useActionState(unsubscribeAction, { status: "idle" });
  if (state.status === "ok") return <Alert kind="success">{state.message}</Alert>;
  return (
    <form action={action} className="space-y-3">
      {state.status === "error" && <Alert>{state.message}</Alert>}
      <input type="hidden" name="token" value={token} />
      <Button type="submit" disabled={pending}>
        {pending ? "Turning off…" : `Stop ${what}`}
      </Button>
    </form>
  );
}
