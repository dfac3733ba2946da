import type { Db } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { hashPassword } from "@/lib/auth/password";
import { SIGNUPS_PER_ADDRESS, reserveAttempt, waitText } from "@/lib/auth/rate-limit";
import { AppError } from "@/lib/errors";
import { fieldErrors, signUpSchema } from "./schemas";

export interface CreateUserOptions {
  db: Db;
  input: unknown;
  /** The client's address, for the sign-up rate limit; omitted by trusted callers (seeding). */
  address?: string;
  role?: Role;
  timezone?: string;
}

export async function createUser({ db, input, address, role = "LEARNER", timezone }: CreateUserOptions) {
  const parsed = signUpSchema.safeParse(input);
  if (!parsed.success) throw new AppError("INVALID_INPUT", "Check the highlighted fields.", fieldErrors(parsed.error));
  const { name, email, password } = parsed.data;
  if (address) {
    // Every sign-up that gets this far counts, created or not: the reservation is kept.
    const reservation = await reserveAttempt(db, [{ key: `signup:address:${address}`, limit: SIGNUPS_PER_ADDRESS }]);
    if (!reservation.ok) {
      throw new AppError("RATE_LIMITED", `Too many sign-ups from this network address. Try again in ${waitText(reservation.retryAt)}.`);
    }
  }
  const existing = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (existing) {
    throw new AppError("CONFLICT", "Check the highlighted fields.", {
      email: "An account with this email already exists. Sign in instead?",
    });
  }
  const passwordHash = await hashPassword(password);
  try {
    return await db.user.create({
      data: { name, email, passwordHash, role, ...(timezone ? { timezone } : {}) },
      select: { id: true, email: true, name: true, role: true },
    });
  } catch (e) {
    // Two sign-ups racing for the same email: the unique index decides.
    if ((e as { code?: string }).code === "P2002") {
      throw new AppError("CONFLICT", "Check the highlighted fields.", { email: "An account with this email already exists." });
    }
    throw e;
  }
}
