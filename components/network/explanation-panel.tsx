import type { ConnectionExplanation, SideExplanation } from "@/lib/netpol/explain-connection";
import type { TierDecision } from "@/lib/netpol/explain-tiers";
import { ordinal } from "@/lib/netpol/explain-words";

// Why a connection is allowed or denied: for each side, the policy tiers in the order they decided (Admin,
// NetworkPolicy, Baseline, the default: docs/semantics.md §1b) with tier, policy, priority, rule and action, the
// isolating NetworkPolicies and the rule that lets it through, with links to the policies listed on the page.
// Decisions are words and symbols, never colour alone; a policy's rules are named by their place in the policy
// ("its 2nd ingress rule"), never by an index (docs/network.md "Explanations").

function policyAnchor(ns: string | undefined, name: string): string {
  return `#policy-${ns ?? ""}-${name}`;
}

export function clusterPolicyAnchor(kind: string, name: string): string {
  return `#cluster-policy-${kind}-${name}`;
}

const TIER_LABEL: Record<TierDecision["tier"], string> = {
  Admin: "Admin tier",
  NetworkPolicy: "NetworkPolicy",
  Baseline: "Baseline tier",
  default: "Default",
};

const ACTION_SYMBOL: Record<TierDecision["action"], string> = {
  Accept: "✔",
  allowed: "✔",
  Deny: "✖",
  denied: "✖",
  Pass: "↷",
};

const BADGE = "rounded border px-1.5 py-0.5 text-sm font-semibold";

type Direction = "ingress" | "egress";

function TierSteps({
  side,
  title,
  direction,
}: {
  side: SideExplanation;
  title: string;
  direction: Direction;
}) {
  const tiers = side.tiers;
  if (!tiers || tiers.steps.length === 0) return null;
  return (
    <ol className="mt-2 space-y-1" aria-label={`${title}: tiers in the order they decided`}>
      {tiers.steps.map((d, i) => (
        <li key={i} className="flex flex-wrap items-center gap-1.5" data-testid="tier-step">
          <span className={`${BADGE} border-slate-500`}>{TIER_LABEL[d.tier]}</span>
          {d.policy && (
            <a className="font-mono underline" href={clusterPolicyAnchor(d.policy.kind, d.policy.name)}>
              {d.policy.kind} {d.policy.name}
            </a>
          )}
          {d.priority !== undefined && d.policy?.kind !== "BaselineAdminNetworkPolicy" && (
            <span className={`${BADGE} border-slate-300`}>priority {d.priority}</span>
          )}
          {d.rule !== undefined && (
            <span>
              its {ordinal(d.rule)} {direction} rule
              {d.ruleName ? ` “${d.ruleName}”` : ""}
            </span>
          )}
          <span
            className={`${BADGE} ${d.action === "Pass" ? "border-slate-500" : d.action === "Deny" || d.action === "denied" ? "border-red-700" : "border-green-700"}`}
          >
            <span aria-hidden="true">{ACTION_SYMBOL[d.action]} </span>
            {d.action === "Accept" && d.policy && d.policy.kind !== "ClusterNetworkPolicy"
              ? "Allow"
              : d.action}
          </span>
          {d.peer && <span className="text-sm">peer {d.peer}</span>}
          {d.port && <span className="text-sm">port {d.port}</span>}
        </li>
      ))}
      {tiers.ambiguous && (
        <li className="flex flex-wrap items-center gap-1.5">
          <span className={`${BADGE} border-amber-700`}>implementation-defined</span>
          <span className="text-sm">{tiers.ambiguous}</span>
        </li>
      )}
    </ol>
  );
}

function Side({ title, side, direction }: { title: string; side: SideExplanation; direction: Direction }) {
  return (
    <div className="rounded border border-slate-300 p-3 dark:border-slate-600">
      <h3 className="text-lg font-semibold">
        <span aria-hidden="true">{side.allowed ? "✔ " : "✖ "}</span>
        {title}: {side.allowed ? "allows" : "denies"}
        {side.implementationDefined && " (implementation-defined)"}
      </h3>
      <p className="text-slate-700 dark:text-slate-200">{side.reason}</p>
      <TierSteps side={side} title={title} direction={direction} />
      {side.isolatingPolicies.length > 0 && (
        <p className="mt-1">
          Isolated by:{" "}
          {side.isolatingPolicies.map((p, i) => (
            <span key={`${p.namespace}/${p.name}`}>
              {i > 0 && ", "}
              <a className="underline" href={policyAnchor(p.namespace, p.name)}>
                {p.namespace}/{p.name}
              </a>
            </span>
          ))}
        </p>
      )}
      {side.allowedBy.length > 0 && (
        <ul className="mt-1 list-disc pl-6" aria-label={`${title} rules that allow it`}>
          {side.allowedBy.map((r) => (
            <li key={`${r.policy.namespace}/${r.policy.name}/${r.rule}`}>
              <a className="underline" href={policyAnchor(r.policy.namespace, r.policy.name)}>
                {r.policy.namespace}/{r.policy.name}
              </a>
              , its {ordinal(r.rule)} {r.direction} rule: {r.direction === "ingress" ? "from" : "to"} {r.peer}
              , on {r.port}
              {r.implementationDefined && " (ipBlock holding a pod IP: implementation-defined)"}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ExplanationPanel({ explanation }: { explanation: ConnectionExplanation }) {
  const e = explanation;
  return (
    <div data-testid="explanation">
      <p className="text-2xl font-bold" data-testid="verdict">
        <span aria-hidden="true">{e.allowed ? "✔ " : "✖ "}</span>
        {e.from} → {e.to} on {e.protocol}/{e.port}: {e.allowed ? "allowed" : "denied"}
        {e.implementationDefined && " (implementation-defined)"}
      </p>
      {e.upperBound && (
        <p
          role="note"
          className="mt-2 rounded border-2 border-amber-700 p-2 font-semibold"
          data-testid="upper-bound"
        >
          <span aria-hidden="true">⚠ </span>Upper bound: a policy kind Vigil does not evaluate may select an
          end of this connection (NET-011). “Allowed” here may be denied by it.
        </p>
      )}
      {e.notes.length > 0 && (
        <ul className="mt-2 list-disc pl-6">
          {e.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      <div className="mt-3 grid gap-3 md:grid-cols-2">
        <Side title={`Egress of ${e.from}`} side={e.egress} direction="egress" />
        <Side title={`Ingress of ${e.to}`} side={e.ingress} direction="ingress" />
      </div>
      {e.invalidPolicies.length > 0 && (
        <p className="mt-2">
          Not evaluated (invalid):{" "}
          {e.invalidPolicies.map((i) => `${i.policy.namespace}/${i.policy.name}`).join(", ")}.
        </p>
      )}
    </div>
  );
}
