import type { ConnectionExplanation, SideExplanation } from "@/lib/netpol/explain-connection";

// Why a connection is allowed or denied: each side's isolating policies and the rule that lets it through,
// with links to the policies listed on the page. Decisions are words and symbols, never colour alone.

function policyAnchor(ns: string | undefined, name: string): string {
  return `#policy-${ns ?? ""}-${name}`;
}

function Side({ title, side }: { title: string; side: SideExplanation }) {
  return (
    <div className="rounded border border-slate-300 p-3 dark:border-slate-600">
      <h3 className="text-lg font-semibold">
        <span aria-hidden="true">{side.allowed ? "✔ " : "✖ "}</span>
        {title}: {side.allowed ? "allows" : "denies"}
        {side.implementationDefined && " (implementation-defined)"}
      </h3>
      <p className="text-slate-700 dark:text-slate-200">{side.reason}</p>
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
              </a>{" "}
              {r.direction}[{r.rule}]: peer {r.peer}, port {r.port}
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
      {e.notes.length > 0 && (
        <ul className="mt-2 list-disc pl-6">
          {e.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      <div className="mt-3 grid gap-3 md:grid-cols-2">
        <Side title={`Egress of ${e.from}`} side={e.egress} />
        <Side title={`Ingress of ${e.to}`} side={e.ingress} />
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
