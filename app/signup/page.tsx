import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Card, PageTitle } from "@/components/ui/card";
import { getCurrentUser } from "@/lib/auth/session";
import { safeCallbackUrl } from "@/lib/safe-redirect";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  const { callbackUrl } = await searchParams;
  const target = safeCallbackUrl(callbackUrl);
  if (await getCurrentUser()) redirect(target);
  return (
    <div className="mx-auto max-w-md space-y-6">
      <PageTitle>Create an account</PageTitle>
      <Card>
        <SignUpForm callbackUrl={target} />
      </Card>
      <p className="text-sm text-[var(--fg-muted)]">
        Already have one?{" "}
        <Link className="font-medium text-brand-600 underline dark:text-brand-100" href={`/signin?callbackUrl=${encodeURIComponent(target)}`}>
          Sign in
        </Link>
      </p>
    </div>
  );
}
