import type { AccessQuestion, Decide } from "@/lib/gating/gate-snapshot";
import type { Snapshot } from "@/lib/model/types";
import { buildRbacIndex, type RbacIndex } from "@/lib/rbac/build-rbac-index";
import { can } from "@/lib/rbac/can";
import { userInfoFor } from "@/lib/rbac/user-info";

// Snapshot mode: the viewer's permissions are those the snapshot's own RBAC gives them (docs/semantics.md §2),
// evaluated by Vigil's RBAC engine over the whole, ungated snapshot.

export interface KubernetesIdentity {
  /** The user name as the API server would see it (with its username prefix, if any). */
  name: string;
  groups: readonly string[];
}

// One index per snapshot, shared by every viewer's decisions (it depends on the roles and bindings alone).
const indexes = new WeakMap<object, RbacIndex>();

export function rbacDecide(
  snapshot: Pick<Snapshot, "roles" | "bindings">,
  identity: KubernetesIdentity,
): Decide {
  let index = indexes.get(snapshot);
  if (!index) {
    index = buildRbacIndex(snapshot);
    indexes.set(snapshot, index);
  }
  const user = userInfoFor(identity.name, identity.groups);
  return (q: AccessQuestion) =>
    can(index, user, {
      verb: q.verb,
      apiGroup: q.group,
      resource: q.resource,
      ...(q.namespace !== undefined ? { namespace: q.namespace } : {}),
      ...(q.name !== undefined ? { name: q.name } : {}),
    }).decision;
}
