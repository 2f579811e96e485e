import type { Finding, Severity, SubjectRef } from "@/lib/findings/types";
import type { ObjectRef } from "@/lib/model/types";
import type { IndexedBinding } from "@/lib/rbac/build-rbac-index";

// How an RBAC finding names its subject, binding and scope, shared by the single-binding and the combined risks.

export function describeSubject(s: SubjectRef): string {
  return s.kind === "ServiceAccount"
    ? `ServiceAccount ${s.namespace ?? ""}/${s.name}`
    : `${s.kind} ${s.name}`;
}

export function describeRef(ref: ObjectRef): string {
  return ref.namespace !== undefined ? `${ref.kind} ${ref.namespace}/${ref.name}` : `${ref.kind} ${ref.name}`;
}

export function scopePhrase(scope: string): string {
  return scope === "cluster" ? "cluster-wide" : `in namespace ${scope}`;
}

export function subjectKey(s: SubjectRef): string {
  return `${s.kind}\u0000${s.namespace ?? ""}\u0000${s.name}`;
}

export interface Holding {
  binding: IndexedBinding;
  subject: SubjectRef;
}

export function finding(
  rule: string,
  severity: Severity,
  holding: Holding,
  scope: string,
  message: string,
  expectedDefault: boolean,
): Finding {
  return {
    rule,
    severity,
    message,
    subject: holding.subject,
    binding: holding.binding.ref,
    role: holding.binding.roleRef,
    scope,
    ...(expectedDefault ? { expectedDefault: true } : {}),
  };
}

export function through(b: IndexedBinding): string {
  return `${describeRef(b.ref)} (${describeRef(b.roleRef)})`;
}
