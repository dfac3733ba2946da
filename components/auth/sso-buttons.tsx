"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";

/**
 * One button per configured provider. next-auth's signIn() asks for the provider's address and then
 * moves the page there (a navigation, not a form post, so the `form-action 'self'` policy allows it).
 * Signed in already (Settings), the same round trip links the provider to the account.
 */
export function SsoButtons({ providers, callbackUrl, verb = "Sign in with" }: { providers: { id: string; name: string }[]; callbackUrl: string; verb?: string }) {
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (providers.length === 0) return null;

  async function go(id: string) {
    setPending(id);
    setError(null);
    try {
      await signIn(id, { callbackUrl });
    } catch {
      setError("Could not reach Recall. Check your connection and try again.");
      setPending(null);
    }
  }

  return (
    <div className="space-y-2">
      {error && <Alert>{error}</Alert>}
      {providers.map((p) => (
        <Button key={p.id} type="button" variant="secondary" className="w-full" disabled={pending !== null} onClick={() => void go(p.id)}>
          {pending === p.id ? `Opening ${p.name}…` : `${verb} ${p.name}`}
        </Button>
      ))}
    </div>
  );
}
