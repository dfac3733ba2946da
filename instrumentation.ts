// Runs once when a server process starts, before it serves anything: an invalid environment stops
// it here with the list of problems, rather than on the first request that reads a bad variable.
// NEXT_RUNTIME is Next's own (not ours to validate): the check runs in the Node.js server.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  env();
}
