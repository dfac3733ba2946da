import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { FormPage } from "@/components/ui/form-page";
import { getCurrentUser } from "@/lib/auth/session";
import { safeCallbackUrl } from "@/lib/safe-redirect";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  const { callbackUrl } = await searchParams;
  const target = safeCallbackUrl(callbackUrl);
  if (await getCurrentUser()) redirect(target);
  return (
    <FormPage
      title="Sign in"
      links={[
        { href: "/forgot-password", label: "Forgot your password?" },
        { lead: "New here?", href: `/signup?callbackUrl=${encodeURIComponent(target)}`, label: "Create an account" },
      ]}
    >
      <SignInForm callbackUrl={target} />
    </FormPage>
  );
}
