import type { Metadata } from "next";
import { FormPage } from "@/components/ui/form-page";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: "Forgot your password" };

export default function ForgotPasswordPage() {
  return (
    <FormPage title="Forgot your password?" links={[{ lead: "Remembered it?", href: "/signin", label: "Sign in" }]}>
      <ForgotPasswordForm />
    </FormPage>
  );
}
