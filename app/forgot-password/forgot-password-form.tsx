"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";
import { requestPasswordResetAction } from "./actions";

export function ForgotPasswordForm() {
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [sent, setSent] = useState(false);

  const { pending, message, setMessage, onSubmit } = useSubmit(async () => {
    const result = await requestPasswordResetAction({ email });
    if (!result.ok) {
      setError(result.fieldErrors.email);
      setMessage(result.message);
      return;
    }
    setError(undefined);
    setSent(true);
  }, "Could not reach Recall. Your email is still here; try again.");

  if (sent) {
    return (
      <Alert kind="success">
        If an account uses {email}, a link to choose a new password is on its way. It works once, for 30 minutes.
      </Alert>
    );
  }
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {message && <Alert>{message}</Alert>}
      <TextField id="email" label="Email" name="email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} error={error} />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Sending…" : "Send me a reset link"}
      </Button>
    </form>
  );
}
