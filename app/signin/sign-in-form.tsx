"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { clearCachedPages } from "@/components/review/offline-store";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");

  // Whoever signs in next on this device must not be shown the last learner's review page offline.
  useEffect(() => {
    clearCachedPages().catch(() => undefined);
  }, []);

  const { pending, message, setMessage, onSubmit } = useSubmit(async () => {
    const result = await signIn("credentials", { email, password, redirect: false });
    if (!result || result.error) {
      setMessage(result?.error && result.error !== "CredentialsSignin" ? result.error : "Wrong email or password.");
      setPassword("");
      return;
    }
    router.push(callbackUrl);
    router.refresh();
  }, "Could not reach Recall. Check your connection and try again.");

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {message && <Alert>{message}</Alert>}
      <TextField id="email" label="Email" name="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      <TextField id="password" label="Password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
