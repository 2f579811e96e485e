import type { SubjectRef } from "@/lib/findings/types";
import type { ObjectRef, PolicyRule } from "@/lib/model/types";

// The public types of the RBAC engine (docs/semantics.md §2). Other areas (the access layer, the pages, the CLI)
// call the engine through these names.

/** An identity as the API server sees it after authentication: a user name and every group it is in. */
export interface UserInfo {
  name: string;
  groups: readonly string[];
}

/**
 * One request to authorize, in the API server's own attributes: a resource request (`resource` set) or a
 * non-resource request (`nonResourceURL` set). `apiGroup` is "" for the core group.
 */
export interface AccessRequest {
  verb: string;
  apiGroup: string;
  resource?: string;
  subresource?: string;
  /** Absent: a cluster-scoped request (or a request across every namespace). */
  namespace?: string;
  /** A list/watch with the field selector `metadata.name=X` counts as named X. */
  name?: string;
  nonResourceURL?: string;
}

/** One link of a permission chain: this rule, of this role, granted through this binding. */
export interface Grant {
  binding: ObjectRef;
  role: ObjectRef;
  rule: PolicyRule;
  /** The binding subject through which the grant applies (a group for a grant held through a group). */
  subject?: SubjectRef;
  /** For an aggregated ClusterRole: the ClusterRole whose rule was aggregated into it. */
  aggregatedFrom?: ObjectRef;
}

export type Decision = "allow" | "deny" | "indeterminate";

export interface CanResult {
  decision: Decision;
  /** Every grant that allows the request (empty on deny, and when a non-RBAC authorizer decides). */
  grants: Grant[];
  reason?: string;
}
