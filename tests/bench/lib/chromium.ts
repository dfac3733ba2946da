// Chromium for the browser benchmarks, found as tests/e2e/helpers/browser.ts finds it (that module
// needs vitest's context): $CHROMIUM_PATH, the system Chromium, else @sparticuz/chromium's binary.
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export async function chromiumPath(): Promise<string> {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const candidate of ["/usr/bin/chromium", "/usr/bin/chromium-browser"]) if (existsSync(candidate)) return candidate;
  const { default: sparticuz } = await import("@sparticuz/chromium");
  return sparticuz.executablePath();
}

export const BENCH_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: await chromiumPath(), headless: true, args: BENCH_FLAGS });
}
