import type {
  LoadWarning,
  Namespace,
  Pod,
  Snapshot,
  SnapshotSource,
  Workload,
  WorkloadRef,
} from "@/lib/model/types";
import { emptySnapshot } from "@/lib/model/types";
import { readMeta } from "@/lib/model/map-common";
import { isWorkloadKind, readPod, readWorkload, type RawPod } from "@/lib/model/map-workloads";
import { readIngress, readNetworkPolicy, readService } from "@/lib/model/map-network";
import { readBinding, readRole } from "@/lib/model/map-rbac";
import {
  readApiService,
  readCertConfigMap,
  readCertificateRequest,
  readCertManagerCertificate,
  readCrd,
  readCsr,
  readKubeconfig,
  readSecret,
  readWebhookConfiguration,
} from "@/lib/model/map-certificate-sources";
import {
  clusterPolicyKindOf,
  readClusterNetworkPolicy,
  readUnevaluatedPolicy,
  UNEVALUATED_CLUSTER_KINDS,
} from "@/lib/model/map-cluster-policies";
import { FieldReader, isObject } from "@/lib/model/read-fields";
import { ACCESS_GAP_API_VERSION, ACCESS_GAP_KIND, readAccessGap } from "@/lib/model/map-access-gaps";

// The source boundary (docs/architecture.md "Data flow"): raw Kubernetes objects in, the narrow Snapshot out. Every
// problem becomes a LoadWarning naming the file, document and field; nothing here throws on bad content.

/** Where a raw object came from, for warnings. */
interface ObjectOrigin {
  file?: string;
  /** 1-based position in a multi-document file, or in a List. */
  document?: number;
}

export interface RawInput {
  object: unknown;
  origin: ObjectOrigin;
}

const NAME_LABEL = "kubernetes.io/metadata.name";

/** Kinds that are read into the snapshot; anything else is skipped with one warning per kind. */
const CLUSTER_SCOPED = new Set([
  "Namespace",
  "ClusterRole",
  "ClusterRoleBinding",
  "Node",
  "ValidatingWebhookConfiguration",
  "MutatingWebhookConfiguration",
  "APIService",
  "CustomResourceDefinition",
  "CertificateSigningRequest",
  "Config",
  "ClusterNetworkPolicy",
  "AdminNetworkPolicy",
  "BaselineAdminNetworkPolicy",
  ...UNEVALUATED_CLUSTER_KINDS,
]);

function groupOf(apiVersion: string): string {
  return apiVersion.includes("/") ? (apiVersion.split("/")[0] ?? "") : "";
}

/** The snapshot while it is being filled in. */
type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };

export function buildSnapshot(
  inputs: readonly RawInput[],
  source: SnapshotSource,
  earlierWarnings: readonly LoadWarning[] = [],
): Snapshot {
  const s = { ...emptySnapshot(source), warnings: [...earlierWarnings] } as Mutable<Snapshot>;
  const namespaces = new Map<string, Namespace>();
  const rawPods: RawPod[] = [];
  const skippedKinds = new Set<string>();
  const seen = new Set<string>();

  for (const { object, origin } of inputs) {
    const where = {
      ...(origin.file ? { file: origin.file } : {}),
      ...(origin.document ? { document: origin.document } : {}),
    };
    if (object === null || object === undefined) continue; // an empty YAML document
    if (!isObject(object)) {
      s.warnings.push({
        ...where,
        message: "is not a Kubernetes object (expected a mapping with apiVersion and kind)",
      });
      continue;
    }
    const kind = typeof object["kind"] === "string" ? object["kind"] : undefined;
    const apiVersion = typeof object["apiVersion"] === "string" ? object["apiVersion"] : "";
    if (!kind) {
      s.warnings.push({ ...where, field: "kind", message: "is missing: the document is skipped" });
      continue;
    }
    const objectName =
      isObject(object["metadata"]) && typeof object["metadata"]["name"] === "string"
        ? object["metadata"]["name"]
        : undefined;
    const warn = (field: string, message: string) =>
      s.warnings.push({
        ...where,
        field,
        message,
        ...(objectName ? { object: { kind, name: objectName } } : {}),
      });
    const r = new FieldReader(warn);

    if (kind === ACCESS_GAP_KIND && apiVersion === ACCESS_GAP_API_VERSION) {
      // Before the metadata: a gap names its namespace in its own field and must not create one.
      const gap = readAccessGap(object, r);
      if (gap) s.gaps.push(gap);
      continue;
    }
    if (kind === "Config" && apiVersion === "v1") {
      s.kubeconfigs.push(readKubeconfig(object, origin.file ?? "kubeconfig", r));
      continue;
    }
    const meta = readMeta(object, r);
    if (!meta) continue;
    // kubectl applies namespace-less namespaced manifests to "default"; so do we.
    const namespace = CLUSTER_SCOPED.has(kind) ? undefined : (meta.namespace ?? "default");
    const key = `${groupOf(apiVersion)}/${kind}/${namespace ?? ""}/${meta.name}`;
    if (seen.has(key))
      warn(
        "metadata.name",
        `${kind} ${namespace ? `${namespace}/` : ""}${meta.name} appears more than once; both are kept`,
      );
    seen.add(key);
    if (namespace && !namespaces.has(namespace))
      namespaces.set(namespace, { name: namespace, labels: { [NAME_LABEL]: namespace } });
    const ns = namespace ?? "";
    const group = groupOf(apiVersion);
    const clusterPolicyKind = clusterPolicyKindOf(kind, apiVersion);
    const unevaluated = clusterPolicyKind
      ? undefined
      : readUnevaluatedPolicy(kind, apiVersion, object, meta, namespace);

    if (kind === "Namespace") {
      // docs/semantics.md §1.13: every namespace carries its name label, whatever the manifest says.
      namespaces.set(meta.name, { name: meta.name, labels: { ...meta.labels, [NAME_LABEL]: meta.name } });
    } else if (kind === "Pod") {
      rawPods.push(readPod(object, meta, ns, r));
    } else if (isWorkloadKind(kind)) {
      s.workloads.push(readWorkload(kind, object, meta, ns, r));
    } else if (kind === "Service") {
      s.services.push(readService(object, meta, ns, r));
    } else if (kind === "Ingress") {
      s.ingresses.push(readIngress(object, meta, ns, r));
    } else if (kind === "NetworkPolicy" && group === "networking.k8s.io") {
      s.networkPolicies.push(readNetworkPolicy(object, meta, ns, r));
    } else if (clusterPolicyKind) {
      s.clusterNetworkPolicies.push(readClusterNetworkPolicy(clusterPolicyKind, apiVersion, object, meta, r));
    } else if (unevaluated) {
      // NET-011: kept so that answers for the pods it may select say they are an upper bound.
      s.unevaluatedPolicies.push(unevaluated);
    } else if (kind === "Role" || kind === "ClusterRole") {
      s.roles.push(readRole(kind, object, meta, namespace, r));
    } else if (kind === "RoleBinding" || kind === "ClusterRoleBinding") {
      const binding = readBinding(kind, object, meta, namespace, r);
      if (binding) s.bindings.push(binding);
    } else if (kind === "ServiceAccount") {
      const automount = r.bool(object["automountServiceAccountToken"], "automountServiceAccountToken");
      s.serviceAccounts.push({
        namespace: ns,
        name: meta.name,
        ...(automount !== undefined ? { automountServiceAccountToken: automount } : {}),
      });
    } else if (kind === "Node") {
      const status = r.object(object["status"], "status");
      const spec = r.object(object["spec"], "spec");
      const addresses = (r.list(status?.["addresses"], "status.addresses") ?? []).flatMap((a, i) => {
        const ao = r.object(a, `status.addresses[${i}]`);
        const type = r.string(ao?.["type"], `status.addresses[${i}].type`);
        const address = r.string(ao?.["address"], `status.addresses[${i}].address`);
        return type && address ? [{ type, address }] : [];
      });
      const podCIDRs = r.strings(spec?.["podCIDRs"], "spec.podCIDRs");
      const podCIDR = r.string(spec?.["podCIDR"], "spec.podCIDR");
      if (podCIDR && !podCIDRs.includes(podCIDR)) podCIDRs.unshift(podCIDR);
      s.nodes.push({ name: meta.name, labels: meta.labels, addresses, podCIDRs });
    } else if (kind === "ConfigMap") {
      const cm = readCertConfigMap(object, meta, ns, r);
      if (cm) s.configMaps.push(cm);
    } else if (kind === "ValidatingWebhookConfiguration" || kind === "MutatingWebhookConfiguration") {
      s.webhookConfigurations.push(readWebhookConfiguration(kind, object, meta, r));
    } else if (kind === "APIService") {
      s.apiServices.push(readApiService(object, meta, r));
    } else if (kind === "CustomResourceDefinition") {
      s.crds.push(readCrd(object, meta, r));
    } else if (kind === "CertificateSigningRequest") {
      s.csrs.push(readCsr(object, meta, r));
    } else if (kind === "Certificate" && group === "cert-manager.io") {
      s.certManagerCertificates.push(readCertManagerCertificate(object, meta, ns, r));
    } else if (kind === "CertificateRequest" && group === "cert-manager.io") {
      s.certificateRequests.push(readCertificateRequest(object, meta, ns, r));
    } else if (kind === "Secret") {
      s.secrets.push(readSecret(object, meta, ns, r));
    } else if (!skippedKinds.has(`${apiVersion} ${kind}`)) {
      skippedKinds.add(`${apiVersion} ${kind}`);
      s.warnings.push({
        ...where,
        message: `kind ${kind} (${apiVersion || "no apiVersion"}) is not read by Vigil: skipped (reported once per kind)`,
      });
    }
  }

  s.pods = resolvePods(rawPods, s.workloads);
  s.namespaces = [...namespaces.values()].sort((a, b) => a.name.localeCompare(b.name));
  return s;
}

/**
 * Gives every pod its top-level workload (ReplicaSet -> Deployment, Job -> CronJob), and adds one
 * representative pod for each top-level workload that has no real pod: a manifests-only input (a GitOps
 * repository) is analysed through its templates (issue: NetworkPolicy "manifests without running pods").
 */
function resolvePods(rawPods: readonly RawPod[], workloads: readonly Workload[]): Pod[] {
  const byKey = new Map(workloads.map((w) => [`${w.namespace}/${w.kind}/${w.name}`, w]));
  const topOf = (namespace: string, ref: { kind: string; name: string }): WorkloadRef => {
    let current: WorkloadRef = isWorkloadKind(ref.kind)
      ? { kind: ref.kind, name: ref.name }
      : { kind: "Pod", name: "" };
    for (let depth = 0; depth < 4 && current.kind !== "Pod"; depth++) {
      const w = byKey.get(`${namespace}/${current.kind}/${current.name}`);
      if (w?.owner) {
        current = w.owner;
        continue;
      }
      // A ReplicaSet that is not in the input but follows the Deployment naming scheme `<deployment>-<hash>`.
      if (!w && current.kind === "ReplicaSet") {
        const m = /^(.+)-[a-z0-9]{5,10}$/.exec(current.name);
        if (m?.[1] && byKey.has(`${namespace}/Deployment/${m[1]}`))
          current = { kind: "Deployment", name: m[1] };
      }
      break;
    }
    return current;
  };

  const pods: Pod[] = rawPods.map((raw) => {
    const { owner, ...rest } = raw;
    const top = owner ? topOf(raw.namespace, owner) : { kind: "Pod" as const, name: raw.name };
    return {
      ...rest,
      workload: top.kind === "Pod" ? { kind: "Pod", name: raw.name } : top,
      representative: false,
    };
  });

  const covered = new Set(pods.map((p) => `${p.namespace}/${p.workload.kind}/${p.workload.name}`));
  for (const w of workloads) {
    const top = w.owner ? topOf(w.namespace, w.owner) : undefined;
    // Owned by another workload of the input: that one stands for it.
    if (top && top.kind !== "Pod" && byKey.has(`${w.namespace}/${top.kind}/${top.name}`)) continue;
    if (covered.has(`${w.namespace}/${w.kind}/${w.name}`)) continue;
    pods.push({
      ...w.template,
      namespace: w.namespace,
      name: w.name,
      workload: { kind: w.kind, name: w.name },
      podIPs: [],
      representative: true,
    });
  }
  return pods;
}
