import { fileURLToPath } from "node:url";

export const alias = { "@": fileURLToPath(new URL(".", import.meta.url)) };
