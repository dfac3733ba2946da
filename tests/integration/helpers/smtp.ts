// A real SMTP server (the smtp-server package) on a loopback port, recording every message it accepts.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  to: string[];
  messageId: string;
  raw: string;
}

export interface TestSmtpServer {
  url: string;
  received: ReceivedMail[];
  /** Recipients refused with a temporary error (451) the next `times` times they are tried. */
  refuse(address: string, times: number): void;
  close(): Promise<void>;
}

/** `acceptDelayMs`: how long the server takes to accept each message (a slow server, to stop a sender mid-batch). */
export async function startSmtpServer({ acceptDelayMs = 0 }: { acceptDelayMs?: number } = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const refusals = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, callback) {
      const left = refusals.get(address.address) ?? 0;
      if (left > 0) {
        refusals.set(address.address, left - 1);
        return callback(Object.assign(new Error("451 Try again later"), { responseCode: 451 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const messageId = /^Message-ID:\s*<([^>]+)>/im.exec(raw)?.[1] ?? "";
        const accept = () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), messageId, raw });
          callback();
        };
        if (acceptDelayMs > 0) setTimeout(accept, acceptDelayMs);
        else accept();
      });
    },
  });
  // smtp-server emits a client's broken connection (a sender killed mid-message: ECONNRESET) as an 'error'
  // on the server, which ends the test process when nothing listens; a lost connection is what the
  // tests cause on purpose, and what they check is which messages were accepted.
  server.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "ECONNRESET" && error.code !== "EPIPE") throw error;
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuse: (address, times) => refusals.set(address, times),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
