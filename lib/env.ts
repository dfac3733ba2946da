import { z } from "zod";

// Every environment variable the app and its scripts read, validated in one place: at start-up by
// scripts/start.ts and again in the server process by instrumentation.ts, so a wrong value stops the
// start with a clear message instead of failing on the first request that reads it.
// An empty variable means unset (handy for `DATABASE_URL= npm start`).
const optional = <T extends z.ZodTypeAny>(inner: T) => z.preprocess((v) => (v === "" ? undefined : v), inner.optional());

/** Why a value is not an http(s) origin (scheme, host, port and nothing else), or null when it is. */
function originProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "must be a URL such as https://recall.example.com";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "must start with http:// or https://";
  if (url.pathname !== "/" || url.search || url.hash || url.username || url.password) {
    return "must be an origin only, such as https://recall.example.com (no path, query or credentials)";
  }
  return null;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);
export const isLoopbackHost = (host: string): boolean => LOOPBACK.has(host) || host.startsWith("127.");

const shape = {
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\//, "must be a postgresql:// connection string")),
  NEXTAUTH_SECRET: optional(z.string().min(32, "must be at least 32 characters (openssl rand -base64 32)")),
  NEXTAUTH_URL: optional(z.string().url("must be a URL such as http://localhost:3000")),
  HOST: z.preprocess(
    (v) => (v === "" || v === undefined ? "127.0.0.1" : v),
    // zod's own address checks, not node:net: this module is also bundled for the edge instrumentation.
    z.union([z.literal("localhost"), z.ipv4(), z.ipv6()], { error: "must be an IP address to listen on, such as 127.0.0.1 or 0.0.0.0" }),
  ),
  // The address people are sent to (join links). Unset: NEXTAUTH_URL, then http://localhost:$PORT.
  PUBLIC_URL: optional(z.string().superRefine((v, ctx) => {
    const problem = originProblem(v);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  })),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  TRUST_PROXY: optional(z.coerce.number().int("must be a whole number of proxies").min(0).max(10)).transform((n) => n ?? 0),
  /** Server processes `npm start` runs behind its one port (`--workers N` wins over it). */
  WEB_CONCURRENCY: optional(z.coerce.number().int("must be a whole number of server processes").min(1).max(64)).transform((n) => n ?? 1),
  RECALL_DATA_DIR: optional(z.string()).transform((v) => v?.trim() || ".data"),
  SMTP_URL: optional(z.string().regex(/^smtps?:\/\/[^/\s]+/, "must be an smtp:// or smtps:// URL such as smtps://user:pass@smtp.example.com:465")),
  EMAIL_FROM: optional(z.string().min(3, "must be an address such as Recall <no-reply@example.com>")),
  // Single sign-on (lib/auth/sso-providers.ts). A provider is on when its id is set, and then every
  // one of its variables must be: a half-configured provider stops the start, naming what is missing.
  OIDC_ISSUER: optional(z.url({ protocol: /^https?$/, error: "must be the provider's issuer URL, such as https://id.example.com/realms/main" })),
  OIDC_CLIENT_ID: optional(z.string()),
  OIDC_CLIENT_SECRET: optional(z.string()),
  OIDC_NAME: optional(z.string().trim().min(1).max(40, "must be at most 40 characters (it is the button's label)")),
  GITHUB_ID: optional(z.string()),
  GITHUB_SECRET: optional(z.string()),
  GOOGLE_ID: optional(z.string()),
  GOOGLE_SECRET: optional(z.string()),
  /** Set by scripts/start.ts for the server it starts: "1" when the database is the embedded one. */
  RECALL_EMBEDDED: optional(z.enum(["0", "1"])),
  RECALL_CONTENT_DIR: optional(z.string()).transform((v) => v?.trim() || "content"),
  RECALL_TEST_BUILD: optional(z.enum(["0", "1"])).transform((v) => v === "1"),
  RECALL_TEST_HOOKS: optional(z.string()),
};

const schema = z
  .object(shape)
  .superRefine((e, ctx) => {
    // The old switch turned a test route on in any build; test routes now exist only in a test build.
    if (e.RECALL_TEST_HOOKS !== undefined && e.NODE_ENV === "production") {
      ctx.addIssue({ code: "custom", path: ["RECALL_TEST_HOOKS"], message: "is refused in production: test-only routes exist only in a test build (RECALL_TEST_BUILD=1, set by the test and bench harnesses)" });
    }
    const groups: [string, (keyof typeof e)[]][] = [
      ["OpenID Connect sign-in", ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"]],
      ["GitHub sign-in", ["GITHUB_ID", "GITHUB_SECRET"]],
      ["Google sign-in", ["GOOGLE_ID", "GOOGLE_SECRET"]],
    ];
    for (const [what, keys] of groups) {
      const set = keys.filter((k) => e[k] !== undefined);
      if (set.length === 0 || set.length === keys.length) continue;
      for (const missing of keys.filter((k) => e[k] === undefined)) {
        ctx.addIssue({ code: "custom", path: [missing], message: `is required for ${what} (${set.join(" and ")} ${set.length === 1 ? "is" : "are"} set)` });
      }
    }
    if (e.OIDC_NAME !== undefined && e.OIDC_ISSUER === undefined) {
      ctx.addIssue({ code: "custom", path: ["OIDC_ISSUER"], message: "is required for OpenID Connect sign-in (OIDC_NAME is set)" });
    }
    if (e.RECALL_TEST_BUILD && !isLoopbackHost(e.HOST)) {
      ctx.addIssue({ code: "custom", path: ["RECALL_TEST_BUILD"], message: `is for the test and bench harnesses on a loopback address, not with HOST=${e.HOST}` });
    }
  });

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid environment (see .env.example):\n${lines.join("\n")}`);
  }
  return result.data;
}

const KEYS = Object.keys(shape);
let cached: { raw: string; env: Env } | undefined;

/** The validated environment; parsed again only if a variable changed (tests and benches set some). */
export function env(): Env {
  const raw = JSON.stringify(KEYS.map((k) => process.env[k]));
  if (cached?.raw !== raw) cached = { raw, env: parseEnv() };
  return cached.env;
}

/**
 * The site's public origin, for links sent to people. Never derived from a request's Host or
 * X-Forwarded-* headers: a page rendered through an internal fetch (or a spoofed header) would
 * otherwise hand out a link on the wrong host.
 */
export function publicUrl(source: Env = env()): string {
  return new URL(source.PUBLIC_URL ?? source.NEXTAUTH_URL ?? `http://localhost:${source.PORT}`).origin;
}
