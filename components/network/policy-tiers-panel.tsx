import { YamlLink } from "@/components/ui/yaml-link";
import { clusterPolicyAnchor } from "@/components/network/explanation-panel";
import type { ClusterPolicyRow, PolicyTiers } from "@/lib/views/policy-tiers";

// The policies in the order the tiers apply them (docs/semantics.md §1b): Admin-tier cluster policies by
// priority, the namespaces' NetworkPolicies, the Baseline tier. Each cluster policy with its subject and rules
// in order; anchors for the explanation's links.

function ClusterPolicies({ rows, tier }: { rows: readonly ClusterPolicyRow[]; tier: string }) {
  if (rows.length === 0) return <p className="text-slate-600 dark:text-slate-300">None that you may see.</p>;
  return (
    <ol className="space-y-2" aria-label={`${tier} policies in order`}>
      {rows.map((p) => (
        <li
          key={`${p.kind}/${p.name}`}
          id={clusterPolicyAnchor(p.kind, p.name).slice(1)}
          className="scroll-mt-20 rounded border border-slate-200 p-2 dark:border-slate-700"
        >
          <div className="flex flex-wrap items-center gap-2">
            <span className="rounded border border-slate-500 px-1.5 py-0.5 text-sm font-semibold">
              {p.priority === undefined ? "no priority" : `priority ${p.priority}`}
            </span>
            <YamlLink object={{ kind: p.kind, name: p.name }} className="font-mono font-semibold underline">
              {p.name}
            </YamlLink>
            <span className="text-sm text-slate-600 dark:text-slate-300">
              {p.kind} {p.apiVersion}
            </span>
            {p.sharedPriority && (
              <span className="rounded border border-amber-700 px-1.5 py-0.5 text-sm">
                shares its priority: implementation-defined order (NET-010)
              </span>
            )}
          </div>
          {p.invalid ? (
            <p className="mt-1">✖ invalid, not evaluated: {p.invalid}</p>
          ) : (
            <>
              <p className="mt-1 text-sm">
                Applies to {p.subject} ({p.selectedPods} pod{p.selectedPods === 1 ? "" : "s"} you may see)
              </p>
              <ol className="mt-1 list-decimal pl-6 text-sm">
                {p.rules.map((r) => (
                  <li key={`${r.direction}-${r.index}`}>
                    <span className="font-semibold">
                      {r.direction} {r.action}
                    </span>
                    {r.name ? ` “${r.name}”` : ""}: {r.peers}; {r.ports}
                    {r.notEvaluated ? ` (not evaluated: ${r.notEvaluated})` : ""}
                  </li>
                ))}
              </ol>
            </>
          )}
        </li>
      ))}
    </ol>
  );
}

export function PolicyTiersPanel({ tiers, namespace }: { tiers: PolicyTiers; namespace?: string }) {
  return (
    <div className="space-y-4">
      <section aria-labelledby="tier-admin">
        <h3 id="tier-admin" className="text-lg font-semibold">
          1. Admin tier ({tiers.admin.length}): decides first, by priority
        </h3>
        <ClusterPolicies rows={tiers.admin} tier="Admin tier" />
      </section>
      <section aria-labelledby="tier-namespace">
        <h3 id="tier-namespace" className="text-lg font-semibold">
          2. NetworkPolicies ({tiers.namespace.length}): for what the Admin tier passes or leaves
        </h3>
        {tiers.namespace.length === 0 ? (
          <p className="text-slate-600 dark:text-slate-300">
            No NetworkPolicies{namespace ? ` in ${namespace}` : ""} that you may see.
          </p>
        ) : (
          <ul className="space-y-1" aria-label="NetworkPolicies">
            {tiers.namespace.map((p) => (
              <li
                key={`${p.namespace}/${p.name}`}
                id={`policy-${p.namespace}-${p.name}`}
                className="scroll-mt-20"
              >
                <YamlLink
                  object={{ kind: "NetworkPolicy", namespace: p.namespace, name: p.name }}
                  className="font-mono underline"
                >
                  {p.namespace}/{p.name}
                </YamlLink>
                {p.invalid ? ` ✖ invalid, not evaluated: ${p.invalid}` : ""}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="tier-baseline">
        <h3 id="tier-baseline" className="text-lg font-semibold">
          3. Baseline tier ({tiers.baseline.length}): only where no NetworkPolicy isolates the pod
        </h3>
        <ClusterPolicies rows={tiers.baseline} tier="Baseline tier" />
      </section>
      <p className="text-sm text-slate-600 dark:text-slate-300">What no tier decides is allowed.</p>
    </div>
  );
}
