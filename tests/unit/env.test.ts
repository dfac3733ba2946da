import { describe, expect, it } from "vitest";
import { EnvError, parseEnv as parseEnvOf, publicUrl } from "@/lib/env";

const parseEnv = (vars: Record<string, string>) => parseEnvOf(vars as NodeJS.ProcessEnv);

describe("publicUrl", () => {
  it("prefers PUBLIC_URL over NEXTAUTH_URL", () => {
    expect(publicUrl(parseEnv({ PUBLIC_URL: "https://recall.example.com", NEXTAUTH_URL: "http://localhost:3000" }))).toBe("https://recall.example.com");
  });

  it("falls back to NEXTAUTH_URL, keeping only its origin", () => {
    expect(publicUrl(parseEnv({ NEXTAUTH_URL: "https://learn.example.org/api/auth" }))).toBe("https://learn.example.org");
  });

  it("falls back to localhost on the configured port when neither is set", () => {
    expect(publicUrl(parseEnv({ PORT: "4123" }))).toBe("http://localhost:4123");
  });
});

describe("PUBLIC_URL validation", () => {
  it.each([
    ["not a URL", "recall.example.com"],
    ["another scheme", "ftp://recall.example.com"],
    ["a path", "https://recall.example.com/app"],
    ["credentials", "https://user:pw@recall.example.com"],
  ])("refuses %s with a message naming the variable", (_what, value) => {
    expect(() => parseEnv({ PUBLIC_URL: value })).toThrow(EnvError);
    expect(() => parseEnv({ PUBLIC_URL: value })).toThrow(/PUBLIC_URL: must/);
  });

  it("accepts an origin with a trailing slash", () => {
    expect(publicUrl(parseEnv({ PUBLIC_URL: "https://recall.example.com/" }))).toBe("https://recall.example.com");
  });
});
