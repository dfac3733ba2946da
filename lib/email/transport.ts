// Where outgoing mail goes: an SMTP server (SMTP_URL, through nodemailer), or, with no SMTP_URL, files in
// the data folder that /dev/mail lists, so a newcomer on the embedded default can follow every link.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";

/** Extra header lines, name → value (List-Unsubscribe, List-Unsubscribe-Post). */
export type MailHeaders = Record<string, string>;

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string | null;
  headers?: MailHeaders | null;
  /** The Message-ID header, without angle brackets. */
  messageId: string;
}

export interface Mailer {
  /** Resolves once the mail is accepted (by the SMTP server, or written to disk); rejects otherwise. */
  send(mail: OutgoingMail): Promise<void>;
  /** One line for start-up: where mail goes. */
  readonly description: string;
  /** Closes open connections (a pooled SMTP transport), so that the process or the server can stop. */
  close?(): void;
}

export const DEFAULT_EMAIL_FROM = "Recall <no-reply@recall.localhost>";

/** The folder local mail is written to. */
export function localMailDir(dataDir: string): string {
  return path.resolve(dataDir, "mail");
}

export function smtpMailer({ smtpUrl, from }: { smtpUrl: string; from: string }): Mailer {
  const url = new URL(smtpUrl);
  // Pooled unless the URL says otherwise: a connection per mail (TCP, greeting, EHLO) held a sender
  // to about six mails a second against a local server; one kept open sends a reminder burst quickly.
  const pooled = new URL(smtpUrl);
  if (!pooled.searchParams.has("pool")) pooled.searchParams.set("pool", "true");
  const transport = nodemailer.createTransport(pooled.toString());
  return {
    close: () => transport.close(),
    description: `sent through SMTP at ${url.hostname}:${url.port || (url.protocol === "smtps:" ? 465 : 587)} as ${from}`,
    async send(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html ?? undefined, headers: mail.headers ?? undefined, messageId: `<${mail.messageId}>` });
    },
  };
}

export interface StoredMail extends OutgoingMail {
  from: string;
  date: string;
}

export function fileMailer({ dataDir, from }: { dataDir: string; from: string }): Mailer {
  const dir = localMailDir(dataDir);
  return {
    description: `not sent (no SMTP_URL): written to ${path.relative(process.cwd(), dir) || dir}/`,
    async send(mail) {
      await mkdir(dir, { recursive: true });
      const stored: StoredMail = { ...mail, from, date: new Date().toISOString() };
      // Named by time then Message-ID: listing the folder sorts by date, and a repeat overwrites itself.
      const name = `${stored.date.replace(/[:.]/g, "-")}_${mail.messageId.replace(/[^\w.-]/g, "_")}.json`;
      await writeFile(path.join(dir, name), JSON.stringify(stored, null, 2), { mode: 0o600 });
    },
  };
}

/** The mailer the environment asks for. */
export function mailerFromEnv(env: { SMTP_URL?: string; EMAIL_FROM?: string; RECALL_DATA_DIR: string }): Mailer {
  const from = env.EMAIL_FROM ?? DEFAULT_EMAIL_FROM;
  return env.SMTP_URL ? smtpMailer({ smtpUrl: env.SMTP_URL, from }) : fileMailer({ dataDir: env.RECALL_DATA_DIR, from });
}
