import { VigilError } from "@/lib/errors";
import type { SubjectRef } from "@/lib/findings/types";
import type { Pod } from "@/lib/model/types";
import { parseServiceAccountUser } from "@/lib/rbac/user-info";
import type { AttackRef } from "@/lib/paths/types";

// Attack-graph references: one key per node, a label for people, and the REF syntax of the command line
// (`internet`, `container:ns/pod/name`, `pod:ns/name`, `sa:ns/name`, `user:NAME`, `group:NAME`, `node:NAME`,
// `secret:ns/name`).

export const INTERNET: AttackRef = { kind: "Internet" };
export const CLUSTER_ADMIN: AttackRef = { kind: "Target", name: "cluster-admin" };
export const ALL_NODES: AttackRef = { kind: "Target", name: "all-nodes" };
export const CLOUD_CREDENTIALS: AttackRef = { kind: "Target", name: "cloud-credentials" };

export function refKey(ref: AttackRef): string {
  switch (ref.kind) {
    case "Internet":
      return "Internet";
    case "Container":
      return `Container\u0000${ref.namespace}\u0000${ref.pod}\u0000${ref.name}`;
    case "ServiceAccount":
    case "Secret":
      return `${ref.kind}\u0000${ref.namespace}\u0000${ref.name}`;
    case "Target":
      return ref.name === "namespace-admin"
        ? `Target\u0000namespace-admin\u0000${ref.namespace}`
        : `Target\u0000${ref.name}`;
    default:
      return `${ref.kind}\u0000${ref.name}`;
  }
}

export function refLabel(ref: AttackRef): string {
  switch (ref.kind) {
    case "Internet":
      return "the internet";
    case "Container":
      if (ref.name === "*" && ref.pod.startsWith("*")) {
        const where = ref.namespace === "*" ? "the cluster" : ref.namespace;
        return ref.pod === "*"
          ? `every container of ${where}`
          : `every container of the ${ref.pod.slice(2, -1)}s of ${where}`;
      }
      return `container ${ref.name} of ${ref.namespace}/${ref.pod}`;
    case "ServiceAccount":
      return `ServiceAccount ${ref.namespace}/${ref.name}`;
    case "Secret":
      return ref.name === "*" ? `every Secret of ${ref.namespace}` : `Secret ${ref.namespace}/${ref.name}`;
    case "Node":
      return ref.name === "*" ? "its node" : `Node ${ref.name}`;
    case "Target":
      return ref.name === "namespace-admin" ? `admin of namespace ${ref.namespace}` : ref.name;
    default:
      return `${ref.kind} ${ref.name}`;
  }
}

/** The pod part of a Container reference: the pod name, or `name[Kind]` for a workload template. */
export function podRefName(pod: Pod): string {
  return pod.representative ? `${pod.workload.name}[${pod.workload.kind}]` : pod.name;
}

export function containerRef(pod: Pod, container: string): AttackRef {
  return { kind: "Container", namespace: pod.namespace, pod: podRefName(pod), name: container };
}

/** A binding subject as a graph node: a User named `system:serviceaccount:ns:n` is that ServiceAccount. */
export function subjectRef(subject: SubjectRef): AttackRef {
  if (subject.kind === "ServiceAccount") {
    return { kind: "ServiceAccount", namespace: subject.namespace ?? "", name: subject.name };
  }
  if (subject.kind === "User") {
    const sa = parseServiceAccountUser(subject.name);
    if (sa) return { kind: "ServiceAccount", namespace: sa.namespace, name: sa.name };
    return { kind: "User", name: subject.name };
  }
  return { kind: "Group", name: subject.name };
}

function splitNs(text: string, what: string, parts: number): string[] {
  const items = text.split("/");
  if (items.length !== parts || items.some((p) => p === "")) {
    throw new VigilError(
      "bad-input",
      `${what} must look like ${parts === 3 ? "ns/pod/name" : "ns/name"}, not "${text}"`,
    );
  }
  return items;
}

/** A REF of the command line. `pod:ns/name` stands for every container of the pod (see expandPodRef). */
export function parseRef(text: string): AttackRef | { kind: "Pod"; namespace: string; name: string } {
  if (text === "internet") return INTERNET;
  const colon = text.indexOf(":");
  const prefix = colon === -1 ? "" : text.slice(0, colon);
  const rest = colon === -1 ? "" : text.slice(colon + 1);
  if (rest === "") {
    throw new VigilError(
      "bad-input",
      `"${text}" is not a reference: use internet, any-pod, container:ns/pod/name, pod:ns/name, sa:ns/name, user:NAME, group:NAME, node:NAME or secret:ns/name`,
    );
  }
  switch (prefix) {
    case "container": {
      const [namespace = "", pod = "", name = ""] = splitNs(rest, "container:", 3);
      return { kind: "Container", namespace, pod, name };
    }
    case "pod": {
      const [namespace = "", name = ""] = splitNs(rest, "pod:", 2);
      return { kind: "Pod", namespace, name };
    }
    case "sa": {
      const [namespace = "", name = ""] = splitNs(rest, "sa:", 2);
      return { kind: "ServiceAccount", namespace, name };
    }
    case "secret": {
      const [namespace = "", name = ""] = splitNs(rest, "secret:", 2);
      return { kind: "Secret", namespace, name };
    }
    case "user": {
      const sa = parseServiceAccountUser(rest);
      return sa ? { kind: "ServiceAccount", ...sa } : { kind: "User", name: rest };
    }
    case "group":
      return { kind: "Group", name: rest };
    case "node":
      return { kind: "Node", name: rest };
    default:
      throw new VigilError(
        "bad-input",
        `"${text}" is not a reference: use internet, any-pod, container:ns/pod/name, pod:ns/name, sa:ns/name, user:NAME, group:NAME, node:NAME or secret:ns/name`,
      );
  }
}
