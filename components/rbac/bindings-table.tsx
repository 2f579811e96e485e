import Link from "next/link";
import { DefaultLabel, RiskBadges } from "@/components/rbac/risk-badges";
import type { BindingFilter, BindingRow } from "@/lib/views/build-access-view";
import { refLabel, subjectLabel } from "@/lib/views/build-access-view";
import { YamlLink } from "@/components/ui/yaml-link";

const SORTABLE: { key: NonNullable<BindingFilter["sort"]>; label: string }[] = [
  { key: "subject", label: "Subject" },
  { key: "binding", label: "Binding" },
  { key: "role", label: "Role" },
  { key: "scope", label: "Scope" },
  { key: "risk", label: "Risks" },
];

/** The bindings table: one row per binding subject, sortable by links so the state stays in the URL. */
export function BindingsTable({
  rows,
  total,
  sort,
  sortHref,
  selectedFinding,
}: {
  rows: readonly BindingRow[];
  total: number;
  sort: NonNullable<BindingFilter["sort"]>;
  sortHref: (sort: string) => string;
  selectedFinding?: string | undefined;
}) {
  if (rows.length === 0) {
    return <p className="text-slate-600 dark:text-slate-300">No binding matches these filters.</p>;
  }
  const header = (key: NonNullable<BindingFilter["sort"]>, label: string) => (
    <th
      key={key}
      scope="col"
      className="px-2 py-2 text-left"
      aria-sort={sort === key ? "ascending" : undefined}
    >
      <Link href={sortHref(key)} className="underline decoration-dotted">
        {label}
        {sort === key && <span aria-hidden="true"> ▼</span>}
      </Link>
    </th>
  );
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-base" aria-label="Bindings">
        <caption className="sr-only">
          Every binding subject, its role and scope, and the risks it carries; {rows.length} of {total} shown
        </caption>
        <thead className="border-b-2 border-slate-300 dark:border-slate-600">
          <tr>
            {header("subject", "Subject")}
            <th scope="col" className="px-2 py-2 text-left">
              Kind
            </th>
            {SORTABLE.filter((s) => s.key !== "subject").map((s) => header(s.key, s.label))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const selected =
              selectedFinding !== undefined && r.risks.some((k) => k.findingId === selectedFinding);
            return (
              <tr
                key={r.id}
                aria-current={selected ? "true" : undefined}
                className={`border-b border-slate-200 align-top dark:border-slate-700 ${selected ? "bg-blue-50 ring-2 ring-blue-600 dark:bg-blue-950" : ""}`}
              >
                <td className="px-2 py-2">
                  <Link href={r.subjectHref} className="font-medium underline">
                    {subjectLabel(r.subject)}
                  </Link>
                </td>
                <td className="px-2 py-2">{r.subject.kind}</td>
                <td className="px-2 py-2">
                  <YamlLink object={r.binding} className="font-mono text-sm underline">
                    {refLabel(r.binding)}
                  </YamlLink>
                  <div className="text-xs text-slate-600 dark:text-slate-400">{r.binding.kind}</div>
                  {r.expectedDefault && <DefaultLabel />}
                </td>
                <td className="px-2 py-2">
                  <Link href={r.roleHref} className="font-mono text-sm underline">
                    {refLabel(r.role)}
                  </Link>
                  <div className="text-xs text-slate-600 dark:text-slate-400">
                    {r.role.kind}
                    {r.roleMissing ? (
                      <strong className="ml-1">(missing: grants nothing)</strong>
                    ) : (
                      <>
                        {" · "}
                        <YamlLink object={r.role} className="underline">
                          YAML
                        </YamlLink>
                      </>
                    )}
                  </div>
                </td>
                <td className="px-2 py-2">
                  {r.scope === "cluster" ? "cluster-wide" : `namespace ${r.scope}`}
                </td>
                <td className="px-2 py-2">
                  <RiskBadges risks={r.risks} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
