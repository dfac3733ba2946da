import { AppError } from "@/lib/errors";

/** What a data-layer call came to: "OK", the AppError's code, or "THROWN: …" for anything else. */
export async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (e) {
    return e instanceof AppError ? e.code : `THROWN: ${(e as Error).message}`;
  }
}
