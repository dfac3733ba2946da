import type { Metadata } from "next";
import { Alert, Card, PageTitle } from "@/components/ui/card";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { queryParam } from "@/lib/http/params";
import { describeUnsubscribe } from "@/lib/reminders/unsubscribe";
import { UnsubscribeForm } from "./unsubscribe-form";

export const metadata: Metadata = { title: "Unsubscribe", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

/** The unsubscribe link in a reminder's text: opening it asks first; the button turns the mail off (no sign-in needed). */
export default async function UnsubscribePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const token = queryParam((await searchParams).token) ?? "";
  let target;
  try {
    target = await describeUnsubscribe({ db: db(), token });
  } catch (e) {
    if (!isAppError(e)) throw e;
    return (
      <div className="mx-auto max-w-md space-y-6">
        <PageTitle>Unsubscribe</PageTitle>
        <Alert>{e.message}</Alert>
      </div>
    );
  }
  const what = target.kind === "REVIEW" ? "review reminders" : "the weekly digest";
  return (
    <div className="mx-auto max-w-md space-y-6">
      <PageTitle>Unsubscribe</PageTitle>
      <Card className="space-y-3">
        <p>
          Stop sending {what} to <strong>{target.maskedEmail}</strong>?
        </p>
        <UnsubscribeForm token={token} what={what} />
      </Card>
    </div>
  );
}
