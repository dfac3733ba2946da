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

describe("single sign-on variables", () => {
  const oidc = { OIDC_ISSUER: "https://id.example.com/realms/main", OIDC_CLIENT_ID: "recall", OIDC_CLIENT_SECRET: "a-client-secret" };

  it("accepts a complete OpenID Connect provider, GitHub and Google", () => {
    const e = parseEnv({ ...oidc, OIDC_NAME: "Example ID", GITHUB_ID: "gh", GITHUB_SECRET: "ghs", GOOGLE_ID: "g", GOOGLE_SECRET: "gs" });
    expect([e.OIDC_ISSUER, e.OIDC_NAME, e.GITHUB_ID, e.GOOGLE_SECRET]).toEqual([oidc.OIDC_ISSUER, "Example ID", "gh", "gs"]);
  });

  it.each([
    ["an issuer without a secret", { OIDC_ISSUER: oidc.OIDC_ISSUER, OIDC_CLIENT_ID: "recall" }, /OIDC_CLIENT_SECRET: is required for OpenID Connect sign-in \(OIDC_ISSUER and OIDC_CLIENT_ID are set\)/],
    ["a secret without an issuer", { OIDC_CLIENT_SECRET: "x" }, /OIDC_ISSUER: is required[\s\S]*OIDC_CLIENT_ID: is required/],
    ["a name without an issuer", { OIDC_NAME: "Example ID" }, /OIDC_ISSUER: is required for OpenID Connect sign-in \(OIDC_NAME is set\)/],
    ["a GitHub id without its secret", { GITHUB_ID: "gh" }, /GITHUB_SECRET: is required for GitHub sign-in \(GITHUB_ID is set\)/],
    ["a Google secret without its id", { GOOGLE_SECRET: "gs" }, /GOOGLE_ID: is required for Google sign-in \(GOOGLE_SECRET is set\)/],
    ["an issuer that is not an http(s) URL", { ...oidc, OIDC_ISSUER: "id.example.com" }, /OIDC_ISSUER: must be the provider's issuer URL/],
  ])("refuses %s, naming the variable", (_what, vars, message) => {
    expect(() => parseEnv(vars)).toThrow(EnvError);
    expect(() => parseEnv(vars)).toThrow(message);
  });
});
