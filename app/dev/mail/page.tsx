import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card, PageTitle } from "@/components/ui/card";
import { listLocalMail, localMailboxEnabled } from "@/lib/email/local-mailbox";
import { env, isLoopbackHost } from "@/lib/env";

export const metadata: Metadata = { title: "Local mail", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

/** Splits a mail's text so that its links can be followed. */
function withLinks(text: string) {
  return text.split(/(https?:\/\/[^\s]+)/g).map((part, i) =>
    /^https?:\/\//.test(part) ? (
      <a key={i} href={part} className="break-all text-brand-600 underline dark:text-brand-100">
        {part}
      </a>
    ) : (
      part
    ),
  );
}

/** Development and the embedded default only: the mail Recall would have sent, newest first. */
export default async function LocalMailPage() {
  const e = env();
  // Reset links are readable here: never on an address other machines reach.
  if (!isLoopbackHost(e.HOST) || !localMailboxEnabled({ SMTP_URL: e.SMTP_URL, NODE_ENV: e.NODE_ENV, RECALL_EMBEDDED: e.RECALL_EMBEDDED })) notFound();
  const mails = await listLocalMail({ dataDir: e.RECALL_DATA_DIR });
  return (
    <div className="space-y-6">
      <PageTitle>Local mail</PageTitle>
      <p className="max-w-3xl text-[var(--fg-muted)]">
        No <code>SMTP_URL</code> is set, so Recall writes its mail to the data folder instead of sending it. Set <code>SMTP_URL</code> to send real
        mail; this page then disappears.
      </p>
      {mails.length === 0 ? (
        <p>No mail yet.</p>
      ) : (
        <ul className="space-y-4">
          {mails.map((m) => (
            <li key={m.messageId}>
              <Card aria-label={m.subject}>
                <h2 className="text-lg font-semibold">{m.subject}</h2>
                <p className="text-sm text-[var(--fg-muted)]">
                  To {m.to}, <time dateTime={m.date}>{new Date(m.date).toUTCString()}</time>
                </p>
                {m.headers?.["List-Unsubscribe"] && (
                  <p className="text-sm text-[var(--fg-muted)]">
                    List-Unsubscribe (one-click, by POST): <code data-testid="list-unsubscribe" className="break-all">{m.headers["List-Unsubscribe"]}</code>
                  </p>
                )}
                <pre className="mt-3 whitespace-pre-wrap font-sans text-sm">{withLinks(m.text)}</pre>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
