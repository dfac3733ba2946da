import type { Metadata } from "next";
import { Alert, Card, PageTitle } from "@/components/ui/card";
import { queryParam } from "@/lib/http/params";
import { VerifyEmailForm } from "./verify-email-form";

export const metadata: Metadata = { title: "Confirm your email", referrer: "no-referrer" };

export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const token = queryParam((await searchParams).token) ?? "";
  return (
    <div className="mx-auto max-w-md space-y-6">
      <PageTitle>Confirm your email</PageTitle>
      <Card className="space-y-3">
        {token ? (
          <>
            <p>Confirm that this address is yours, so Recall can send you review reminders and you can join cohorts.</p>
            <VerifyEmailForm token={token} />
          </>
        ) : (
          <Alert>This page needs the link from the confirmation mail. Sign in to ask for a new one.</Alert>
        )}
      </Card>
    </div>
  );
}
