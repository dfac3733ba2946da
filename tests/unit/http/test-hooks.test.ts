// The e2e build runs with RECALL_TEST_HOOKS=1, so it cannot see the test-only route disappear; this
// calls the route handler itself, as a production server without the variable would.
import { afterEach, describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/test/time-travel/route";

// The route's modules are marked server-only (they throw outside React's server build); this is the server.
vi.mock("server-only", () => ({}));

const saved = process.env.RECALL_TEST_HOOKS;
afterEach(() => {
  if (saved === undefined) delete process.env.RECALL_TEST_HOOKS;
  else process.env.RECALL_TEST_HOOKS = saved;
});

describe("the test-only clock route", () => {
  for (const value of [undefined, "", "0", "true"]) {
    it(`is 404 when RECALL_TEST_HOOKS is ${JSON.stringify(value)}, before any session or database is looked at`, async () => {
      if (value === undefined) delete process.env.RECALL_TEST_HOOKS;
      else process.env.RECALL_TEST_HOOKS = value;
      const response = await POST(new Request("http://localhost/api/test/time-travel", { method: "POST", body: JSON.stringify({ days: 1 }) }));
      expect(response.status).toBe(404);
    });
  }
});
