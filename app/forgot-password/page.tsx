import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageTitle } from "@/components/ui/card";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: "Forgot your password" };

export default function ForgotPasswordPage() {
  return (
    <div className="mx-auto max-w-md space-y-6">
      <PageTitle>Forgot your password?</PageTitle>
      <Card>
        <ForgotPasswordForm />
      </Card>
      <p className="text-sm text-[var(--fg-muted)]">
        Remembered it?{" "}
        <Link className="font-medium text-brand-600 underline dark:text-brand-100" href="/signin">
          Sign in
        </Link>
      </p>
    </div>
  );
}
