import { describe, expect, it } from "vitest";
import { resolveClientAddress } from "@/lib/auth/client-address";
import { passwordProblem } from "@/lib/auth/password-policy";
import { parseEnv } from "@/lib/env";
import { safeCallbackUrl } from "@/lib/safe-redirect";

const SITE = "http://localhost:3000";

describe("safeCallbackUrl", () => {
  it.each([
    ["/\t/evil.test", "a tab that the URL parser drops (/%09/evil.test)"],
    ["/\t\\evil.test", "a tab and a backslash (/%09%5Cevil.test)"],
    ["//evil.test", "a protocol-relative URL"],
    ["/\\evil.test", "a backslash read as a slash"],
    ["https://evil.test/dashboard", "another origin"],
    ["http://localhost:3001/dashboard", "another port"],
    ["javascript:alert(1)", "a script URL"],
    ["", "an empty value"],
  ])("refuses %j (%s)", (raw) => {
    expect(safeCallbackUrl(raw, "/dashboard", SITE)).toBe("/dashboard");
  });

  it("refuses a repeated parameter (an array) instead of throwing", () => {
    expect(safeCallbackUrl(["/a", "/b"], "/dashboard", SITE)).toBe("/dashboard");
  });

  it("keeps a path on the site, with its query and hash, and turns a same-origin URL into a path", () => {
    expect(safeCallbackUrl("/lessons/x?y=1#z", "/dashboard", SITE)).toBe("/lessons/x?y=1#z");
    expect(safeCallbackUrl(`${SITE}/review`, "/dashboard", SITE)).toBe("/review");
  });

  it("never returns a path that starts with two slashes", () => {
    expect(safeCallbackUrl(`${SITE}//evil.test/x`, "/dashboard", SITE)).toBe("/evil.test/x");
  });
});

describe("resolveClientAddress", () => {
  it("uses the socket and ignores X-Forwarded-For when no proxy is trusted", () => {
    expect(resolveClientAddress({ socketAddress: "::ffff:192.0.2.7", forwardedFor: "203.0.113.9", trustProxy: 0 })).toBe("192.0.2.7");
  });

  it("takes the Nth entry from the right of X-Forwarded-For behind N trusted proxies, whatever the client put on the left", () => {
    expect(resolveClientAddress({ socketAddress: "10.0.0.1", forwardedFor: "1.1.1.1, 198.51.100.4", trustProxy: 1 })).toBe("198.51.100.4");
    expect(resolveClientAddress({ socketAddress: "10.0.0.1", forwardedFor: ["1.1.1.1, 198.51.100.4", "10.0.0.2"], trustProxy: 2 })).toBe("198.51.100.4");
  });

  it("falls back to the leftmost known hop when fewer proxies were passed than trusted, and to 'unknown' for junk", () => {
    expect(resolveClientAddress({ socketAddress: "127.0.0.1", forwardedFor: undefined, trustProxy: 1 })).toBe("127.0.0.1");
    expect(resolveClientAddress({ socketAddress: "10.0.0.1", forwardedFor: "not-an-ip", trustProxy: 1 })).toBe("unknown");
  });
});

describe("passwordProblem", () => {
  const account = { email: "grace.hopper@example.com", name: "Grace Hopper" };
  it.each(["aaaaaaaaaa", "1234567890", "password1!", "iloveyou123", "qwertyuiop", "grace.hopper@example.com", "hopper rocks 1906", "gracehopper77"])("refuses %j", (password) => {
    expect(passwordProblem({ password, ...account })).not.toBeNull();
  });
  it.each(["quiet harbour lantern", "correct horse battery staple", "Tr0ub4dor&3 mango"])("accepts %j", (password) => {
    expect(passwordProblem({ password, ...account })).toBeNull();
  });
});

describe("parseEnv", () => {
  it("listens on 127.0.0.1 unless HOST says otherwise, and trusts no proxy unless TRUST_PROXY says how many", () => {
    const e = parseEnv({});
    expect(e.HOST).toBe("127.0.0.1");
    expect(e.TRUST_PROXY).toBe(0);
    expect(parseEnv({ HOST: "0.0.0.0", TRUST_PROXY: "2" })).toMatchObject({ HOST: "0.0.0.0", TRUST_PROXY: 2 });
  });

  it("refuses RECALL_TEST_HOOKS in production, a test build on a public address, and a HOST that is not an address", () => {
    expect(() => parseEnv({ NODE_ENV: "production", RECALL_TEST_HOOKS: "1" })).toThrow(/RECALL_TEST_HOOKS: is refused in production/);
    expect(() => parseEnv({ RECALL_TEST_BUILD: "1", HOST: "0.0.0.0" })).toThrow(/RECALL_TEST_BUILD/);
    expect(() => parseEnv({ HOST: "example.com" })).toThrow(/HOST/);
  });

  it("knows RECALL_CONTENT_DIR and RECALL_DATA_DIR, with their defaults", () => {
    expect(parseEnv({})).toMatchObject({ RECALL_CONTENT_DIR: "content", RECALL_DATA_DIR: ".data" });
    expect(parseEnv({ RECALL_CONTENT_DIR: "/srv/content" }).RECALL_CONTENT_DIR).toBe("/srv/content");
  });
});
