import pg from "pg";
import { describe, expect, it } from "vitest";
import { parseFloatArray, parseIntArray } from "@/lib/db/sql";

// sqlRows reads int4[] and float8[] with its own parsers: they must give what pg-types gives.
const pgTypes = pg.types.getTypeParser as unknown as (oid: number, format: string) => (text: string) => unknown;
const intArray = pgTypes(1007, "text");
const floatArray = pgTypes(1022, "text");

describe("sqlRows' number array parsers", () => {
  it("read int4[] as pg-types does, nulls and signs included", () => {
    const cases = ["{}", "{0}", "{1}", "{-5}", "{1,2,3}", "{NULL}", "{NULL,1}", "{1,NULL}", "{1,NULL,-3}", "{NULL,NULL}", "{2147483647,-2147483648}"];
    for (const text of cases) expect([text, parseIntArray(text, intArray)]).toEqual([text, intArray(text)]);
    let seed = 7;
    const next = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    for (let k = 0; k < 2_000; k++) {
      const items = Array.from({ length: Math.floor(next() * 8) }, () => (next() < 0.1 ? "NULL" : String(Math.trunc((next() - 0.5) * 2 ** (next() * 32)))));
      const text = `{${items.join(",")}}`;
      expect([text, parseIntArray(text, intArray)]).toEqual([text, intArray(text)]);
    }
  });

  it("read float8[] as pg-types does, NaN, infinities, exponents and nulls included", () => {
    const cases = ["{}", "{1.5}", "{NaN,Infinity,-Infinity}", "{1e-05,2.2250738585072014e-308,NULL}", "{0.1,-0,3}", "{-1.7976931348623157e+308}"];
    for (const text of cases) {
      const got = parseFloatArray(text, floatArray) as (number | null)[];
      const want = floatArray(text) as (number | null)[];
      expect(got.length).toBe(want.length);
      got.forEach((x, i) => expect(Object.is(x, want[i])).toBe(true));
    }
  });

  it("hand what they do not expect to pg-types' parser", () => {
    for (const text of ["{{1,2},{3,4}}", "[0:1]={1,2}", "{1,,2}", "{1 ,2}"]) {
      expect(parseIntArray(text, () => "fallback")).toBe("fallback");
    }
    expect(parseFloatArray('{"NaN"}', () => "fallback")).toBe("fallback");
    expect(parseFloatArray("{{1.5}}", () => "fallback")).toBe("fallback");
  });
});
