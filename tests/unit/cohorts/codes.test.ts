import { describe, expect, it } from "vitest";
import { CODE_ALPHABET, CODE_LENGTH, formatJoinCode, generateJoinCode, normalizeJoinCode } from "@/lib/cohorts/codes";

describe("join codes", () => {
  it("are 8 characters from an alphabet without look-alikes", () => {
    for (const ch of "01ILO") expect(CODE_ALPHABET).not.toContain(ch);
    const codes = new Set(Array.from({ length: 2000 }, generateJoinCode));
    expect(codes.size).toBe(2000);
    for (const code of codes) {
      expect(code).toHaveLength(CODE_LENGTH);
      expect([...code].every((ch) => CODE_ALPHABET.includes(ch))).toBe(true);
    }
  });

  it("read what people type: any case, dashes and spaces", () => {
    expect(normalizeJoinCode("k7qx-m4pd")).toBe("K7QXM4PD");
    expect(normalizeJoinCode(" K7QX M4PD ")).toBe("K7QXM4PD");
    expect(formatJoinCode("K7QXM4PD")).toBe("K7QX-M4PD");
  });

  it("reject what cannot be a code", () => {
    for (const bad of ["", "K7QX-M4P", "K7QX-M4PDD", "K7QX-M40D", "K7QX-M4PÉ", null, 12345678, ["K7QXM4PD"]]) {
      expect(normalizeJoinCode(bad)).toBeNull();
    }
  });
});
