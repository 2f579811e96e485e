import { SeverityBadge } from "@/components/ui/severity";
import type { Severity } from "@/lib/findings/types";
import type { NamespaceRow, WorkloadRow } from "@/lib/views/build-workloads-page";

// The Workloads page's tables: namespaces with their Pod Security labels and the what-if of moving them, and
// workloads with each violation's container, field and fix.

const LEVEL_STYLE: Record<string, string> = {
  privileged: "bg-red-700 text-white",
  baseline: "bg-amber-300 text-slate-900",
  restricted: "bg-emerald-700 text-white",
};

export function LevelBadge({ level }: { level: string }) {
  return (
    <span className={`inline-block rounded px-2 py-0.5 text-sm font-semibold ${LEVEL_STYLE[level] ?? ""}`}>
      {level}
    </span>
  );
}

function Names({ names }: { names: readonly string[] }) {
  if (names.length === 0) return <span>none</span>;
  return (
    <details>
      <summary className="cursor-pointer">
        {names.length} workload{names.length === 1 ? "" : "s"}
      </summary>
      <ul className="list-disc pl-5">
        {names.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </details>
  );
}

export function NamespaceTable({ rows }: { rows: readonly NamespaceRow[] }) {
  return (
    <table className="w-full text-left text-base">
      <caption className="sr-only">Pod Security enforcement by namespace</caption>
      <thead>
        <tr className="border-b border-slate-300 dark:border-slate-600">
          <th scope="col" className="py-1 pr-3">
            Namespace
          </th>
          <th scope="col" className="py-1 pr-3">
            Enforces
          </th>
          <th scope="col" className="py-1 pr-3">
            Warn / audit
          </th>
          <th scope="col" className="py-1 pr-3">
            Rejected now
          </th>
          <th scope="col" className="py-1 pr-3">
            If moved to baseline
          </th>
          <th scope="col" className="py-1 pr-3">
            If moved to restricted
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((n) => (
          <tr key={n.namespace} className="border-b border-slate-200 align-top dark:border-slate-700">
            <th scope="row" className="py-1 pr-3 font-semibold">
              {n.namespace}
            </th>
            <td className="py-1 pr-3">
              {n.labelled ? n.enforce : <span>no label (privileged)</span>}
              {n.errors.map((e) => (
                <div key={e} className="text-sm text-red-800 dark:text-red-300">
                  {e}
                </div>
              ))}
            </td>
            <td className="py-1 pr-3">
              {n.warn} / {n.audit}
            </td>
            <td
              className={`py-1 pr-3 tabular-nums ${n.rejectedNow > 0 ? "font-bold text-[#a6361c] dark:text-[#ff8a65]" : ""}`}
            >
              {n.rejectedNow > 0 && <span aria-hidden="true">⚠ </span>}
              {n.rejectedNow} of {n.total}
            </td>
            <td className="py-1 pr-3">
              <Names names={n.wouldRejectBaseline} />
            </td>
            <td className="py-1 pr-3">
              <Names names={n.wouldRejectRestricted} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function WorkloadList({ rows }: { rows: readonly WorkloadRow[] }) {
  return (
    <ul className="flex flex-col gap-3">
      {rows.map((w) => (
        <li
          key={`${w.namespace}/${w.kind}/${w.name}`}
          className="rounded border border-slate-200 p-3 dark:border-slate-700"
          data-testid="workload"
        >
          <h3 className="flex flex-wrap items-center gap-2 text-lg font-semibold">
            <span>
              {w.namespace}/{w.name} <span className="font-normal">({w.kind})</span>
            </span>
            <LevelBadge level={w.level} />
            {w.rejected && (
              <span className="rounded bg-red-100 px-2 py-0.5 text-sm font-semibold text-red-900 dark:bg-red-950 dark:text-red-100">
                its namespace would reject it
              </span>
            )}
          </h3>
          {w.violations.length > 0 && (
            <table className="mt-2 w-full text-left text-sm">
              <caption className="sr-only">Pod Security violations of {w.name}</caption>
              <thead>
                <tr>
                  <th scope="col" className="pr-2">
                    Check
                  </th>
                  <th scope="col" className="pr-2">
                    Container
                  </th>
                  <th scope="col" className="pr-2">
                    Field
                  </th>
                  <th scope="col" className="pr-2">
                    Fix
                  </th>
                </tr>
              </thead>
              <tbody>
                {w.violations.map((v, i) => (
                  <tr key={`${v.check}-${v.field}-${i}`} className="align-top">
                    <td className="pr-2">
                      {v.check} <span className="text-slate-600 dark:text-slate-300">({v.level})</span>
                    </td>
                    <td className="pr-2">{v.container ?? "pod"}</td>
                    <td className="pr-2 font-mono break-all">{v.field}</td>
                    <td className="pr-2">{v.fix}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {w.findings.length > 0 && (
            <ul className="mt-2 flex flex-col gap-1 text-sm">
              {w.findings.map((f, i) => (
                <li key={`${f.rule}-${i}`} className="flex flex-wrap items-start gap-2">
                  <SeverityBadge severity={f.severity as Severity} />
                  <span className="font-semibold">{f.rule}</span>
                  <span>{f.message}</span>
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
