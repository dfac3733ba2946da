// The password policy, after NIST SP 800-63B §3.1.1.2: at least 10 characters, no composition
// rules, any character; refused when the password is on a list of common or breached passwords,
// is a repetition, sequence or keyboard pattern, or contains the account's own email or name.
// The lists are zxcvbn-ts's (about 49,000 passwords from breaches, and patterns), shipped in the
// npm package and checked in memory: nothing leaves the server.
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";

/** zxcvbn's score 3: "safely unguessable", about 10^8 guesses or more. */
const MIN_SCORE = 3;

let checker: ZxcvbnFactory | undefined;

const COMMON = "This password is on lists of common or leaked passwords. Choose one nobody else would.";
const PATTERN = "Repeated characters, sequences and keyboard patterns are easy to guess. A few unrelated words make a strong password.";
const PERSONAL = "Leave your name and email out of your password.";
const WEAK = "This password is too easy to guess. A few unrelated words make a strong password.";

const MESSAGES: Record<string, string> = {
  common: COMMON,
  topTen: COMMON,
  topHundred: COMMON,
  similarToCommon: COMMON,
  wordByItself: WEAK,
  simpleRepeat: PATTERN,
  extendedRepeat: PATTERN,
  sequences: PATTERN,
  keyPattern: PATTERN,
  straightRow: PATTERN,
  userInputs: PERSONAL,
};

/** The parts of the account a password must not contain: the email's local part, the name and its longer words. */
function personalParts(email: string, name: string): string[] {
  const local = email.toLowerCase().split("@")[0] ?? "";
  const words = name.toLowerCase().split(/[\s._-]+/).filter((w) => w.length >= 4);
  return [local, name.toLowerCase().replace(/\s+/g, ""), ...words].filter((p) => p.length >= 3);
}

/** Why this password is refused for this account, in words for the form; null when it is fine. */
export function passwordProblem({ password, email, name }: { password: string; email: string; name: string }): string | null {
  const compact = password.toLowerCase().replace(/\s+/g, "");
  if (personalParts(email, name).some((part) => compact.includes(part))) return PERSONAL;
  checker ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  // zxcvbn looks at the first 256 characters only (its own guard against slow inputs); a longer
  // password that starts well is strong anyway.
  const result = checker.check(password.slice(0, 256), [email, name, ...personalParts(email, name)]);
  if (result.score >= MIN_SCORE) return null;
  return MESSAGES[result.feedback.warning ?? ""] ?? WEAK;
}
