"use client";

import { useState, type FormEvent } from "react";

/**
 * A client-side form's submit (sign in, sign up, the password pages): `pending` while `run` works, the
 * form's message cleared at each try, and — when the request does not get through at all — `unreachable`
 * as the message, with what was typed left in place. `run` sets the message itself for a refusal.
 */
export function useSubmit(run: () => Promise<void>, unreachable: string) {
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    setMessage(null);
    try {
      await run();
    } catch {
      setMessage(unreachable);
    } finally {
      setPending(false);
    }
  }

  return { pending, message, setMessage, onSubmit };
}
