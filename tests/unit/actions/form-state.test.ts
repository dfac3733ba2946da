// The one place server actions turn their arguments and errors into what a page shows
// (lib/actions/form-state.ts): a typed error becomes its code and message, anything else is not
// dressed up as one.
import { afterEach, describe, expect, it, vi } from "vitest";
import { actionError, boundId, formDataOf, formFailure, textField } from "@/lib/actions/form-state";
import { AppError } from "@/lib/errors";

afterEach(() => vi.restoreAllMocks());

describe("formFailure", () => {
  it("turns a typed error into the form's error state, with its field errors and what was typed", () => {
    const e = new AppError("INVALID_INPUT", "Check the form.", { name: "Too long." });
    expect(formFailure(e, { name: "x".repeat(500) })).toEqual({ status: "error", code: "INVALID_INPUT", message: "Check the form.", fieldErrors: { name: "Too long." }, values: { name: "x".repeat(500) } });
  });

  it("throws anything else on (a bug, or Next's redirect), so it reaches the error page and the log", () => {
    const bug = new TypeError("boom");
    expect(() => formFailure(bug)).toThrow(bug);
  });
});

describe("actionError", () => {
  it("answers a typed error with its code, message and field errors, and logs nothing", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(actionError(new AppError("CONFLICT", "Already reviewed.", { rating: "Pick again." }), "Retry later.")).toEqual({ ok: false, code: "CONFLICT", message: "Already reviewed.", fieldErrors: { rating: "Pick again." } });
    expect(log).not.toHaveBeenCalled();
  });

  it("answers anything else as UNAVAILABLE with the caller's advice, never the internal message, and logs it", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const internal = new Error('relation "Card" does not exist');
    const answer = actionError(internal, "Could not save your answer right now — it is still here. Retry in a moment.");
    expect(answer).toEqual({ ok: false, code: "UNAVAILABLE", message: "Could not save your answer right now — it is still here. Retry in a moment." });
    expect(JSON.stringify(answer)).not.toContain("relation");
    expect(log).toHaveBeenCalledWith(internal);
  });
});

describe("arguments", () => {
  it("accepts FormData and refuses any other shape as INVALID_INPUT", () => {
    const form = new FormData();
    expect(formDataOf(form)).toBe(form);
    for (const junk of [null, "a=b", { name: "x" }, []]) expect(() => formDataOf(junk)).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
  });

  it("reads a bound id only as a non-empty string of at most 200 characters", () => {
    expect(boundId("c0ffee")).toBe("c0ffee");
    for (const junk of ["", "x".repeat(201), 42, null, { id: "x" }]) expect(() => boundId(junk)).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
  });

  it("reads a missing field, or a file sent in its place, as empty text", () => {
    const form = new FormData();
    form.set("name", "Ada");
    form.set("avatar", new Blob(["x"]), "a.png");
    expect([textField(form, "name"), textField(form, "missing"), textField(form, "avatar")]).toEqual(["Ada", "", ""]);
  });
});
