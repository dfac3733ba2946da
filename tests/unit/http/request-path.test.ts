import { describe, expect, it } from "vitest";
import { hasDecodablePath } from "@/lib/http/request-path";

describe("hasDecodablePath", () => {
  it("accepts plain paths, valid UTF-8 escapes and NUL (which pages answer themselves)", () => {
    for (const url of ["/", "/topics/sampling", "/topics/%C3%A9t%C3%A9", "/topics/%F0%9F%98%80", "/topics/%00", "/search?q=a&q=b"]) {
      expect(hasDecodablePath(url), url).toBe(true);
    }
  });

  it("refuses escapes that are not UTF-8: a lone surrogate, an overlong form, a stray byte, a cut escape", () => {
    for (const url of ["/topics/%ED%A0%80", "/courses/%C0%AF", "/lessons/%FF", "/topics/%E2%82", "/topics/%"]) {
      expect(hasDecodablePath(url), url).toBe(false);
    }
  });

  it("looks only at the path: a broken escape in the query string is the page's to parse", () => {
    expect(hasDecodablePath("/search?q=%ED%A0%80")).toBe(true);
    expect(hasDecodablePath("/topics/x#%FF")).toBe(true);
  });
});
