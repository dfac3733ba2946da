"use client";

import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";
import { resetPasswordAction } from "./actions";

export function ResetPasswordForm({ token }: { token: string }) {
  const [values, setValues] = useState({ password: "", confirmPassword: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);

  const set = (key: keyof typeof values) => (e: React.ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [key]: e.target.value }));

  const { pending, message, setMessage, onSubmit } = useSubmit(async () => {
    const result = await resetPasswordAction({ token, ...values });
    if (!result.ok) {
      setErrors(result.fieldErrors);
      setMessage(result.message);
      return;
    }
    setDone(true);
  }, "Could not reach Recall. Try again: the link still works until it is used.");

  if (done) {
    return (
      <Alert kind="success">
        Your password is changed and every other session is signed out.{" "}
        <Link className="font-medium underline" href="/signin">
          Sign in
        </Link>
      </Alert>
    );
  }
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {message && <Alert>{message}</Alert>}
      <TextField id="password" label="New password" hint="At least 10 characters. A short sentence works well." name="password" type="password" autoComplete="new-password" value={values.password} onChange={set("password")} error={errors.password} />
      <TextField id="confirmPassword" label="New password again" name="confirmPassword" type="password" autoComplete="new-password" value={values.confirmPassword} onChange={set("confirmPassword")} error={errors.confirmPassword} />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Saving…" : "Set the new password"}
      </Button>
    </form>
  );
}
