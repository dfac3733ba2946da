"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { verifyEmailAction } from "./actions";

/** A button, not a confirmation on page load: mail scanners open links, and must not spend them. */
export function VerifyEmailForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState(verifyEmailAction, { status: "idle" });
  if (state.status === "ok") {
    return (
      <div className="space-y-3">
        <Alert kind="success">{state.message}</Alert>
        <p>
          <Link href="/settings#reminders-heading" className="font-medium underline">
            Set up review reminders
          </Link>{" "}
          or{" "}
          <Link href="/dashboard" className="font-medium underline">
            go to your dashboard
          </Link>
          .
        </p>
      </div>
    );
  }
  return (
    <form action={action} className="space-y-4">
      {state.status === "error" && <Alert>{state.message}</Alert>}
      <input type="hidden" name="token" value={token} />
      <Button type="submit" disabled={pending}>
        {pending ? "Confirming…" : "Confirm my email"}
      </Button>
    </form>
  );
}
