import { z } from "zod";

// Validated once at start-up (scripts/start.ts) and on first use in the server.
// An empty variable means unset (handy for `DATABASE_URL= npm start`).
const optional = <T extends z.ZodTypeAny>(inner: T) => z.preprocess((v) => (v === "" ? undefined : v), inner.optional());

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\//, "must be a postgresql:// connection string")),
  NEXTAUTH_SECRET: optional(z.string().min(32, "must be at least 32 characters (openssl rand -base64 32)")),
  NEXTAUTH_URL: optional(z.string().url("must be a URL such as http://localhost:3000")),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  RECALL_DATA_DIR: z.string().default(".data"),
  SMTP_URL: optional(z.string().regex(/^smtps?:\/\/[^/\s]+/, "must be an smtp:// or smtps:// URL such as smtps://user:pass@smtp.example.com:465")),
  EMAIL_FROM: optional(z.string().min(3, "must be an address such as Recall <no-reply@example.com>")),
  RECALL_TEST_HOOKS: optional(z.enum(["0", "1"])),
});

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {}

export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid environment (see .env.example):\n${lines.join("\n")}`);
  }
  return result.data;
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}
