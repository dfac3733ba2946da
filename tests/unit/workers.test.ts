import { describe, expect, it } from "vitest";
import { workersFromArgs, WorkersError } from "@/scripts/lib/workers";

describe("workersFromArgs", () => {
  it("takes --workers N and --workers=N over WEB_CONCURRENCY", () => {
    expect(workersFromArgs(["--workers", "4"], 2)).toBe(4);
    expect(workersFromArgs(["--demo", "--workers=3"], 2)).toBe(3);
  });

  it("falls back to WEB_CONCURRENCY when the flag is absent", () => {
    expect(workersFromArgs(["--demo"], 2)).toBe(2);
  });

  it.each([["--workers"], ["--workers", "0"], ["--workers", "-1"], ["--workers", "2.5"], ["--workers=many"], ["--workers", "65"]])(
    "refuses %s with a message that shows a valid use",
    (...argv) => {
      expect(() => workersFromArgs(argv, 1)).toThrow(WorkersError);
      expect(() => workersFromArgs(argv, 1)).toThrow(/npm start -- --workers 4/);
    },
  );
});
