import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/card";
import { FormPage } from "@/components/ui/form-page";
import { queryParam } from "@/lib/http/params";
import { ResetPasswordForm } from "./reset-password-form";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const token = queryParam((await searchParams).token) ?? "";
  return (
    <FormPage title="Choose a new password">
      {token ? (
        <ResetPasswordForm token={token} />
      ) : (
        <Alert>
          This page needs the link from the reset mail.{" "}
          <Link className="font-medium underline" href="/forgot-password">
            Ask for a new one
          </Link>
        </Alert>
      )}
    </FormPage>
  );
}
