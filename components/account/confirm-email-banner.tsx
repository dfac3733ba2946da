"use client";

import { useActionState } from "react";
import { resendVerificationAction } from "@/app/verify-email/actions";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";

/**
 * Shown until the address is confirmed: what waits for it, and a way to have the link sent again
 * (limited per account, lib/auth/rate-limit.ts).
 */
export function ConfirmEmailBanner({ email, reason = "Reviews work already; reminders and cohorts wait for it." }: { email: string; reason?: string }) {
  const [state, action, pending] = useActionState(resendVerificationAction, { status: "idle" });
  return (
    <div role="region" aria-label="Confirm your email" className="space-y-2">
      <Alert kind="info">
        Confirm your email: we sent a link to <strong>{email}</strong>. {reason}
      </Alert>
      <form action={action} className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? "Sending…" : "Send the link again"}
        </Button>
        <p aria-live="polite" className="text-sm">
          {state.status !== "idle" && state.message}
        </p>
      </form>
    </div>
  );
}
