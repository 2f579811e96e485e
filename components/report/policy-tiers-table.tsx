import type { ClusterPolicyRow, PolicyTiers } from "@/lib/views/policy-tiers";

// The review report's list of cluster-tier policies in evaluation order (docs/semantics.md §1b): what the
// network findings are read against.

function Rows({ rows }: { rows: readonly ClusterPolicyRow[] }) {
  return rows.map((p) => (
    <tr
      key={`${p.kind}/${p.name}`}
      className="break-inside-avoid border-b border-slate-200 align-top dark:border-slate-700"
    >
      <td className="py-1 pr-2">{p.tier}</td>
      <td className="py-1 pr-2 tabular-nums">
        {p.priority ?? "none"}
        {p.sharedPriority && <div className="text-xs">shared (NET-010)</div>}
      </td>
      <td className="py-1 pr-2">
        <span className="font-mono">{p.name}</span>
        <div className="text-xs">
          {p.kind} {p.apiVersion}
        </div>
      </td>
      <td className="py-1 pr-2">{p.subject}</td>
      <td className="py-1 text-xs">
        {p.invalid ? (
          <span>✖ invalid, not evaluated: {p.invalid}</span>
        ) : (
          <ol className="list-decimal pl-4">
            {p.rules.map((r) => (
              <li key={`${r.direction}-${r.index}`}>
                {r.direction} {r.action}
                {r.name ? ` “${r.name}”` : ""}: {r.peers}; {r.ports}
                {r.notEvaluated ? ` (not evaluated: ${r.notEvaluated})` : ""}
              </li>
            ))}
          </ol>
        )}
      </td>
    </tr>
  ));
}

export function PolicyTiersTable({ tiers }: { tiers: PolicyTiers }) {
  const count = tiers.admin.length + tiers.baseline.length;
  return (
    <div className="report-rule mt-4">
      <h3 className="text-lg font-semibold">Policy tiers ({count} cluster-tier policies)</h3>
      <p className="text-sm">
        Admin-tier policies apply first, by priority; then the {tiers.namespace.length} NetworkPolicies; then
        the Baseline tier; what none decides is allowed.
      </p>
      {count > 0 && (
        <table className="mt-2 w-full border-collapse text-sm" aria-label="Cluster-tier policies">
          <thead>
            <tr className="border-b border-slate-400 text-left">
              <th scope="col" className="py-1 pr-2">
                Tier
              </th>
              <th scope="col" className="py-1 pr-2">
                Priority
              </th>
              <th scope="col" className="py-1 pr-2">
                Policy
              </th>
              <th scope="col" className="py-1 pr-2">
                Subject
              </th>
              <th scope="col" className="py-1">
                Rules in order
              </th>
            </tr>
          </thead>
          <tbody>
            <Rows rows={tiers.admin} />
            <Rows rows={tiers.baseline} />
          </tbody>
        </table>
      )}
    </div>
  );
}
