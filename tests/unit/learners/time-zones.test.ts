import { describe, expect, it } from "vitest";
import { timeZoneChoices } from "@/lib/learners/time-zones";

describe("timeZoneChoices", () => {
  it("lists zones by today's IANA name, not the old one ICU keeps", () => {
    const zones = timeZoneChoices();
    for (const name of ["Asia/Kolkata", "Europe/Kyiv", "Asia/Kathmandu", "Asia/Ho_Chi_Minh", "America/Nuuk", "Pacific/Chatham", "Europe/Paris", "UTC"]) {
      expect(zones).toContain(name);
    }
    for (const old of ["Asia/Calcutta", "Europe/Kiev", "Asia/Katmandu", "Asia/Saigon"]) expect(zones).not.toContain(old);
    expect(zones).toEqual([...zones].sort());
    expect(new Set(zones).size).toBe(zones.length);
  });

  it("keeps the learner's own zone in the list under the name it was saved with", () => {
    expect(timeZoneChoices("Asia/Calcutta")).toContain("Asia/Calcutta");
    expect(timeZoneChoices("Not/AZone")).not.toContain("Not/AZone");
  });
});
