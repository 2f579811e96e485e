import Link from "next/link";
import { SeverityBadge, StatusBadge } from "@/components/ui/severity";
import type { CertificateRow } from "@/lib/views/build-certificate-view";
import { ruleInfo } from "@/lib/findings/catalogue";

// The inventory as a table, sorted by days left (most urgent first): status in words and colour, where the
// certificate was found, what it names, who issued it, and its findings by rule. Every column stays readable
// at 1366 px: long names wrap at their dots and dashes, SAN lists show their first names and the rest on hover
// and on the certificate's page, and the same CA copied into every namespace is one row "in N namespaces".
// Each row is walkable in meeting mode (`data-finding-id`).

const SANS_SHOWN = 3;

function daysText(r: CertificateRow): string {
  if (r.status === "expired")
    return r.daysLeft === 0 ? "expired today" : `expired ${Math.abs(r.daysLeft)} d ago`;
  return `${r.daysLeft} d`;
}

function Namespaces({ r, hrefOf }: { r: CertificateRow; hrefOf: (id: string) => string }) {
  if (!r.copies)
    return <>{r.namespace ?? <span className="text-slate-600 dark:text-slate-300">cluster</span>}</>;
  return (
    <details>
      <summary className="cursor-pointer whitespace-nowrap">in {r.copies.length} namespaces</summary>
      <ul className="mt-1 text-sm">
        {r.copies.map((c) => (
          <li key={c.id}>
            <Link href={hrefOf(c.id)} prefetch={false} className="underline">
              {c.namespace}
            </Link>
          </li>
        ))}
      </ul>
    </details>
  );
}

function Sans({ names }: { names: readonly string[] }) {
  if (names.length === 0) return <>—</>;
  const shown = names.slice(0, SANS_SHOWN);
  return (
    <ul title={names.join(", ")}>
      {shown.map((n) => (
        <li key={n} className="[overflow-wrap:anywhere]">
          {n}
        </li>
      ))}
      {names.length > shown.length && (
        <li className="text-slate-600 dark:text-slate-300">and {names.length - shown.length} more</li>
      )}
    </ul>
  );
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
            <th scope="col" className="p-2 text-right whitespace-nowrap">
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
            <th scope="col" className="min-w-[10rem] p-2">
              SANs
            </th>
            <th scope="col" className="p-2">
              Issuer
            </th>
            <th scope="col" className="min-w-[14rem] p-2">
              Findings
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.id}
              data-finding-id={r.id}
              className="border-b border-slate-200 align-top dark:border-slate-700"
            >
              <td className="p-2">
                <StatusBadge status={r.status} />
              </td>
              <td className="p-2 text-right tabular-nums whitespace-nowrap">{daysText(r)}</td>
              <td className="min-w-[12rem] p-2 [overflow-wrap:anywhere]">
                <div>
                  {r.sourceKind} {r.sourceName}
                </div>
                <div className="font-mono text-sm text-slate-600 dark:text-slate-300">{r.sourceField}</div>
              </td>
              <td className="p-2">
                <Namespaces r={r} hrefOf={hrefOf} />
              </td>
              <td className="min-w-[9rem] p-2 [overflow-wrap:anywhere]">
                <Link href={hrefOf(r.id)} className="font-medium text-sky-800 underline dark:text-sky-300">
                  {r.subject || "(no subject)"}
                </Link>
              </td>
              <td className="p-2 text-sm">
                <Sans names={r.dnsNames} />
              </td>
              <td className="min-w-[8rem] p-2 text-sm [overflow-wrap:anywhere]">
                {r.issuer === r.subject ? "self" : r.issuer}
              </td>
              <td className="p-2">
                <ul className="flex flex-col gap-1">
                  {r.findings.map((f, i) => (
                    <li key={`${f.rule}-${i}`} className="flex items-start gap-2 text-sm" title={f.message}>
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
