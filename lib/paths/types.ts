import type { ObjectRef, PolicyRule } from "@/lib/model/types";
import type { SubjectRef } from "@/lib/findings/types";

// The public types of the attack-path engine (docs/semantics.md §5). References and edges have the exact JSON
// shapes of `vigil paths edges` / `vigil paths find`.

type TargetName = "cluster-admin" | "all-nodes" | "cloud-credentials" | "namespace-admin";

/** A node of the attack graph. */
export type AttackRef =
  | { kind: "Internet" }
  /** `pod` is the pod name, or for a workload template the workload id `name[Kind]`. */
  | { kind: "Container"; namespace: string; pod: string; name: string }
  /** `"*"`: a node that is not known (a pod without nodeName). */
  | { kind: "Node"; name: string }
  | { kind: "ServiceAccount"; namespace: string; name: string }
  | { kind: "User"; name: string }
  | { kind: "Group"; name: string }
  /** `"*"`: every Secret of the namespace. */
  | { kind: "Secret"; namespace: string; name: string }
  | { kind: "Target"; name: Exclude<TargetName, "namespace-admin"> }
  | { kind: "Target"; name: "namespace-admin"; namespace: string };

/** Why an edge exists: the fact of another engine that implies it. */
export type Evidence =
  /** A grant of the RBAC engine: the binding, its role and the rule that allows the request. */
  | {
      type: "rbac";
      request: string;
      binding: ObjectRef;
      role: ObjectRef;
      rule: PolicyRule;
      subject?: SubjectRef;
      aggregatedFrom?: ObjectRef;
    }
  /** A verdict of the reachability engine: a policy rule that admits the traffic, or the absence of isolation. */
  | { type: "network"; policy?: ObjectRef; direction: "ingress" | "egress"; rule?: number; text: string }
  /** What exposes a container (an Ingress, a Service, a hostPort or hostNetwork). */
  | { type: "exposure"; object: ObjectRef; port: string; text: string }
  /** A field of a pod, a workload, a namespace or a Secret. */
  | { type: "field"; object: ObjectRef; container?: string; field: string; value: string };

export type Technique = `ATTACK-${string}`;

export interface AttackEdge {
  technique: Technique;
  from: AttackRef;
  to: AttackRef;
  /** Set when the edge holds only under this assumption (drawn as such). */
  assumption?: string;
  evidence: Evidence[];
  message: string;
}

export interface AttackPath {
  from: AttackRef;
  to: AttackRef;
  hops: AttackEdge[];
}

/** The kinds of entry points and targets a search takes. */
export type EntrySpec =
  | { kind: "internet" }
  /** Every container of a namespace (of every namespace when absent): a compromised workload. */
  | { kind: "any-pod"; namespace?: string }
  /** Every container of one pod (or workload template, `name[Kind]`). */
  | { kind: "pod"; namespace: string; name: string }
  | { kind: "ref"; ref: AttackRef };

export type TargetSpec =
  | { kind: "cluster-admin" }
  | { kind: "all-nodes" }
  | { kind: "cloud-credentials" }
  /** Secrets of a namespace (every namespace when absent). */
  | { kind: "secrets"; namespace?: string }
  | { kind: "namespace-admin"; namespace?: string }
  | { kind: "pod"; namespace: string; name: string }
  | { kind: "ref"; ref: AttackRef };
