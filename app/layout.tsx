import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { headers } from "next/headers";
import "./globals.css";
import { getCurrentUser } from "@/lib/auth/session";
import { SiteHeader } from "@/components/ui/site-header";
import { themeScript } from "@/components/ui/theme-toggle";
import { DevContentReload } from "@/components/ui/dev-content-reload";
import { readContentStatus } from "@/lib/content/dev-status";
import { env } from "@/lib/env";

export const metadata: Metadata = {
  title: { default: "Recall", template: "%s · Recall" },
  description: "Learn an engineering subject for good: lessons with questions that come back until you remember them.",
  // The manifest (app/manifest.ts) is linked by Next itself; iOS reads its home-screen icon from here.
  icons: { icon: "/icons/icon-192.png", apple: "/icons/apple-touch-icon.png" },
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#0f1115" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [user, nonce] = await Promise.all([getCurrentUser(), headers().then((h) => h.get("x-nonce") ?? undefined)]);
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="min-h-screen">
        <SiteHeader user={user} />
        {env().NODE_ENV === "development" && <DevContentReload renderedVersion={readContentStatus()?.version ?? 0} />}
        <main id="main" className="mx-auto max-w-6xl px-4 py-8">
          {children}
        </main>
        <footer className="mx-auto max-w-6xl px-4 pb-10 pt-4 text-sm text-[var(--fg-muted)]">
          Recall — lessons that come back until you remember them.
        </footer>
      </body>
    </html>
  );
}
