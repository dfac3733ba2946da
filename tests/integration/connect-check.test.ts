import { describe, expect, inject, it } from "vitest";
import { checkDatabase } from "@/lib/db/connect-check";
import { findFreePort } from "@/lib/db/ports";

function withUrl(change: (url: URL) => void): string {
  const url = new URL(inject("databaseUrl"));
  change(url);
  return url.toString();
}

describe("checkDatabase", () => {
  it("connects to a live database", async () => {
    const result = await checkDatabase(inject("databaseUrl"));
    expect(result).toEqual({ ok: true, serverVersion: expect.stringMatching(/^17\./) });
  });

  it("says nothing is listening on a closed port", async () => {
    const port = await findFreePort();
    const result = await checkDatabase(`postgresql://u:p@127.0.0.1:${port}/recall`);
    expect(result).toEqual({
      ok: false,
      code: "ECONNREFUSED",
      message: `Cannot connect to PostgreSQL at 127.0.0.1:${port} (database "recall"): nothing is listening there (connection refused).`,
    });
  });

  it("names a database that does not exist", async () => {
    const result = await checkDatabase(withUrl((u) => (u.pathname = "/no_such_db")));
    expect(result).toMatchObject({ ok: false, code: "NO_DATABASE", message: expect.stringContaining('the database "no_such_db" does not exist') });
  });

  it("says the password was refused, without echoing it", async () => {
    const result = await checkDatabase(withUrl((u) => (u.password = "wrong-secret")));
    expect(result).toMatchObject({ ok: false, code: "AUTH", message: expect.stringContaining('password authentication failed for user "postgres"') });
    expect(JSON.stringify(result)).not.toContain("wrong-secret");
  });

  it("says when the host name does not resolve", async () => {
    const result = await checkDatabase("postgresql://u:p@no-such-host.invalid:5432/recall");
    expect(result).toMatchObject({ ok: false, code: "ENOTFOUND", message: expect.stringMatching(/^Cannot connect to PostgreSQL at no-such-host\.invalid:5432 .*"no-such-host\.invalid"/) });
  });

  it("rejects a URL it cannot parse", async () => {
    expect(await checkDatabase("not a url")).toMatchObject({ ok: false, code: "BAD_URL" });
  });

  it("answers in one line, always", async () => {
    for (const url of ["postgresql://u:p@127.0.0.1:1/x", "postgresql://u:p@no-such-host.invalid/x", "nope"]) {
      const result = await checkDatabase(url);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).not.toContain("\n");
    }
  });
});
