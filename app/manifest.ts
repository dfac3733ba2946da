import type { MetadataRoute } from "next";

/**
 * The web app manifest (served at /manifest.webmanifest): Recall installs as an app that opens on
 * the review session, the page that works offline (docs/decisions/017-offline-review.md).
 */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "Recall",
    short_name: "Recall",
    description: "Learn an engineering subject for good: lessons with questions that come back until you remember them.",
    id: "/",
    start_url: "/review",
    scope: "/",
    display: "standalone",
    background_color: "#ffffff",
    theme_color: "#2856c4",
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
