import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Card, PageTitle } from "@/components/ui/card";
import { getCurrentUser } from "@/lib/auth/session";
import { safeCallbackUrl } from "@/lib/safe-redirect";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  const { callbackUrl } = await searchParams;
  const target = safeCallbackUrl(callbackUrl);
  if (await getCurrentUser()) redirect(target);
  return (
    <div className="mx-auto max-w-md space-y-6">
      <PageTitle>Sign in</PageTitle>
      <Card>
        <SignInForm callbackUrl={target} />
      </Card>
      <p className="text-sm text-[var(--fg-muted)]">
        <Link className="font-medium text-brand-600 underline dark:text-brand-100" href="/forgot-password">
          Forgot your password?
        </Link>
      </p>
      <p className="text-sm text-[var(--fg-muted)]">
        New here?{" "}
        <Link className="font-medium text-brand-600 underline dark:text-brand-100" href={`/signup?callbackUrl=${encodeURIComponent(target)}`}>
          Create an account
        </Link>
      </p>
    </div>
  );
}
