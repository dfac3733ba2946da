import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SsoButtons } from "@/components/auth/sso-buttons";
import { Alert } from "@/components/ui/card";
import { FormPage } from "@/components/ui/form-page";
import { getCurrentUser } from "@/lib/auth/session";
import { SSO_REFUSAL_MESSAGES, type SsoRefusal } from "@/lib/auth/sign-in-with-provider";
import { ssoProviderList } from "@/lib/auth/sso-providers";
import { safeCallbackUrl } from "@/lib/safe-redirect";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

// next-auth's own error codes (https://next-auth.js.org/configuration/pages#error-codes) for a provider round trip that failed.
const NEXT_AUTH_ERRORS: Record<string, string> = {
  OAuthSignin: "Could not start signing in with that provider. Try again in a moment.",
  OAuthCallback: "Signing in with that provider did not complete. Try again.",
  Callback: "Signing in with that provider did not complete. Try again.",
  AccessDenied: "Signing in was refused.",
  Configuration: "Signing in with that provider is misconfigured on this site. Tell its admin.",
};

function errorMessage(code: string | string[] | undefined): string | null {
  if (typeof code !== "string") return null;
  if (Object.hasOwn(SSO_REFUSAL_MESSAGES, code)) return SSO_REFUSAL_MESSAGES[code as SsoRefusal];
  if (code === "CredentialsSignin") return null;
  return NEXT_AUTH_ERRORS[code] ?? "Signing in did not complete. Try again.";
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[]; error?: string | string[] }> }) {
  const { callbackUrl, error } = await searchParams;
  const target = safeCallbackUrl(callbackUrl);
  if (await getCurrentUser()) redirect(target);
  const providers = ssoProviderList();
  const problem = errorMessage(error);
  return (
    <FormPage
      title="Sign in"
      notice={problem && <Alert>{problem}</Alert>}
      after={
        providers.length > 0 && (
          <section aria-labelledby="sso-heading" className="space-y-3">
            <h2 id="sso-heading" className="text-sm font-semibold text-[var(--fg-muted)]">
              Or sign in with another service
            </h2>
            <SsoButtons providers={providers} callbackUrl={target} />
          </section>
        )
      }
      links={[
        { href: "/forgot-password", label: "Forgot your password?" },
        { lead: "New here?", href: `/signup?callbackUrl=${encodeURIComponent(target)}`, label: "Create an account" },
      ]}
    >
      <SignInForm callbackUrl={target} />
    </FormPage>
  );
}
