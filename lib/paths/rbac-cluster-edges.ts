import type { Pod } from "@/lib/model/types";
import { MASTERS_GROUP } from "@/lib/rbac/can";
import type { AccessRequest } from "@/lib/rbac/types";
import type { PathContext } from "@/lib/paths/context";
import type { GraphBuilder } from "@/lib/paths/graph-builder";
import { containersHub, EVERY } from "@/lib/paths/hubs";
import { holdersOf, namedHolders, type Holder } from "@/lib/paths/rbac-holders";
import { CLUSTER_ADMIN, containerRef, refKey, refLabel, subjectRef } from "@/lib/paths/refs";
import type { EvidencePart } from "@/lib/paths/lazy-evidence";
import type { AttackRef } from "@/lib/paths/types";

// The cluster-wide RBAC edges (docs/semantics.md §5): ATTACK-014 cluster-admin (an admin-equivalent grant, or
// writing a ClusterRoleBinding plus bind/escalate on an admin-equivalent ClusterRole), ATTACK-015 impersonating
// users and groups (authorized without a namespace, so only ClusterRoleBindings grant it), ATTACK-018
// nodes/proxy, ATTACK-019 issuing client certificates, ATTACK-022 writing admission webhook configurations.

const RBAC_GROUP = "rbac.authorization.k8s.io";
/** Signers whose certificates the API server accepts as client identities. */
const CLIENT_SIGNER = "kubernetes.io/kube-apiserver-client";

export const ANY_USER: AttackRef = { kind: "User", name: "*" };

function isAdminRule(rule: {
  verbs: readonly string[];
  apiGroups: readonly string[];
  resources: readonly string[];
  resourceNames: readonly string[];
}): boolean {
  return (
    rule.verbs.includes("*") &&
    rule.apiGroups.includes("*") &&
    rule.resources.includes("*") &&
    rule.resourceNames.length === 0
  );
}

function both(a: Map<string, Holder>, b: Map<string, Holder>): Holder[] {
  const out: Holder[] = [];
  for (const [key, h] of a) {
    const other = b.get(key);
    if (other) out.push({ ref: h.ref, evidence: [...h.evidence, ...other.evidence] });
  }
  return out;
}

export function addClusterEdges(ctx: PathContext, g: GraphBuilder): void {
  const index = ctx.rbac;

  // ATTACK-014: every verb on every resource through a ClusterRoleBinding (RBAC-001).
  for (const h of holdersOf(ctx, [{ verb: "*", apiGroup: "*", resource: "*" }]).values()) {
    g.edge(
      "ATTACK-014",
      h.ref,
      CLUSTER_ADMIN,
      h.evidence,
      `${refLabel(h.ref)} holds every permission cluster-wide`,
    );
  }
  const writeCrb = holdersOf(
    ctx,
    ["create", "update"].map((verb) => ({ verb, apiGroup: RBAC_GROUP, resource: "clusterrolebindings" })),
  );
  if (writeCrb.size > 0) {
    const adminRoles = index.roles.filter(
      (r) => r.ref.kind === "ClusterRole" && r.rules.some(({ rule }) => isAdminRule(rule)),
    );
    const bind = holdersOf(
      ctx,
      adminRoles.flatMap((r) =>
        ["bind", "escalate"].map((verb) => ({
          verb,
          apiGroup: RBAC_GROUP,
          resource: "clusterroles",
          name: r.ref.name,
        })),
      ),
    );
    for (const h of both(writeCrb, bind)) {
      g.edge(
        "ATTACK-014",
        h.ref,
        CLUSTER_ADMIN,
        h.evidence,
        `${refLabel(h.ref)} may bind an admin-equivalent ClusterRole to itself cluster-wide`,
      );
    }
  }

  // ATTACK-015: users and groups. Impersonating system:masters (by name or any group) is cluster-admin.
  const users: AccessRequest = { verb: "impersonate", apiGroup: "", resource: "users" };
  const groups: AccessRequest = { verb: "impersonate", apiGroup: "", resource: "groups" };
  for (const h of holdersOf(ctx, [users]).values()) {
    g.edge("ATTACK-015", h.ref, ANY_USER, h.evidence, `${refLabel(h.ref)} may impersonate any user`);
  }
  for (const [name, holders] of namedHolders(ctx, [users])) {
    // Impersonating the user system:serviceaccount:ns:n is acting as that service account.
    const to = subjectRef({ kind: "User", name });
    for (const h of holders.values())
      g.edge("ATTACK-015", h.ref, to, h.evidence, `${refLabel(h.ref)} may impersonate ${refLabel(to)}`);
  }
  for (const h of holdersOf(ctx, [groups]).values()) {
    g.edge(
      "ATTACK-015",
      h.ref,
      CLUSTER_ADMIN,
      h.evidence,
      `${refLabel(h.ref)} may impersonate any group, ${MASTERS_GROUP} included`,
    );
  }
  for (const [name, holders] of namedHolders(ctx, [groups])) {
    const to: AttackRef = name === MASTERS_GROUP ? CLUSTER_ADMIN : { kind: "Group", name };
    for (const h of holders.values())
      g.edge("ATTACK-015", h.ref, to, h.evidence, `${refLabel(h.ref)} may impersonate group ${name}`);
  }

  // ATTACK-018: the kubelet API of a node runs commands in every container on it.
  const proxy = ["get", "create"].map((verb) => ({
    verb,
    apiGroup: "",
    resource: "nodes",
    subresource: "proxy",
  }));
  const pods = ctx.snapshot.pods;
  const onNode = (h: Holder, list: readonly Pod[], where: string) => {
    for (const pod of list) {
      for (const c of [...pod.containers, ...pod.initContainers]) {
        g.edge(
          "ATTACK-018",
          h.ref,
          containerRef(pod, c.name),
          h.evidence,
          `${refLabel(h.ref)} may use the kubelet API (nodes/proxy) of ${where}`,
        );
      }
    }
  };
  const everywhere = containersHub(ctx, g, EVERY);
  if (everywhere) {
    for (const h of holdersOf(ctx, proxy).values()) {
      g.edge(
        "ATTACK-018",
        h.ref,
        everywhere,
        h.evidence,
        `${refLabel(h.ref)} may use the kubelet API (nodes/proxy) of every node`,
      );
    }
  }
  for (const [name, holders] of namedHolders(ctx, proxy)) {
    const list = pods.filter((p) => p.nodeName === name);
    for (const h of holders.values()) onNode(h, list, `node ${name}`);
  }

  // ATTACK-019: create a CSR, approve it, for a client signer: a certificate for any user name. The
  // CertificateSubjectRestriction admission plugin rejects such CSRs for group system:masters.
  const csrCreate = holdersOf(ctx, [
    { verb: "create", apiGroup: "certificates.k8s.io", resource: "certificatesigningrequests" },
  ]);
  if (csrCreate.size > 0) {
    const approval = holdersOf(
      ctx,
      ["update", "patch"].map((verb) => ({
        verb,
        apiGroup: "certificates.k8s.io",
        resource: "certificatesigningrequests",
        subresource: "approval",
      })),
    );
    const approve = holdersOf(
      ctx,
      [CLIENT_SIGNER, "kubernetes.io/*"].map((name) => ({
        verb: "approve",
        apiGroup: "certificates.k8s.io",
        resource: "signers",
        name,
      })),
    );
    for (const h of both(csrCreate, approval)) {
      const a = approve.get(refKey(h.ref));
      if (!a) continue;
      const evidence: EvidencePart[] = [...h.evidence, ...a.evidence];
      g.edge(
        "ATTACK-019",
        h.ref,
        ANY_USER,
        evidence,
        `${refLabel(h.ref)} may issue and approve a client certificate (${CLIENT_SIGNER}) for any user`,
      );
    }
  }

  // ATTACK-022: an admission webhook sees (and a mutating one rewrites) every object it is sent.
  const webhooks = ["validatingwebhookconfigurations", "mutatingwebhookconfigurations"].flatMap((resource) =>
    ["create", "update", "patch"].map((verb) => ({
      verb,
      apiGroup: "admissionregistration.k8s.io",
      resource,
    })),
  );
  for (const h of holdersOf(ctx, webhooks).values()) {
    g.edge(
      "ATTACK-022",
      h.ref,
      CLUSTER_ADMIN,
      h.evidence,
      `${refLabel(h.ref)} may register an admission webhook that intercepts every request`,
    );
  }
}
