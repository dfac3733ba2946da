"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";
import { signUpAction } from "./actions";

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [values, setValues] = useState({ name: "", email: "", password: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});

  const set = (key: keyof typeof values) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setValues((v) => ({ ...v, [key]: e.target.value }));

  const { pending, message, setMessage, onSubmit } = useSubmit(async () => {
    const result = await signUpAction(values);
    if (!result.ok) {
      setErrors(result.fieldErrors);
      setMessage(result.message);
      setValues((v) => ({ ...v, password: "" }));
      return;
    }
    const signedIn = await signIn("credentials", { email: values.email, password: values.password, redirect: false });
    if (!signedIn || signedIn.error) {
      router.push("/signin");
      return;
    }
    router.push(callbackUrl);
    router.refresh();
  }, "Could not reach Recall. Your details are still here; try again.");

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {message && <Alert>{message}</Alert>}
      <TextField id="name" label="Name" name="name" autoComplete="name" value={values.name} onChange={set("name")} error={errors.name} />
      <TextField id="email" label="Email" name="email" type="email" autoComplete="email" value={values.email} onChange={set("email")} error={errors.email} />
      <TextField id="password" label="Password" hint="At least 10 characters. A short sentence works well." name="password" type="password" autoComplete="new-password" value={values.password} onChange={set("password")} error={errors.password} />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Creating your account…" : "Create account"}
      </Button>
    </form>
  );
}
