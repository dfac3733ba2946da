import type { Metadata } from "next";
import { DashboardView } from "@/components/dashboard/dashboard-view";
import { requirePageUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { getDashboard } from "@/lib/learners/get-dashboard";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await requirePageUser("/dashboard");
  const dashboard = await getDashboard({ db: db(), userId: user.id });
  return <DashboardView name={user.name} d={dashboard} />;
}
