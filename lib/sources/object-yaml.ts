import { stringify } from "yaml";
import { VigilError } from "@/lib/errors";
import type { KubernetesIdentity } from "@/lib/gating/rbac-decide";
import { snapshotToManifests } from "@/lib/model/snapshot-to-manifests";
import { emptySnapshot, type Snapshot } from "@/lib/model/types";
import type { AccessMode } from "@/lib/sources/access-modes";
import { openApiClient } from "@/lib/sources/live/api-client";
import { accessKubeConfig } from "@/lib/sources/live/kube-config";
import { isRecord } from "@/lib/sources/live/list-kind";
import { READ_KINDS, objectPath, type ResourceKind } from "@/lib/sources/live/read-kinds";
import { reviewAccess } from "@/lib/sources/live/subject-access-review";
import { isNamespacedYamlKind, type YamlKind } from "@/lib/views/object-href";

// The read-only YAML view of one policy, role or binding, as the viewer may see it (docs/overview.md "YAML
// view"). token mode: a GET with the viewer's own token, so the API server decides; serviceaccount mode: a
// SubjectAccessReview asks whether the viewer may get that object, then Vigil's read-only identity reads it;
// snapshot mode (manifests, the demo): the object as the viewer's gated snapshot holds it. Only the kinds of
// YAML_KINDS (never a Secret); metadata.managedFields dropped. Server and route only.

export interface ObjectRefInput {
  kind: YamlKind;
  namespace?: string;
  name: string;
}

export interface ObjectYaml extends ObjectRefInput {
  yaml: string;
  /** "cluster": read now from the API server; "snapshot": from the manifests or the demo Vigil serves. */
  from: "cluster" | "snapshot";
}

const MAX_OBJECT_BYTES = 4 * 1024 * 1024;

const GROUPS: Record<YamlKind, string> = {
  NetworkPolicy: "networking.k8s.io",
  ClusterNetworkPolicy: "policy.networking.k8s.io",
  AdminNetworkPolicy: "policy.networking.k8s.io",
  BaselineAdminNetworkPolicy: "policy.networking.k8s.io",
  Role: "rbac.authorization.k8s.io",
  ClusterRole: "rbac.authorization.k8s.io",
  RoleBinding: "rbac.authorization.k8s.io",
  ClusterRoleBinding: "rbac.authorization.k8s.io",
};

function resourceKindOf(kind: YamlKind): ResourceKind {
  const found = READ_KINDS.find((k) => k.kind === kind && k.group === GROUPS[kind]);
  if (!found) throw new VigilError("internal", `${kind} is not an allowlisted kind`);
  return found;
}

function label(ref: ObjectRefInput): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ""}${ref.name}`;
}

/** What the view shows of an object: everything but metadata.managedFields (the server's bookkeeping). */
export function objectToYaml(object: Record<string, unknown>): string {
  const metadata = isRecord(object["metadata"]) ? { ...object["metadata"] } : undefined;
  if (metadata) delete metadata["managedFields"];
  return stringify(metadata ? { ...object, metadata } : object, { lineWidth: 0 });
}

function checkRef(ref: ObjectRefInput): void {
  if (isNamespacedYamlKind(ref.kind) !== (ref.namespace !== undefined)) {
    throw new VigilError(
      "bad-input",
      isNamespacedYamlKind(ref.kind)
        ? `${ref.kind} is namespaced: name its namespace`
        : `${ref.kind} is cluster-scoped: it has no namespace`,
    );
  }
}

/** From the viewer's gated snapshot: forbidden where the snapshot records a gap for that kind there. */
function objectYamlFromSnapshot(snapshot: Snapshot, ref: ObjectRefInput): ObjectYaml {
  checkRef(ref);
  const part = { ...emptySnapshot(snapshot.source) };
  const same = (o: { name: string; namespace?: string }) =>
    o.name === ref.name && o.namespace === ref.namespace;
  if (ref.kind === "NetworkPolicy") part.networkPolicies = snapshot.networkPolicies.filter(same);
  else if (ref.kind === "Role" || ref.kind === "ClusterRole")
    part.roles = snapshot.roles.filter((r) => r.kind === ref.kind && same(r));
  else if (ref.kind === "RoleBinding" || ref.kind === "ClusterRoleBinding")
    part.bindings = snapshot.bindings.filter((b) => b.kind === ref.kind && same(b));
  else
    part.clusterNetworkPolicies = snapshot.clusterNetworkPolicies.filter(
      (p) => p.kind === ref.kind && same(p),
    );
  const items = snapshotToManifests(part)["items"];
  const object = Array.isArray(items) && isRecord(items[0]) ? items[0] : undefined;
  if (object) return { ...ref, yaml: objectToYaml(object), from: "snapshot" };
  const resource = resourceKindOf(ref.kind).resource;
  const gap = snapshot.gaps.find(
    (g) => g.resource === resource && (g.namespace === undefined || g.namespace === ref.namespace),
  );
  if (gap) throw new VigilError("forbidden", `You may not read ${label(ref)}: ${gap.message}.`);
  throw new VigilError("not-found", `${label(ref)} does not exist, or is not in what Vigil reads.`);
}

async function getFromCluster(ref: ObjectRefInput, bearerToken?: string): Promise<Record<string, unknown>> {
  const kind = resourceKindOf(ref.kind);
  const client = await openApiClient({
    kubeConfig: accessKubeConfig(),
    ...(bearerToken ? { bearerToken } : {}),
  });
  try {
    for (const version of [kind.version, ...(kind.fallbackVersions ?? [])]) {
      const answer = await client.getJson(
        objectPath({ ...kind, version }, ref.namespace, ref.name),
        MAX_OBJECT_BYTES,
      );
      if (answer.status === 404) continue;
      if (answer.status === 401 || answer.status === 403) {
        throw new VigilError(
          "forbidden",
          `You may not read ${label(ref)}: the API server refused (${answer.status}).`,
        );
      }
      if (answer.status !== 200) {
        throw new VigilError("unavailable", `the API server answered ${answer.status} for ${label(ref)}`);
      }
      const body: unknown = JSON.parse(answer.body);
      // The path named the kind; an answer of another kind is refused rather than shown.
      if (!isRecord(body) || body["kind"] !== ref.kind) {
        throw new VigilError("unavailable", `the API server's answer for ${label(ref)} is not a ${ref.kind}`);
      }
      return body;
    }
    throw new VigilError("not-found", `${label(ref)} does not exist.`);
  } finally {
    client.close();
  }
}

export async function readObjectYaml(
  ctx: { mode: AccessMode; snapshot: Snapshot; identity: KubernetesIdentity; idToken: string },
  ref: ObjectRefInput,
): Promise<ObjectYaml> {
  checkRef(ref);
  if (ctx.mode === "snapshot") return objectYamlFromSnapshot(ctx.snapshot, ref);
  if (ctx.mode === "serviceaccount") {
    const kind = resourceKindOf(ref.kind);
    const review = await reviewAccess({
      user: ctx.identity.name,
      groups: ctx.identity.groups,
      verb: "get",
      group: kind.group,
      resource: kind.resource,
      ...(ref.namespace !== undefined ? { namespace: ref.namespace } : {}),
      name: ref.name,
    });
    if (!review.allowed)
      throw new VigilError("forbidden", `You may not read ${label(ref)} (get ${kind.resource}).`);
    return { ...ref, yaml: objectToYaml(await getFromCluster(ref)), from: "cluster" };
  }
  return { ...ref, yaml: objectToYaml(await getFromCluster(ref, ctx.idToken)), from: "cluster" };
}
