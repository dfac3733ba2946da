// What every form action needs before and after calling lib/: its arguments checked (a server action
// is a public endpoint; a direct call can send any shape, not the FormData the page sends) and a
// typed error turned into the state the form shows. One place, so no action can forget either.
import { AppError, isAppError } from "@/lib/errors";

export interface FormState<Values = Record<string, string>> {
  status: "idle" | "ok" | "error";
  message?: string;
  fieldErrors?: Record<string, string>;
  values?: Values;
}

const MALFORMED = "This form arrived malformed. Reload the page and send it again.";

/** The FormData a form action was called with; anything else is INVALID_INPUT. */
export function formDataOf(raw: unknown): FormData {
  if (raw instanceof FormData) return raw;
  throw new AppError("INVALID_INPUT", MALFORMED);
}

/** An id bound to an action in the page (`action.bind(null, cohortId)`): a string of id size, else INVALID_INPUT. */
export function boundId(raw: unknown): string {
  if (typeof raw === "string" && raw.length > 0 && raw.length <= 200) return raw;
  throw new AppError("INVALID_INPUT", MALFORMED);
}

/** A form field as text: a missing field, or a file sent in its place, counts as empty (not "[object File]"). */
export function textField(form: FormData, key: string): string {
  const value = form.get(key);
  return typeof value === "string" ? value : "";
}

/** Several text fields at once, e.g. to send back what was typed. */
export function textFields<K extends string>(form: FormData, keys: readonly K[]): Record<K, string> {
  return Object.fromEntries(keys.map((k) => [k, textField(form, k)])) as Record<K, string>;
}

/**
 * The form's error state for a typed error (its message and field errors, and what was typed).
 * Anything else is a bug, or Next's own redirect: it is thrown on, to the error page and the log.
 */
export function formFailure<Values>(e: unknown, values?: Values): FormState<Values> & { status: "error"; message: string; code: string } {
  if (isAppError(e)) return { status: "error", code: e.code, message: e.message, fieldErrors: e.fieldErrors, values };
  throw e;
}

/** How an action the page calls itself (a quiz answer, a leech to relearn; not a form) answers a failure. */
export type ActionError = { ok: false; code: string; message: string; fieldErrors?: Record<string, string> };

/**
 * A typed error as its code and message; anything else (the database gone, a bug) is logged and told as
 * UNAVAILABLE with `unavailable`, which says what the learner can do, so the page keeps what they did.
 */
export function actionError(e: unknown, unavailable: string): ActionError {
  if (isAppError(e)) return { ok: false, code: e.code, message: e.message, fieldErrors: e.fieldErrors };
  console.error(e);
  return { ok: false, code: "UNAVAILABLE", message: unavailable };
}
