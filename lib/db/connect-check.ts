import pg from "pg";

export type DatabaseCheck =
  | { ok: true; serverVersion: string }
  | {
      ok: false;
      /** ECONNREFUSED, ENOTFOUND, ETIMEDOUT, AUTH, NO_DATABASE, BAD_URL, or the driver's code. */
      code: string;
      /** One line: where, and why. No stack trace. */
      message: string;
    };

/** host:port of a URL for messages (never the password). */
export function describeTarget(url: string): { where: string; database: string } {
  try {
    const u = new URL(url);
    const host = u.searchParams.get("host") ?? (decodeURIComponent(u.hostname) || "localhost");
    return { where: `${host}:${u.port || "5432"}`, database: decodeURIComponent(u.pathname.replace(/^\//, "")) || "(default)" };
  } catch {
    return { where: "(unparsable URL)", database: "?" };
  }
}

/** Cause of a failed connection, in words, from the pg / Node error. */
export function explainConnectionError(error: unknown, url: string): { code: string; cause: string } {
  const e = error as { code?: string; message?: string; errors?: { code?: string }[] };
  const { where, database } = describeTarget(url);
  const host = where.replace(/:\d+$/, "");
  // Node reports "localhost" failures as an AggregateError of the IPv4 and IPv6 attempts.
  const code = e.code ?? e.errors?.find((x) => x.code)?.code ?? "";
  const user = (() => {
    try {
      return decodeURIComponent(new URL(url).username) || "(default user)";
    } catch {
      return "?";
    }
  })();
  switch (code) {
    case "ECONNREFUSED":
      return { code, cause: "nothing is listening there (connection refused)" };
    case "ENOTFOUND":
      return { code, cause: `the host name "${host}" does not resolve (ENOTFOUND)` };
    case "EAI_AGAIN":
      return { code: "ENOTFOUND", cause: `the host name "${host}" could not be resolved (DNS unavailable, EAI_AGAIN)` };
    case "ETIMEDOUT":
    case "TIMEOUT":
      return { code: "ETIMEDOUT", cause: "no answer in time (a firewall, a wrong host, or the server is overloaded)" };
    case "ECONNRESET":
      return { code, cause: "the server closed the connection (wrong port, or it requires SSL: add ?sslmode=require)" };
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return { code, cause: "the host cannot be reached from this machine" };
    case "28P01":
      return { code: "AUTH", cause: `password authentication failed for user "${user}"` };
    case "28000":
      return { code: "AUTH", cause: (e.message ?? "").includes("does not exist") ? `the role "${user}" does not exist` : `the server refused user "${user}": ${e.message}` };
    case "3D000":
      return { code: "NO_DATABASE", cause: `the database "${database}" does not exist (create it: CREATE DATABASE "${database}";)` };
    case "57P03":
      return { code, cause: "the server is starting up or shutting down; try again in a moment" };
    case "53300":
      return { code, cause: "the server has no connection slots left (too many clients)" };
  }
  const message = (e.message ?? String(error)).split("\n")[0];
  if (/SSL|ssl/.test(message)) return { code: "SSL", cause: `SSL negotiation failed: ${message}` };
  if (/timeout/i.test(message)) return { code: "ETIMEDOUT", cause: "no answer in time (a firewall, a wrong host, or the server is overloaded)" };
  return { code: code || "UNKNOWN", cause: message };
}

/**
 * Connects once with `pg` and runs `SELECT version()`. Never throws: on failure, `message` is one
 * line naming host:port and the cause ("nothing is listening there", "password authentication
 * failed", "the database does not exist"…).
 */
export async function checkDatabase(url: string, { timeoutMs = 5000 }: { timeoutMs?: number } = {}): Promise<DatabaseCheck> {
  const { where, database } = describeTarget(url);
  try {
    new URL(url);
  } catch {
    return { ok: false, code: "BAD_URL", message: "The database URL is not a valid URL: expected postgresql://user:password@host:5432/database" };
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on("error", () => undefined); // a late socket error must not crash the caller
  try {
    await client.connect();
    const result = await client.query<{ server_version: string }>("SHOW server_version");
    return { ok: true, serverVersion: result.rows[0]?.server_version ?? "unknown" };
  } catch (error) {
    const { code, cause } = explainConnectionError(error, url);
    return { ok: false, code, message: `Cannot connect to PostgreSQL at ${where} (database "${database}"): ${cause}.` };
  } finally {
    await client.end().catch(() => undefined);
  }
}
