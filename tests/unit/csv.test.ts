import { describe, expect, it } from "vitest";
import { csvCell, csvHeader, toCsv } from "@/lib/csv";

describe("CSV (RFC 4180)", () => {
  it("quotes every text cell, doubles quotes, leaves numbers bare, and ends lines with CRLF", () => {
    expect(toCsv(["a", "b"], [["x,y", 'say "hi"'], ["line\nbreak", 3], ["plain", -0.5]])).toBe('a,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",3\r\n"plain",-0.5\r\n');
  });
  it("escapes cells a spreadsheet would run as formulas, but not numbers", () => {
    expect(csvCell("=HYPERLINK(\"http://x\")")).toBe("\"'=HYPERLINK(\"\"http://x\"\")\"");
    expect(csvCell("+1")).toBe("\"'+1\"");
    expect(csvCell("-2")).toBe("\"'-2\"");
    expect(csvCell("@SUM(A1)")).toBe("\"'@SUM(A1)\"");
    expect(csvCell("\t=1")).toBe("\"'\t'=1\"");
    expect(csvCell(-0.5)).toBe("-0.5");
    expect(csvCell(null)).toBe("");
    expect(csvCell(new Date("2026-01-02T03:04:05Z"))).toBe("2026-01-02T03:04:05.000Z");
  });
  it.each([
    ["semicolon", "Bob;=1+2", "\"Bob;'=1+2\""],
    ["tab", "Bob\t=1+2", "\"Bob\t'=1+2\""],
    ["pipe", "Bob|@SUM(A1)", "\"Bob|'@SUM(A1)\""],
    ["comma", "Bob,+1", "\"Bob,'+1\""],
    ["line break", "Bob\n-1", "\"Bob\n'-1\""],
  ])("escapes a formula after a %s, where a spreadsheet splitting on it would start a cell", (_name, text, expected) => {
    expect(csvCell(text)).toBe(expected);
  });
  it("leaves formula characters inside a cell alone when no separator comes before them", () => {
    expect(csvCell("a=b, c")).toBe('"a=b, c"');
    expect(csvCell("2026-01-02")).toBe('"2026-01-02"');
  });
  it("writes the header bare and refuses a column name that is not an identifier", () => {
    expect(csvHeader(["card_id", "review_time"])).toBe("card_id,review_time\r\n");
    expect(() => csvHeader(["=cmd"])).toThrow(/not an identifier/);
  });
});
