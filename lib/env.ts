import { z } from "zod";

// Validated once at start-up (scripts/start.ts) and on first use in the server.
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// connection string")
    .optional(),
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters (openssl rand -base64 32)").optional(),
  NEXTAUTH_URL: z.string().url("must be a URL such as http://localhost:3000").optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  RECALL_DATA_DIR: z.string().default(".data"),
  RECALL_DEMO: z.enum(["0", "1"]).optional(),
  RECALL_TEST_HOOKS: z.enum(["0", "1"]).optional(),
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
