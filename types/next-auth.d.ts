import type { Role } from "@/lib/db/generated/enums";

declare module "next-auth" {
  interface User {
    id: string;
    role: Role;
    tokenVersion: number;
  }
  interface Session {
    user: { id: string; role: Role; name?: string | null; email?: string | null };
    tokenVersion: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid: string;
    role: Role;
    tv: number;
  }
}
