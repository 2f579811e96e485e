import type { Finding } from "@/lib/findings/types";
import type { RbacIndex } from "@/lib/rbac/build-rbac-index";
import { KUBE_SYSTEM, grantingRules } from "@/lib/rbac/role-grants";
import {
  COMBINED_WHY,
  CSR_APPROVAL,
  CSR_CREATE,
  NODE_UPDATE,
  POD_DELETE,
  ROLEBINDING_GET,
  ROLEBINDING_PATCH,
  SIGNER_APPROVE,
  type Probe,
} from "@/lib/rbac/rbac-risks";
import { describeSubject, finding, scopePhrase, through, type Holding } from "@/lib/rbac/risk-finding";

// The risks that need several permissions, held by one subject through any of its bindings (docs/semantics.md
// §2): RBAC-011 issue certificates, RBAC-017 delete kube-system pods and update nodes, RBAC-025 get and patch
// RoleBindings in one scope. None is reported where the subject already holds a cluster-admin equivalent.

const COMBO_PROBES = [
  CSR_CREATE,
  CSR_APPROVAL,
  SIGNER_APPROVE,
  POD_DELETE,
  NODE_UPDATE,
  ROLEBINDING_GET,
  ROLEBINDING_PATCH,
];

/**
 * The combined-risk findings of each subject.
 * @param bySubject the subject key's holdings (binding and subject)
 * @param adminScopes the scopes ("cluster" or a namespace) where the subject holds a cluster-admin equivalent
 */
export function combinedRiskFindings(
  index: RbacIndex,
  bySubject: ReadonlyMap<string, readonly Holding[]>,
  adminScopes: ReadonlyMap<string, ReadonlySet<string>>,
): Finding[] {
  const findings: Finding[] = [];
  // Per binding: which combined-risk probes its role grants where it is bound, one bit each (computed once).
  const masks = index.bindings.map((b) =>
    COMBO_PROBES.reduce((mask, p, i) => (grantingRules(b, p).length > 0 ? mask | (1 << i) : mask), 0),
  );
  const maskOf = (h: Holding) => masks[h.binding.id] ?? 0;
  for (const [key, holdings] of bySubject) {
    // Most subjects hold no part of any combined risk: skip them before building anything.
    if (!holdings.some((h) => maskOf(h) !== 0)) continue;
    const admins = adminScopes.get(key) ?? new Set<string>();
    const withProbe = (probe: readonly Probe[], scopes?: readonly string[]) => {
      const bit = 1 << COMBO_PROBES.indexOf(probe);
      return holdings.filter(
        (h) =>
          (maskOf(h) & bit) !== 0 &&
          (scopes === undefined || scopes.includes(h.binding.namespace ?? "cluster")),
      );
    };
    const all = (hs: readonly Holding[]) => hs.every((h) => h.binding.expectedDefault);

    // RBAC-011: create a CSR, approve it, and hold approve on a signer (all cluster-scoped).
    if (!admins.has("cluster")) {
      const create = withProbe(CSR_CREATE);
      const approval = withProbe(CSR_APPROVAL);
      const signer = withProbe(SIGNER_APPROVE);
      const main = approval[0];
      if (main && create[0] && signer[0]) {
        const parts = [...new Set([create[0], main, signer[0]])];
        findings.push(
          finding(
            "RBAC-011",
            "high",
            main,
            "cluster",
            `${describeSubject(main.subject)} can issue certificates cluster-wide through ${parts.map((p) => through(p.binding)).join(", ")}: ${COMBINED_WHY["RBAC-011"]}.`,
            all(parts),
          ),
        );
      }
    }

    // RBAC-017: delete pods in kube-system plus update nodes.
    if (!admins.has("cluster")) {
      const del = withProbe(POD_DELETE, ["cluster", KUBE_SYSTEM]);
      const nodes = withProbe(NODE_UPDATE);
      const main = del[0];
      if (main && nodes[0]) {
        const parts = [...new Set([main, nodes[0]])];
        findings.push(
          finding(
            "RBAC-017",
            "high",
            main,
            "cluster",
            `${describeSubject(main.subject)} can delete pods in kube-system and update nodes through ${parts.map((p) => through(p.binding)).join(", ")}: ${COMBINED_WHY["RBAC-017"]}.`,
            all(parts),
          ),
        );
      }
    }

    // RBAC-025: get and patch RoleBindings in the same scope (a cluster-wide grant covers every namespace).
    const gets = withProbe(ROLEBINDING_GET);
    const patches = withProbe(ROLEBINDING_PATCH);
    if (gets.length > 0 && patches.length > 0) {
      const at = (hs: readonly Holding[], scope: string) =>
        hs.find((h) => (h.binding.namespace ?? "cluster") === scope) ??
        hs.find((h) => h.binding.namespace === undefined);
      const scopes = new Set<string>();
      const clusterBoth = at(gets, "cluster") !== undefined && at(patches, "cluster") !== undefined;
      if (clusterBoth) scopes.add("cluster");
      else
        for (const h of [...gets, ...patches])
          if (h.binding.namespace !== undefined) scopes.add(h.binding.namespace);
      for (const scope of [...scopes].sort()) {
        if (admins.has("cluster") || admins.has(scope)) continue;
        const get = at(gets, scope);
        const patch = at(patches, scope);
        if (!get || !patch) continue;
        const parts = [...new Set([patch, get])];
        findings.push(
          finding(
            "RBAC-025",
            scope === "cluster" ? "high" : "medium",
            patch,
            scope,
            `${describeSubject(patch.subject)} can get and patch RoleBindings ${scopePhrase(scope)} through ${parts.map((p) => through(p.binding)).join(", ")}: ${COMBINED_WHY["RBAC-025"]}.`,
            all(parts),
          ),
        );
      }
    }
  }
  return findings;
}
