import type { Container, Pod } from "@/lib/model/types";
import { can } from "@/lib/rbac/can";
import { serviceAccountUser, userInfoFor } from "@/lib/rbac/user-info";
import type { PathContext } from "@/lib/paths/context";
import type { GraphBuilder } from "@/lib/paths/graph-builder";
import { containerRef, refLabel } from "@/lib/paths/refs";
import type { AttackRef, Evidence } from "@/lib/paths/types";
import { hostPathRisk, isUnder, normaliseHostPath } from "@/lib/workloads/host-paths";

// Container escapes that need the hardening facts of a pod spec (docs/semantics.md §5): ATTACK-004 hostPID with
// privileged or SYS_ADMIN, ATTACK-006 SYS_PTRACE with hostPID (both need the container to run without AppArmor,
// else they carry the assumption "node without AppArmor"), ATTACK-007 a writable hostPath of a sensitive path or a
// container runtime socket, ATTACK-008 a writable /var/log plus permission to read pod logs, ATTACK-020 the other
// containers of a pod that shares its process namespace, ATTACK-023 a read-only mount of the kubelet's pods
// directory (service-account tokens of the node's pods) or of /etc/kubernetes (the node's identity).

const NO_APPARMOR = "the node runs without AppArmor";

/** ATTACK-007: written to, these host paths (or a parent of one) give the node away; /var/log is ATTACK-008's. */
export function sensitiveHostPath(path: string): boolean {
  return hostPathRisk(path, { logs: false }) !== "other";
}

interface HostMount {
  path: string;
  readOnly: boolean;
  field: string;
}

function hostMounts(pod: Pod, c: Container, base: string): HostMount[] {
  return c.volumeMounts.flatMap((m, i) => {
    const v = pod.volumes.find((x) => x.name === m.name);
    if (!v?.hostPath) return [];
    return [
      { path: normaliseHostPath(v.hostPath.path), readOnly: m.readOnly, field: `${base}.volumeMounts[${i}]` },
    ];
  });
}

function unconfined(pod: Pod, c: Container): boolean {
  if (c.security.privileged) return true;
  const profile = c.security.appArmorProfile ?? pod.security.appArmorProfile;
  if (profile === "Unconfined") return true;
  return pod.annotations[`container.apparmor.security.beta.kubernetes.io/${c.name}`] === "unconfined";
}

function hasCap(c: Container, cap: string): boolean {
  return c.security.capabilitiesAdd.some((x) => x === cap || x === `CAP_${cap}` || x === "ALL");
}

interface EscapeInput {
  pod: Pod;
  object: { kind: string; namespace: string; name: string };
  /** The node the pod runs on (or all-nodes, or an unknown node). */
  node: AttackRef;
  /** Tokens on nodes: every mounted service account with its pod, for ATTACK-023. */
  tokens: readonly { pod: Pod; sa: AttackRef; evidence: Evidence }[];
}

export function addEscapeEdges(ctx: PathContext, g: GraphBuilder, input: EscapeInput): void {
  const { pod, object, node } = input;
  const spec = pod.representative ? "spec.template.spec" : "spec";
  const all = [...pod.containers, ...pod.initContainers];
  for (const c of all) {
    const from = containerRef(pod, c.name);
    const base = `${spec}.${c.field}`;
    const field = (f: string, value: string): Evidence => ({
      type: "field",
      object,
      container: c.name,
      field: f,
      value,
    });
    const appArmor = unconfined(pod, c) ? undefined : NO_APPARMOR;
    if (pod.hostPID && (c.security.privileged || hasCap(c, "SYS_ADMIN"))) {
      g.edge(
        "ATTACK-004",
        from,
        node,
        [
          field(`${spec}.hostPID`, "true"),
          c.security.privileged
            ? field(`${base}.securityContext.privileged`, "true")
            : field(`${base}.securityContext.capabilities.add`, "SYS_ADMIN"),
        ],
        `${refLabel(from)} shares the host's process namespace with ${c.security.privileged ? "privileged" : "SYS_ADMIN"}: nsenter into ${refLabel(node)}`,
        appArmor,
      );
    }
    if (pod.hostPID && hasCap(c, "SYS_PTRACE")) {
      g.edge(
        "ATTACK-006",
        from,
        node,
        [field(`${spec}.hostPID`, "true"), field(`${base}.securityContext.capabilities.add`, "SYS_PTRACE")],
        `${refLabel(from)} may ptrace the host's processes (hostPID with SYS_PTRACE) on ${refLabel(node)}`,
        appArmor,
      );
    }
    for (const m of hostMounts(pod, c, base)) {
      if (!m.readOnly && sensitiveHostPath(m.path)) {
        g.edge(
          "ATTACK-007",
          from,
          node,
          [field(m.field, `hostPath ${m.path}, writable`)],
          `${refLabel(from)} may write the host path ${m.path} of ${refLabel(node)}`,
        );
      }
      if (!m.readOnly && isUnder("/var/log", m.path)) {
        const request = {
          verb: "get",
          apiGroup: "",
          resource: "pods",
          subresource: "log",
          namespace: pod.namespace,
        };
        const user = userInfoFor(serviceAccountUser(pod.namespace, pod.serviceAccountName));
        const grants = can(ctx.rbac, user, request).grants;
        if (grants.length > 0) {
          g.edge(
            "ATTACK-008",
            from,
            node,
            [
              field(m.field, `hostPath ${m.path}, writable`),
              ...grants.map((gr): Evidence => ({
                type: "rbac",
                request: `get pods/log in ${pod.namespace}`,
                binding: gr.binding,
                role: gr.role,
                rule: gr.rule,
                ...(gr.subject ? { subject: gr.subject } : {}),
              })),
            ],
            `${refLabel(from)} may plant a symlink in the host's /var/log and read it back as pod logs through the kubelet of ${refLabel(node)}`,
          );
        }
      }
      if (m.readOnly && isUnder("/var/lib/kubelet/pods", m.path)) {
        for (const t of input.tokens) {
          const known = node.kind === "Node" && node.name !== "*";
          const exact =
            node.kind === "Target" ||
            t.pod.workload.kind === "DaemonSet" ||
            (known && t.pod.nodeName === node.name);
          if (!exact && known && t.pod.nodeName !== undefined) continue;
          g.edge(
            "ATTACK-023",
            from,
            t.sa,
            [field(m.field, `hostPath ${m.path}, read-only`), t.evidence],
            `${refLabel(from)} may read the service-account tokens in the kubelet's pods directory, among them that of ${refLabel(t.sa)}`,
            exact ? undefined : "the pod is scheduled on the same node",
          );
        }
      }
      if (m.readOnly && isUnder("/etc/kubernetes", m.path) && node.kind === "Node") {
        const identity: AttackRef = { kind: "User", name: `system:node:${node.name}` };
        g.edge(
          "ATTACK-023",
          from,
          identity,
          [field(m.field, `hostPath ${m.path}, read-only`)],
          `${refLabel(from)} may read the kubelet's credentials under /etc/kubernetes`,
        );
      }
    }
    if (pod.shareProcessNamespace) {
      for (const other of all) {
        if (other === c) continue;
        const to = containerRef(pod, other.name);
        g.edge(
          "ATTACK-020",
          from,
          to,
          [field(`${spec}.shareProcessNamespace`, "true")],
          `${refLabel(from)} sees the processes (and files through /proc) of ${refLabel(to)}`,
        );
      }
    }
  }
}
