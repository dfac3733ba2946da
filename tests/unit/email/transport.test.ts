import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { listLocalMail, localMailboxEnabled } from "@/lib/email/local-mailbox";
import { retryDelayMs } from "@/lib/email/queue";
import { fileMailer, mailerFromEnv } from "@/lib/email/transport";

describe("where mail goes", () => {
  it("writes mail to the data folder without SMTP_URL and lists it newest first", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "recall-mail-"));
    const mailer = fileMailer({ dataDir, from: "Recall <no-reply@test>" });
    await mailer.send({ to: "a@test", subject: "First", text: "one", messageId: "1@recall" });
    await new Promise((r) => setTimeout(r, 5));
    await mailer.send({ to: "b@test", subject: "Second", text: "two https://x.test/reset?token=abc", messageId: "2@recall" });
    const mails = await listLocalMail({ dataDir });
    expect(mails.map((m) => [m.subject, m.to, m.from])).toEqual([
      ["Second", "b@test", "Recall <no-reply@test>"],
      ["First", "a@test", "Recall <no-reply@test>"],
    ]);
  });

  it("lists nothing, rather than failing, before any mail was written", async () => {
    expect(await listLocalMail({ dataDir: path.join(tmpdir(), "recall-no-mail-here") })).toEqual([]);
  });

  it("uses SMTP when SMTP_URL is set and says where, else says mail is not sent", () => {
    expect(mailerFromEnv({ SMTP_URL: "smtps://u:p@smtp.example.com:465", RECALL_DATA_DIR: ".data" }).description).toBe(
      "sent through SMTP at smtp.example.com:465 as Recall <no-reply@recall.localhost>",
    );
    expect(mailerFromEnv({ RECALL_DATA_DIR: ".data" }).description).toMatch(/^not sent \(no SMTP_URL\): written to .*mail\/$/);
  });

  it("opens /dev/mail only without SMTP_URL, in development or on the embedded default", () => {
    expect(localMailboxEnabled({ NODE_ENV: "development" })).toBe(true);
    expect(localMailboxEnabled({ NODE_ENV: "production", RECALL_EMBEDDED: "1" })).toBe(true);
    expect(localMailboxEnabled({ NODE_ENV: "production", RECALL_EMBEDDED: "0" })).toBe(false);
    expect(localMailboxEnabled({ NODE_ENV: "development", SMTP_URL: "smtp://localhost:25" })).toBe(false);
  });
});

describe("retry back-off", () => {
  it("doubles from 30 seconds and stops at an hour", () => {
    expect([1, 2, 3, 4, 8, 20].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000, 3_600_000, 3_600_000]);
  });
});
