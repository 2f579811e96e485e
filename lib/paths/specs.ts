import { VigilError } from "@/lib/errors";
import { parseRef } from "@/lib/paths/refs";
import type { PathFix } from "@/lib/paths/what-if";
import type { AttackRef, EntrySpec, TargetSpec } from "@/lib/paths/types";

// Entry points, targets and what-if fixes as people write them (the command line, the /paths page's URL):
// `internet`, `any-pod[:NS]` or a REF; `cluster-admin`, `all-nodes`, `cloud-credentials`, `secrets[:NS]`,
// `namespace-admin[:NS]` or a REF; `default-deny:NS`, `enforce-baseline:NS`, `enforce-restricted:NS`.

export function parseEntry(text: string): EntrySpec {
  if (text === "internet") return { kind: "internet" };
  if (text === "any-pod") return { kind: "any-pod" };
  if (text.startsWith("any-pod:")) return { kind: "any-pod", namespace: text.slice("any-pod:".length) };
  const ref = parseRef(text);
  if (ref.kind === "Pod") return { kind: "pod", namespace: ref.namespace, name: ref.name };
  return { kind: "ref", ref };
}

export function parseTarget(text: string): TargetSpec {
  switch (text) {
    case "cluster-admin":
    case "all-nodes":
    case "cloud-credentials":
    case "secrets":
    case "namespace-admin":
      return { kind: text };
  }
  if (text.startsWith("secrets:")) return { kind: "secrets", namespace: text.slice("secrets:".length) };
  if (text.startsWith("namespace-admin:"))
    return { kind: "namespace-admin", namespace: text.slice("namespace-admin:".length) };
  if (text === "internet" || text === "any-pod") {
    throw new VigilError(
      "bad-input",
      `${text} is not a target: use cluster-admin, all-nodes, cloud-credentials, secrets or a REF`,
    );
  }
  const ref = parseRef(text);
  if (ref.kind === "Pod") return { kind: "pod", namespace: ref.namespace, name: ref.name };
  return { kind: "ref", ref };
}

export function parseFix(text: string): PathFix {
  const m = /^(default-deny|enforce-baseline|enforce-restricted):([a-z0-9]([-a-z0-9]*[a-z0-9])?)$/.exec(text);
  if (!m) {
    throw new VigilError(
      "bad-input",
      `a what-if must be default-deny:NS, enforce-baseline:NS or enforce-restricted:NS, not "${text}"`,
    );
  }
  const namespace = m[2] ?? "";
  if (m[1] === "default-deny") return { kind: "default-deny", namespace };
  return { kind: "enforce", namespace, level: m[1] === "enforce-baseline" ? "baseline" : "restricted" };
}

/** A REF in the syntax parseRef reads. */
export function refText(ref: AttackRef): string {
  switch (ref.kind) {
    case "Internet":
      return "internet";
    case "Container":
      return `container:${ref.namespace}/${ref.pod}/${ref.name}`;
    case "ServiceAccount":
      return `sa:${ref.namespace}/${ref.name}`;
    case "Secret":
      return `secret:${ref.namespace}/${ref.name}`;
    case "User":
      return `user:${ref.name}`;
    case "Group":
      return `group:${ref.name}`;
    case "Node":
      return `node:${ref.name}`;
    case "Target":
      return ref.name === "namespace-admin" ? `namespace-admin:${ref.namespace}` : ref.name;
  }
}

export function targetText(target: TargetSpec): string {
  switch (target.kind) {
    case "cluster-admin":
    case "all-nodes":
    case "cloud-credentials":
      return target.kind;
    case "secrets":
    case "namespace-admin":
      return target.namespace === undefined ? target.kind : `${target.kind}:${target.namespace}`;
    case "pod":
      return `pod:${target.namespace}/${target.name}`;
    case "ref":
      return refText(target.ref);
  }
}

export function fixText(fix: PathFix): string {
  return fix.kind === "default-deny"
    ? `default-deny:${fix.namespace}`
    : `enforce-${fix.level}:${fix.namespace}`;
}

/** A fix in words, for people. */
export function fixLabel(fix: PathFix): string {
  return fix.kind === "default-deny"
    ? `a default-deny ingress policy in ${fix.namespace}`
    : `Pod Security ${fix.level} enforced in ${fix.namespace}`;
}
