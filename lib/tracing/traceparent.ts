// W3C Trace Context `traceparent` parsing, as a receiver must do it (level 1 and 2 rules).
// Pure: used by the decoder widget and its tests.

export interface FieldExplanation {
  name: string;
  value: string;
  bytes: number;
  meaning: string;
  problem?: string;
}

export type TraceparentResult =
  | { valid: true; version: string; traceId: string; parentId: string; flags: number; sampled: boolean; random: boolean; fields: FieldExplanation[]; warnings: string[] }
  | { valid: false; error: string; fields: FieldExplanation[]; action: string };

const HEX = /^[0-9a-f]+$/;
const RESTART = "Ignore the header: start a new trace (new trace-id) and drop any tracestate.";

export function parseTraceparent(header: string): TraceparentResult {
  const value = header.replace(/^[ \t]+|[ \t]+$/g, "");
  const fields: FieldExplanation[] = [];
  const fail = (error: string): TraceparentResult => ({ valid: false, error, fields, action: RESTART });

  const version = value.slice(0, 2);
  if (value.length < 3 || value[2] !== "-" || !HEX.test(version)) {
    fields.push({ name: "version", value: version, bytes: 1, meaning: "Format version", problem: "must be two lowercase hex digits followed by '-'" });
    return fail("The header does not start with a two-digit lowercase hex version and a dash.");
  }
  const versionProblem = version === "ff" ? "version ff is forbidden" : undefined;
  fields.push({ name: "version", value: version, bytes: 1, meaning: version === "00" ? "Version 00, the only one defined" : "A future version", problem: versionProblem });
  if (versionProblem) return fail("Version ff is invalid.");
  if (version === "00" && value.length !== 55) {
    return fail(value.length > 55 ? "A version-00 header must be exactly 55 characters: extra data after the flags makes it invalid." : `A version-00 header is 55 characters; this one has ${value.length}.`);
  }
  if (value.length < 55) return fail(`Too short (${value.length} characters): even a future version carries at least the 55 characters of version 00.`);
  if (value.length > 55 && value[55] !== "-") return fail("In a future version, data after the flags must start with a dash.");

  const traceId = value.slice(3, 35);
  const parentId = value.slice(36, 52);
  const flagsHex = value.slice(53, 55);
  if (value[35] !== "-" || value[52] !== "-") return fail("Fields must be separated by single dashes at positions 3, 36 and 53.");

  const idProblem = (id: string, size: number): string | undefined => {
    if (!/^[0-9a-fA-F]+$/.test(id) || id.length !== size * 2) return `must be ${size * 2} hex characters`;
    if (!HEX.test(id)) return "upper-case hex is not allowed: only lowercase";
    if (/^0+$/.test(id)) return "all zeros is invalid";
    return undefined;
  };
  const traceProblem = idProblem(traceId, 16);
  fields.push({ name: "trace-id", value: traceId, bytes: 16, meaning: "Identifies the whole trace; every span of the request shares it", problem: traceProblem });
  const parentProblem = idProblem(parentId, 8);
  fields.push({ name: "parent-id", value: parentId, bytes: 8, meaning: "The span id of the caller's current operation (the new span's parent)", problem: parentProblem });
  const flagsProblem = HEX.test(flagsHex) && flagsHex.length === 2 ? undefined : "must be two lowercase hex digits";
  const flags = flagsProblem ? 0 : parseInt(flagsHex, 16);
  const sampled = (flags & 0x01) === 0x01;
  const random = (flags & 0x02) === 0x02;
  fields.push({
    name: "trace-flags",
    value: flagsHex,
    bytes: 1,
    meaning: `sampled=${sampled ? 1 : 0} (the caller may have recorded)${random ? ", random-trace-id=1 (level 2: the trace-id's right 7 bytes are random)" : ""}`,
    problem: flagsProblem,
  });
  if (traceProblem) return fail(`Invalid trace-id: ${traceProblem}.`);
  if (parentProblem) return fail(`Invalid parent-id: ${parentProblem}.`);
  if (flagsProblem) return fail(`Invalid flags: ${flagsProblem}.`);

  const warnings: string[] = [];
  if (flags & ~0x03) warnings.push(`Unknown flag bits (0x${(flags & ~0x03).toString(16).padStart(2, "0")}) are ignored; level 1 requires them to be zero.`);
  if (version !== "00") warnings.push(`Version ${version} is parsed with the version-00 layout; anything after the flags is ignored, and the header is forwarded as version 00.`);
  return { valid: true, version, traceId, parentId, flags, sampled, random, fields, warnings };
}

export function formatTraceparent({ traceId, parentId, sampled, random = false }: { traceId: string; parentId: string; sampled: boolean; random?: boolean }): string {
  const flags = (sampled ? 1 : 0) | (random ? 2 : 0);
  return `00-${traceId}-${parentId}-${flags.toString(16).padStart(2, "0")}`;
}
