// Text people type, checked before it reaches PostgreSQL: text columns refuse NUL (0x00), jsonb refuses
// unpaired UTF-16 surrogates (and the driver would silently turn them into U+FFFD in text columns), and
// other control characters have no place in a name, an id or an answer. Tab, CR and LF are fine.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const CONTROL_ALL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATE_ALL = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** True when the string can be stored as it is: no control characters but tab and line breaks, well-formed UTF-16. */
export function isPlainText(value: string): boolean {
  return !CONTROL.test(value) && !LONE_SURROGATE.test(value);
}

export const PLAIN_TEXT_MESSAGE = "Remove the control characters from this text.";

/** For free text where refusing would lose the learner's answer: drops control characters, mends broken surrogates. */
export function toPlainText(value: string): string {
  return value.replace(CONTROL_ALL, "").replace(LONE_SURROGATE_ALL, "\uFFFD");
}
