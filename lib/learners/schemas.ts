import { z } from "zod";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { passwordProblem } from "@/lib/auth/password-policy";
import { PLAIN_TEXT_MESSAGE, isPlainText } from "@/lib/text";

export const emailField = z
  .string({ error: "Enter your email." })
  .trim()
  .toLowerCase()
  .min(1, "Enter your email.")
  .max(254, "That email is too long.")
  .email("Enter a valid email address, like ada@example.com.");

export const newPasswordField = z
  .string({ error: "Choose a password." })
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(1024, "Use at most 1,024 characters.");

const nameField = z.string({ error: "Enter your name." }).trim().min(1, "Enter your name.").max(100, "Use at most 100 characters.").refine(isPlainText, PLAIN_TEXT_MESSAGE);

/** A form field left empty is missing, not zero (z.coerce would turn "" into 0). */
const blankAsMissing = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const signUpSchema = z
  .object({
    name: nameField,
    email: emailField,
    password: newPasswordField,
  })
  .superRefine((v, ctx) => {
    const problem = passwordProblem(v);
    if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
  });

export function isValidTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const settingsSchema = z.object({
  name: nameField,
  timezone: z.string().trim().refine(isValidTimezone, "Choose a time zone from the list (IANA name, e.g. Europe/Paris)."),
  dayStartHour: z.preprocess(
    blankAsMissing,
    z.coerce.number({ error: "Choose an hour." }).int("Choose a whole hour.").min(0, "Choose an hour from 0 to 23.").max(23, "Choose an hour from 0 to 23."),
  ),
  desiredRetention: z.preprocess(
    blankAsMissing,
    z.coerce.number({ error: "Enter a number." }).min(0.7, "Choose a retention from 0.70 to 0.97.").max(0.97, "Choose a retention from 0.70 to 0.97."),
  ),
});

export const passwordChangeSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password.").max(1024),
    newPassword: newPasswordField,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "The two passwords differ." });

/** zod issues → one message per field, the first one. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    out[key] ??= issue.message;
  }
  return out;
}
