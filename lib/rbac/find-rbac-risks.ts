import { severityRank, type Finding } from "@/lib/findings/types";
import type { Snapshot } from "@/lib/model/types";
import { buildRbacIndex, type RbacIndex } from "@/lib/rbac/build-rbac-index";
import { combinedRiskFindings } from "@/lib/rbac/combined-risks";
import { CLUSTER_ADMIN_WHY } from "@/lib/rbac/rbac-risks";
import { KUBE_SYSTEM, roleRisks } from "@/lib/rbac/role-grants";
import {
  describeRef,
  describeSubject,
  finding,
  scopePhrase,
  subjectKey,
  through,
  type Holding,
} from "@/lib/rbac/risk-finding";

// docs/semantics.md §2 "Risk catalogue": RBAC-001..RBAC-025. One finding per risk, binding subject (groups kept as groups)
// and binding, naming the scope where the binding applies: cluster-wide for a ClusterRoleBinding, its namespace for
// a RoleBinding, which never grants cluster-scoped kinds (so RBAC-006/007/011/013/024 only come from
// ClusterRoleBindings). A cluster-admin equivalent (RBAC-001) implies every other single-binding risk, which are
// then not repeated for that binding. Risks needing several permissions (RBAC-011, RBAC-017, RBAC-025) combine the
// subject's bindings. Bootstrap bindings are labelled expectedDefault, never hidden.

export function findRbacRisks(snapshot: Pick<Snapshot, "roles" | "bindings">): Finding[] {
  return findRbacRisksInIndex(buildRbacIndex(snapshot));
}

export function findRbacRisksInIndex(index: RbacIndex): Finding[] {
  const findings: Finding[] = [];
  const bySubject = new Map<string, Holding[]>();
  // Subject key -> scopes ("cluster" or a namespace) where it holds a cluster-admin equivalent.
  const adminScopes = new Map<string, Set<string>>();

  for (const binding of index.bindings) {
    const scope = binding.namespace ?? "cluster";
    if (!binding.role) {
      // RBAC-020: harmless today, but whoever later creates a role of that name grants it to these subjects.
      const why =
        binding.ref.kind === "ClusterRoleBinding" && binding.roleRef.kind === "Role"
          ? "a ClusterRoleBinding cannot refer to a Role"
          : `${describeRef(binding.roleRef)} does not exist`;
      for (const subject of binding.subjects.length > 0 ? binding.subjects : [undefined]) {
        findings.push({
          rule: "RBAC-020",
          severity: "medium",
          message:
            `${describeRef(binding.ref)} grants nothing to ${subject ? describeSubject(subject) : "no subject"}: ${why}. ` +
            "Whoever can later create that role gives these subjects its rights; delete the binding or fix its roleRef.",
          ...(subject ? { subject } : {}),
          binding: binding.ref,
          role: binding.roleRef,
          scope,
          ...(binding.expectedDefault ? { expectedDefault: true } : {}),
        });
      }
    }

    const risks = binding.role ? roleRisks(binding) : undefined;
    const admin = risks?.admin ?? false;
    const fired: string[] = admin ? ["RBAC-001"] : (risks?.single.map((r) => r.risk.id) ?? []);
    const singleFindings: Omit<Finding, "subject">[] = [];
    if (admin) {
      singleFindings.push({
        rule: "RBAC-001",
        severity: scope === "cluster" || scope === KUBE_SYSTEM ? "critical" : "high",
        message: `can do every verb on every resource ${scopePhrase(scope)} through ${through(binding)}: ${CLUSTER_ADMIN_WHY}.`,
      });
    } else {
      for (const { risk, note } of risks?.single ?? []) {
        singleFindings.push({
          rule: risk.id,
          severity:
            scope === "cluster" || scope === KUBE_SYSTEM ? risk.severity.cluster : risk.severity.namespace,
          message: `can ${risk.what} ${scopePhrase(scope)}${note} through ${through(binding)}: ${risk.why}.`,
        });
      }
    }

    for (const subject of binding.subjects) {
      // A namespace-less ServiceAccount of a ClusterRoleBinding matches nobody (upstream appliesTo).
      if (subject.kind === "ServiceAccount" && !subject.namespace) continue;
      const holding = { binding, subject };
      const key = subjectKey(subject);
      const list = bySubject.get(key);
      if (list) list.push(holding);
      else bySubject.set(key, [holding]);
      if (admin && binding.role) {
        const set = adminScopes.get(key) ?? new Set<string>();
        set.add(scope);
        adminScopes.set(key, set);
      }
      for (const f of singleFindings) {
        findings.push(
          finding(
            f.rule,
            f.severity,
            holding,
            scope,
            `${describeSubject(subject)} ${f.message}`,
            binding.expectedDefault,
          ),
        );
      }

      const anonymous =
        (subject.kind === "User" && subject.name === "system:anonymous") ||
        (subject.kind === "Group" && subject.name === "system:unauthenticated");
      if (anonymous) {
        findings.push(
          finding(
            "RBAC-021",
            // Critical when the role carries a risk of its own; high for any other object access; low for
            // URLs only (the /healthz and /version a default cluster already opens to everyone).
            fired.length > 0
              ? "critical"
              : (binding.role?.rules ?? []).some((r) => r.rule.resources.length > 0)
                ? "high"
                : "low",
            holding,
            scope,
            `${describeRef(binding.ref)} binds ${describeRef(binding.roleRef)} to ${describeSubject(subject)} ${scopePhrase(scope)}: ` +
              "anyone who can reach the API server, without credentials, gets these rights; the good practices ask never to bind anonymous users.",
            binding.expectedDefault,
          ),
        );
      }
      if (subject.kind === "Group" && subject.name === "system:authenticated" && fired.length > 0) {
        findings.push(
          finding(
            "RBAC-022",
            "critical",
            holding,
            scope,
            `${describeRef(binding.ref)} binds ${describeRef(binding.roleRef)} to every authenticated identity ${scopePhrase(scope)}, ` +
              `and that role is sensitive (${fired.join(", ")}): every user and every service account of the cluster holds it.`,
            binding.expectedDefault,
          ),
        );
      }
    }
  }

  for (const f of combinedRiskFindings(index, bySubject, adminScopes)) findings.push(f);
  return sortFindings(findings);
}

/**
 * The order of compareFindings (severity, rule, message), computed with one shared Intl.Collator: it compares as
 * String.prototype.localeCompare does, several times faster on the tens of thousands of findings of a large cluster.
 */
function sortFindings(findings: Finding[]): Finding[] {
  const collator = new Intl.Collator();
  return findings
    .map((f) => ({ f, rank: severityRank(f.severity) }))
    .sort(
      (a, b) =>
        a.rank - b.rank || collator.compare(a.f.rule, b.f.rule) || collator.compare(a.f.message, b.f.message),
    )
    .map((x) => x.f);
}
