import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { unsubscribe } from "@/lib/reminders/unsubscribe";

/**
 * The List-Unsubscribe URL of reminder mails. POST is RFC 8058's one-click unsubscribe: a mail client
 * sends `List-Unsubscribe=One-Click` with no cookies, and the token in the URL is the authorization
 * (it can only turn that kind of mail off, so no session and no origin check). The body is not
 * required: the action is the same whatever it says.
 */
export async function POST(request: Request) {
  const token = new URL(request.url).searchParams.get("token");
  try {
    const { kind } = await unsubscribe({ db: db(), token });
    return NextResponse.json({ ok: true, unsubscribed: kind === "REVIEW" ? "review reminders" : "weekly digest" });
  } catch (e) {
    if (isAppError(e)) return NextResponse.json({ error: e.message }, { status: e.status });
    throw e;
  }
}

/** A GET (a link scanner, an old mail client) changes nothing: it shows the page that asks first. */
export async function GET(request: Request) {
  const url = new URL(request.url);
  const token = url.searchParams.get("token") ?? "";
  return NextResponse.redirect(new URL(`/unsubscribe?token=${encodeURIComponent(token)}`, url), 303);
}
