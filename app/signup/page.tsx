import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { FormPage } from "@/components/ui/form-page";
import { getCurrentUser } from "@/lib/auth/session";
import { safeCallbackUrl } from "@/lib/safe-redirect";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  const { callbackUrl } = await searchParams;
  const target = safeCallbackUrl(callbackUrl);
  if (await getCurrentUser()) redirect(target);
  return (
    <FormPage title="Create an account" links={[{ lead: "Already have one?", href: `/signin?callbackUrl=${encodeURIComponent(target)}`, label: "Sign in" }]}>
      <SignUpForm callbackUrl={target} />
    </FormPage>
  );
}
