import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageTitle } from "@/components/ui/card";
import { ColumnHeaders } from "@/components/ui/column-headers";
import { SearchForm } from "@/components/ui/search-form";
import { listAuditLog, type AuditEntry } from "@/lib/admin/audit";
import { listUsers } from "@/lib/admin/list-users";
import { requirePageRole } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { queryParam } from "@/lib/http/params";
import { DisableForm, RoleForm } from "./forms";

export const metadata: Metadata = { title: "Admin" };

type Props = { searchParams: Promise<{ q?: string | string[]; page?: string | string[]; log?: string | string[] }> };

const ACTION_LABEL: Record<AuditEntry["action"], string> = {
  "role.change": "changed the role of",
  "account.disable": "disabled",
  "account.enable": "enabled",
  "cohort.instructor.add": "made a cohort instructor:",
  "cohort.instructor.remove": "removed a cohort instructor:",
};

function describe(entry: AuditEntry): string {
  const d = entry.details as { from?: string; to?: string };
  const change = entry.action === "role.change" && d.from && d.to ? ` (${d.from.toLowerCase()} → ${d.to.toLowerCase()})` : "";
  return `${ACTION_LABEL[entry.action] ?? entry.action} ${entry.targetEmail ?? "a deleted account"}${change}`;
}

function pageHref(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams(Object.entries(params).filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== "").map(([k, v]) => [k, String(v)]));
  const text = search.toString();
  return text ? `/admin?${text}` : "/admin";
}

/** Accounts (find, change a role, disable or enable) and the audit log: ADMIN only. */
export default async function AdminPage({ searchParams }: Props) {
  const actor = await requirePageRole("/admin", "ADMIN");
  const params = await searchParams;
  const query = queryParam(params.q) ?? "";
  const page = Number(queryParam(params.page) ?? "1") || 1;
  const logPage = Number(queryParam(params.log) ?? "1") || 1;
  const [found, log] = await Promise.all([listUsers({ db: db(), actor, query, page }), listAuditLog({ db: db(), actor, page: logPage })]);
  return (
    <div className="space-y-8">
      <PageTitle>Admin</PageTitle>

      <Card aria-labelledby="accounts-heading" className="space-y-4">
        <h2 id="accounts-heading" className="text-lg font-semibold">
          Accounts
        </h2>
        <SearchForm action="/admin" id="admin-q" label="Find accounts by email or name" placeholder="Email or name" defaultValue={query} submitLabel="Find" className="flex max-w-xl gap-2" />
        <p role="status" className="text-sm text-[var(--fg-muted)]">
          {found.total === 0 ? (query ? `No account matches “${query}”.` : "No accounts yet.") : `${found.total} ${found.total === 1 ? "account" : "accounts"}${query ? ` match “${query}”` : ""} · page ${found.page} of ${found.pages}`}
        </p>
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <ColumnHeaders columns={["Account", "Role", "Status"]} cellClassName="py-2 pr-3" rowClassName="border-b border-[var(--border)]" />
            <tbody>
              {found.users.map((u) => (
                <tr key={u.id} className="border-b border-[var(--border)] align-top" data-email={u.email}>
                  <td className="py-2 pr-3">
                    <span className="font-medium">{u.name}</span>
                    <br />
                    <span className="text-[var(--fg-muted)]">{u.email}</span>
                  </td>
                  <td className="py-2 pr-3">
                    <RoleForm userId={u.id} email={u.email} role={u.role} />
                  </td>
                  <td className="py-2 pr-3">
                    <p className="mb-1">{u.disabledAt ? `Disabled ${u.disabledAt.toISOString().slice(0, 10)}` : "Active"}</p>
                    {u.id !== actor.id && <DisableForm userId={u.id} email={u.email} disabled={Boolean(u.disabledAt)} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {found.pages > 1 && (
          <nav aria-label="Account pages" className="flex gap-4 text-sm">
            {found.page > 1 && (
              <Link href={pageHref({ q: query, page: found.page - 1 })} className="underline">
                Previous page
              </Link>
            )}
            {found.page < found.pages && (
              <Link href={pageHref({ q: query, page: found.page + 1 })} className="underline">
                Next page
              </Link>
            )}
          </nav>
        )}
      </Card>

      <Card aria-labelledby="audit-heading" className="space-y-4">
        <h2 id="audit-heading" className="text-lg font-semibold">
          Audit log
        </h2>
        <p className="text-sm text-[var(--fg-muted)]">Role changes, disabled and enabled accounts, and changes of cohort instructors: who, when, what, and from which network address.</p>
        {log.entries.length === 0 ? (
          <p>Nothing yet.</p>
        ) : (
          <ol className="space-y-2 text-sm" data-testid="audit-log">
            {log.entries.map((e) => (
              <li key={e.id} className="rounded-md border border-[var(--border)] p-3">
                <time dateTime={e.at.toISOString()} className="font-mono text-xs text-[var(--fg-muted)]">
                  {e.at.toISOString().replace("T", " ").slice(0, 19)} UTC
                </time>{" "}
                <span className="font-medium">{e.actorEmail}</span> {describe(e)}
                {e.cohortId && (
                  <>
                    {" "}
                    in{" "}
                    <Link href={`/instructor/cohorts/${e.cohortId}`} className="underline">
                      a cohort
                    </Link>
                  </>
                )}{" "}
                <span className="text-[var(--fg-muted)]">from {e.address}</span>
              </li>
            ))}
          </ol>
        )}
        {log.pages > 1 && (
          <nav aria-label="Audit log pages" className="flex gap-4 text-sm">
            {log.page > 1 && (
              <Link href={pageHref({ q: query, page: found.page, log: log.page - 1 })} className="underline">
                Newer entries
              </Link>
            )}
            {log.page < log.pages && (
              <Link href={pageHref({ q: query, page: found.page, log: log.page + 1 })} className="underline">
                Older entries
              </Link>
            )}
          </nav>
        )}
      </Card>
    </div>
  );
}
