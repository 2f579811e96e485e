import type { Finding } from "@/lib/findings/types";

/**
 * The namespace a finding belongs to, for the namespace filter of every page and export: the scope of an RBAC
 * grant, else the namespace of the object, source, binding or subject it names. Undefined: cluster-wide.
 */
function findingNamespace(f: Finding): string | undefined {
  if (f.scope !== undefined) return f.scope === "cluster" ? undefined : f.scope;
  return f.object?.namespace ?? f.source?.namespace ?? f.binding?.namespace ?? f.subject?.namespace;
}

/** Keeps the findings of one namespace (cluster-wide ones included: they apply there too), or all of them. */
export function filterByNamespace<F extends Finding>(
  findings: readonly F[],
  namespace: string | undefined,
): F[] {
  if (!namespace) return [...findings];
  return findings.filter((f) => {
    const ns = findingNamespace(f);
    return ns === undefined || ns === namespace;
  });
}

/** A stable identifier of a finding, for links (`?finding=`) and keyboard navigation in meeting mode. */
export function findingId(f: Finding): string {
  const refs = [f.subject, f.binding, f.role, f.source, f.object]
    .filter((r) => r !== undefined)
    .map((r) => `${r.kind}:${r.namespace ?? ""}/${r.name}`)
    .join(",");
  let hash = 2166136261;
  for (const ch of `${f.rule}|${f.scope ?? ""}|${refs}|${f.message}`)
    hash = Math.imul(hash ^ ch.charCodeAt(0), 16777619) >>> 0;
  return `${f.rule}-${hash.toString(36)}`;
}
