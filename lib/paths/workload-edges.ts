import type { Pod } from "@/lib/model/types";
import { addEscapeEdges } from "@/lib/paths/escape-edges";
import type { PathContext } from "@/lib/paths/context";
import type { EdgeMessage, GraphBuilder } from "@/lib/paths/graph-builder";
import { ALL_NODES, containerRef, podRefName, refLabel } from "@/lib/paths/refs";
import type { AttackRef, Evidence } from "@/lib/paths/types";

// The edges a pod spec implies (docs/semantics.md §5): container -> node escapes (ATTACK-003 privileged,
// ATTACK-005 SYS_MODULE), container -> its service account (ATTACK-009) and node -> the service accounts of the
// pods that may run on it and the node's own identity (ATTACK-010).

const CO_LOCATED = "the pod is scheduled on the same node";

const holdsToken: EdgeMessage = (container, sa) =>
  `${refLabel(container)} holds the token of ${refLabel(sa)}`;

function podObject(pod: Pod) {
  return pod.representative
    ? { kind: pod.workload.kind, namespace: pod.namespace, name: pod.workload.name }
    : { kind: "Pod", namespace: pod.namespace, name: pod.name };
}

/** The node a pod's containers escape to: its node, every node for a DaemonSet, or an unknown one. */
function nodeOfPod(pod: Pod): AttackRef {
  if (pod.nodeName) return { kind: "Node", name: pod.nodeName };
  if (pod.workload.kind === "DaemonSet") return ALL_NODES;
  return { kind: "Node", name: "*" };
}

/** Whether the pod's service-account token is mounted (the pod's field, else its account's, default true). */
function tokenMounted(ctx: PathContext, pod: Pod): { mounted: boolean; evidence: Evidence } {
  const object = podObject(pod);
  const base = pod.representative ? "spec.template.spec" : "spec";
  if (pod.automountServiceAccountToken !== undefined) {
    return {
      mounted: pod.automountServiceAccountToken,
      evidence: {
        type: "field",
        object,
        field: `${base}.automountServiceAccountToken`,
        value: String(pod.automountServiceAccountToken),
      },
    };
  }
  const sa = ctx.snapshot.serviceAccounts.find(
    (s) => s.namespace === pod.namespace && s.name === pod.serviceAccountName,
  );
  if (sa?.automountServiceAccountToken !== undefined) {
    return {
      mounted: sa.automountServiceAccountToken,
      evidence: {
        type: "field",
        object: { kind: "ServiceAccount", namespace: sa.namespace, name: sa.name },
        field: "automountServiceAccountToken",
        value: String(sa.automountServiceAccountToken),
      },
    };
  }
  return {
    mounted: true,
    evidence: {
      type: "field",
      object,
      field: `${base}.serviceAccountName`,
      value: `${pod.serviceAccountName} (token mounted by default)`,
    },
  };
}

export function addWorkloadEdges(ctx: PathContext, g: GraphBuilder): void {
  const nodeNames = ctx.snapshot.nodes.map((n) => n.name);
  // Service accounts whose token sits on a node: pod index -> account, for ATTACK-010.
  const onNodes: { pod: Pod; sa: AttackRef; evidence: Evidence }[] = [];
  const tokens = ctx.snapshot.pods.map((pod) => tokenMounted(ctx, pod));
  ctx.snapshot.pods.forEach((pod, i) => {
    const token = tokens[i];
    const sa: AttackRef = { kind: "ServiceAccount", namespace: pod.namespace, name: pod.serviceAccountName };
    if (token?.mounted) onNodes.push({ pod, sa, evidence: token.evidence });
  });
  ctx.snapshot.pods.forEach((pod, i) => {
    const object = podObject(pod);
    const sa: AttackRef = { kind: "ServiceAccount", namespace: pod.namespace, name: pod.serviceAccountName };
    const token = tokens[i] as ReturnType<typeof tokenMounted>;
    const node = nodeOfPod(pod);
    addEscapeEdges(ctx, g, { pod, object, node, tokens: onNodes });
    for (const c of [...pod.containers, ...pod.initContainers]) {
      const from = containerRef(pod, c.name);
      const field = `${pod.representative ? "spec.template.spec" : "spec"}.${c.field}`;
      if (token.mounted) {
        g.edge("ATTACK-009", from, sa, [token.evidence], holdsToken);
      }
      if (c.security.privileged) {
        g.edge(
          "ATTACK-003",
          from,
          node,
          [
            {
              type: "field",
              object,
              container: c.name,
              field: `${field}.securityContext.privileged`,
              value: "true",
            },
          ],
          `${refLabel(from)} is privileged: it can mount the host's disks and escape to ${refLabel(node)}`,
        );
      }
      const moduleCap = c.security.capabilitiesAdd.find(
        (cap) => cap === "SYS_MODULE" || cap === "CAP_SYS_MODULE" || cap === "ALL",
      );
      if (moduleCap) {
        g.edge(
          "ATTACK-005",
          from,
          node,
          [
            {
              type: "field",
              object,
              container: c.name,
              field: `${field}.securityContext.capabilities.add`,
              value: moduleCap,
            },
          ],
          `${refLabel(from)} may load kernel modules (${moduleCap}) into ${refLabel(node)}`,
        );
      }
    }
  });

  // ATTACK-010: a node holds the credentials of its kubelet and the tokens of the pods on it. A pod without nodeName
  // may be scheduled on any node (an assumption for a given node); a DaemonSet's pods run on every node; from
  // all-nodes (any node the attacker chooses) every token is within reach.
  const nodes: AttackRef[] = [ALL_NODES, ...nodeNames.map((name): AttackRef => ({ kind: "Node", name }))];
  for (const r of g.allNodes()) if (r.kind === "Node" && !nodeNames.includes(r.name)) nodes.push(r);
  for (const node of nodes) {
    const identities = node.kind === "Node" ? [node.name] : nodeNames.length > 0 ? nodeNames : ["*"];
    for (const n of identities) {
      const user: AttackRef = { kind: "User", name: `system:node:${n}` };
      g.edge(
        "ATTACK-010",
        node,
        user,
        [{ type: "field", object: { kind: "Node", name: n }, field: "metadata.name", value: n }],
        `${refLabel(node)} holds the kubelet credentials of ${user.name}`,
      );
    }
  }
  for (const { pod, sa, evidence } of onNodes) {
    const where = pod.nodeName
      ? `on node ${pod.nodeName}`
      : pod.workload.kind === "DaemonSet"
        ? "on every node"
        : "on a node not known";
    const message: EdgeMessage = (node) =>
      `${refLabel(node)} holds the token of ${refLabel(sa)}, mounted by ${pod.namespace}/${podRefName(pod)} (${where})`;
    for (const node of nodes) {
      const name = node.kind === "Node" ? node.name : undefined;
      const exact = name === undefined || pod.workload.kind === "DaemonSet" || pod.nodeName === name;
      if (!exact && name !== "*" && pod.nodeName !== undefined) continue;
      g.edge("ATTACK-010", node, sa, [evidence], message, exact ? undefined : CO_LOCATED);
    }
  }
}
