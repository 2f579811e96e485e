import Link from "next/link";
import { SeverityBadge, StatusBadge } from "@/components/ui/severity";
import type { CertificateRow } from "@/lib/views/build-certificate-view";
import { ruleInfo } from "@/lib/findings/catalogue";

// The inventory as a table, sorted by days left (most urgent first): status in words and colour, where the
// certificate was found, what it names, who issued it, and its findings by rule.

function daysText(r: CertificateRow): string {
  if (r.status === "expired")
    return r.daysLeft === 0 ? "expired today" : `expired ${Math.abs(r.daysLeft)} d ago`;
  return `${r.daysLeft} d`;
}

export function CertificateTable({
  rows,
  hrefOf,
}: {
  rows: readonly CertificateRow[];
  hrefOf: (id: string) => string;
}) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-left text-base">
        <caption className="sr-only">Certificates sorted by days left, most urgent first</caption>
        <thead>
          <tr className="border-b-2 border-slate-300 dark:border-slate-600">
            <th scope="col" className="p-2">
              Status
            </th>
            <th scope="col" className="p-2 text-right">
              Days left
            </th>
            <th scope="col" className="p-2">
              Source
            </th>
            <th scope="col" className="p-2">
              Namespace
            </th>
            <th scope="col" className="p-2">
              Subject
            </th>
            <th scope="col" className="p-2">
              SANs
            </th>
            <th scope="col" className="p-2">
              Issuer
            </th>
            <th scope="col" className="p-2">
              Findings
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-b border-slate-200 align-top dark:border-slate-700">
              <td className="p-2">
                <StatusBadge status={r.status} />
              </td>
              <td className="p-2 text-right tabular-nums whitespace-nowrap">{daysText(r)}</td>
              <td className="p-2">
                <div>
                  {r.sourceKind} {r.sourceName}
                </div>
                <div className="font-mono text-sm text-slate-600 dark:text-slate-400">{r.sourceField}</div>
              </td>
              <td className="p-2">{r.namespace ?? <span className="text-slate-500">cluster</span>}</td>
              <td className="p-2">
                <Link href={hrefOf(r.id)} className="font-medium text-sky-800 underline dark:text-sky-300">
                  {r.subject || "(no subject)"}
                </Link>
              </td>
              <td className="p-2 text-sm break-all">{r.dnsNames.length > 0 ? r.dnsNames.join(", ") : "—"}</td>
              <td className="p-2 text-sm">{r.issuer === r.subject ? "self" : r.issuer}</td>
              <td className="p-2">
                <ul className="flex flex-col gap-1">
                  {r.findings.map((f, i) => (
                    <li key={`${f.rule}-${i}`} className="flex items-center gap-2 text-sm" title={f.message}>
                      <SeverityBadge severity={f.severity} />
                      <span>{`${f.rule} ${ruleInfo(f.rule).title}`}</span>
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
