import type {
  Container,
  ContainerSecurity,
  PodSecurity,
  PodSpecSummary,
  Workload,
  WorkloadKind,
} from "@/lib/model/types";
import { readProtocol, type Meta } from "@/lib/model/map-common";
import type { FieldReader, JsonObject } from "@/lib/model/read-fields";

// Pods and pod controllers. A pod's top-level workload is resolved later (build-snapshot.ts), once every
// ReplicaSet and Job is known.

function readContainerSecurity(v: unknown, path: string, r: FieldReader): ContainerSecurity {
  const sc = r.object(v, path);
  const caps = r.object(sc?.["capabilities"], `${path}.capabilities`);
  const seccomp = r.object(sc?.["seccompProfile"], `${path}.seccompProfile`);
  const allowPrivilegeEscalation = r.bool(
    sc?.["allowPrivilegeEscalation"],
    `${path}.allowPrivilegeEscalation`,
  );
  const runAsNonRoot = r.bool(sc?.["runAsNonRoot"], `${path}.runAsNonRoot`);
  const runAsUser = r.int(sc?.["runAsUser"], `${path}.runAsUser`);
  const seccompProfile = r.string(seccomp?.["type"], `${path}.seccompProfile.type`);
  return {
    privileged: r.bool(sc?.["privileged"], `${path}.privileged`) ?? false,
    readOnlyRootFilesystem: r.bool(sc?.["readOnlyRootFilesystem"], `${path}.readOnlyRootFilesystem`) ?? false,
    capabilitiesAdd: r.strings(caps?.["add"], `${path}.capabilities.add`),
    capabilitiesDrop: r.strings(caps?.["drop"], `${path}.capabilities.drop`),
    ...(allowPrivilegeEscalation !== undefined ? { allowPrivilegeEscalation } : {}),
    ...(runAsNonRoot !== undefined ? { runAsNonRoot } : {}),
    ...(runAsUser !== undefined ? { runAsUser } : {}),
    ...(seccompProfile !== undefined ? { seccompProfile } : {}),
  };
}

function readContainers(v: unknown, path: string, r: FieldReader): Container[] {
  return (r.list(v, path) ?? []).flatMap((c, i) => {
    const p = `${path}[${i}]`;
    const obj = r.object(c, p);
    if (!obj) return [];
    const ports = (r.list(obj["ports"], `${p}.ports`) ?? []).flatMap((port, j) => {
      const pp = `${p}.ports[${j}]`;
      const po = r.object(port, pp);
      const containerPort = r.int(po?.["containerPort"], `${pp}.containerPort`);
      if (containerPort === undefined) return [];
      const name = r.string(po?.["name"], `${pp}.name`);
      return [
        {
          containerPort,
          protocol: readProtocol(po?.["protocol"], `${pp}.protocol`, r),
          ...(name ? { name } : {}),
        },
      ];
    });
    const envSecretRefs = new Set<string>();
    (r.list(obj["env"], `${p}.env`) ?? []).forEach((e, j) => {
      const valueFrom = r.object(r.object(e, `${p}.env[${j}]`)?.["valueFrom"], `${p}.env[${j}].valueFrom`);
      const ref = r.object(valueFrom?.["secretKeyRef"], `${p}.env[${j}].valueFrom.secretKeyRef`);
      const name = r.string(ref?.["name"], `${p}.env[${j}].valueFrom.secretKeyRef.name`);
      if (name) envSecretRefs.add(name);
    });
    (r.list(obj["envFrom"], `${p}.envFrom`) ?? []).forEach((e, j) => {
      const ref = r.object(r.object(e, `${p}.envFrom[${j}]`)?.["secretRef"], `${p}.envFrom[${j}].secretRef`);
      const name = r.string(ref?.["name"], `${p}.envFrom[${j}].secretRef.name`);
      if (name) envSecretRefs.add(name);
    });
    return [
      {
        name: r.string(obj["name"], `${p}.name`) ?? `container-${i}`,
        image: r.string(obj["image"], `${p}.image`) ?? "",
        command: r.strings(obj["command"], `${p}.command`),
        args: r.strings(obj["args"], `${p}.args`),
        ports,
        envSecretRefs: [...envSecretRefs],
        security: readContainerSecurity(obj["securityContext"], `${p}.securityContext`, r),
      },
    ];
  });
}

/** A PodSpec with the labels of its pod (or template). `path` points at the spec. */
export function readPodSpec(
  spec: JsonObject | undefined,
  labels: Record<string, string>,
  path: string,
  r: FieldReader,
): PodSpecSummary {
  const sc = r.object(spec?.["securityContext"], `${path}.securityContext`);
  const seccomp = r.object(sc?.["seccompProfile"], `${path}.securityContext.seccompProfile`);
  const security: PodSecurity = {};
  const runAsNonRoot = r.bool(sc?.["runAsNonRoot"], `${path}.securityContext.runAsNonRoot`);
  const runAsUser = r.int(sc?.["runAsUser"], `${path}.securityContext.runAsUser`);
  const seccompProfile = r.string(seccomp?.["type"], `${path}.securityContext.seccompProfile.type`);
  if (runAsNonRoot !== undefined) security.runAsNonRoot = runAsNonRoot;
  if (runAsUser !== undefined) security.runAsUser = runAsUser;
  if (seccompProfile !== undefined) security.seccompProfile = seccompProfile;
  const volumeSecretRefs = (r.list(spec?.["volumes"], `${path}.volumes`) ?? []).flatMap((v, i) => {
    const secret = r.object(r.object(v, `${path}.volumes[${i}]`)?.["secret"], `${path}.volumes[${i}].secret`);
    const name = r.string(secret?.["secretName"], `${path}.volumes[${i}].secret.secretName`);
    return name ? [name] : [];
  });
  const automount = r.bool(spec?.["automountServiceAccountToken"], `${path}.automountServiceAccountToken`);
  return {
    labels,
    // serviceAccount is the deprecated alias the API server still fills in.
    serviceAccountName:
      r.string(spec?.["serviceAccountName"], `${path}.serviceAccountName`) ??
      r.string(spec?.["serviceAccount"], `${path}.serviceAccount`) ??
      "default",
    hostNetwork: r.bool(spec?.["hostNetwork"], `${path}.hostNetwork`) ?? false,
    containers: readContainers(spec?.["containers"], `${path}.containers`, r),
    initContainers: [
      ...readContainers(spec?.["initContainers"], `${path}.initContainers`, r),
      ...readContainers(spec?.["ephemeralContainers"], `${path}.ephemeralContainers`, r),
    ],
    security,
    volumeSecretRefs,
    ...(automount !== undefined ? { automountServiceAccountToken: automount } : {}),
  };
}

/** A pod as read, before its workload is resolved. */
export interface RawPod extends PodSpecSummary {
  namespace: string;
  name: string;
  owner?: { kind: string; name: string };
  nodeName?: string;
  podIPs: string[];
  hostIP?: string;
  phase?: string;
}

export function readPod(obj: JsonObject, meta: Meta, namespace: string, r: FieldReader): RawPod {
  const spec = r.object(obj["spec"], "spec");
  const status = r.object(obj["status"], "status");
  const podIPs = (r.list(status?.["podIPs"], "status.podIPs") ?? []).flatMap((p, i) => {
    const ip = r.string(r.object(p, `status.podIPs[${i}]`)?.["ip"], `status.podIPs[${i}].ip`);
    return ip ? [ip] : [];
  });
  const podIP = r.string(status?.["podIP"], "status.podIP");
  if (podIP && !podIPs.includes(podIP)) podIPs.unshift(podIP);
  const controller = meta.ownerReferences.find((o) => o.controller) ?? meta.ownerReferences[0];
  const nodeName = r.string(spec?.["nodeName"], "spec.nodeName");
  const hostIP = r.string(status?.["hostIP"], "status.hostIP");
  const phase = r.string(status?.["phase"], "status.phase");
  return {
    ...readPodSpec(spec, meta.labels, "spec", r),
    namespace,
    name: meta.name,
    podIPs,
    ...(controller ? { owner: { kind: controller.kind, name: controller.name } } : {}),
    ...(nodeName ? { nodeName } : {}),
    ...(hostIP ? { hostIP } : {}),
    ...(phase ? { phase } : {}),
  };
}

const WORKLOAD_KINDS: readonly WorkloadKind[] = [
  "Deployment",
  "StatefulSet",
  "DaemonSet",
  "ReplicaSet",
  "Job",
  "CronJob",
];

export function isWorkloadKind(kind: string): kind is WorkloadKind {
  return (WORKLOAD_KINDS as readonly string[]).includes(kind);
}

export function readWorkload(
  kind: WorkloadKind,
  obj: JsonObject,
  meta: Meta,
  namespace: string,
  r: FieldReader,
): Workload {
  const spec = r.object(obj["spec"], "spec");
  // A CronJob's pods come from spec.jobTemplate.spec.template.
  const templatePath = kind === "CronJob" ? "spec.jobTemplate.spec.template" : "spec.template";
  const jobSpec =
    kind === "CronJob"
      ? r.object(r.object(spec?.["jobTemplate"], "spec.jobTemplate")?.["spec"], "spec.jobTemplate.spec")
      : spec;
  const template = r.object(jobSpec?.["template"], templatePath);
  if (!template) r.warn(templatePath, "is missing: the workload has no pod template");
  const templateMeta = r.object(template?.["metadata"], `${templatePath}.metadata`);
  const templateLabels = r.stringMap(templateMeta?.["labels"], `${templatePath}.metadata.labels`);
  const controller = meta.ownerReferences.find((o) => o.controller);
  const replicas = r.int(spec?.["replicas"], "spec.replicas");
  return {
    kind,
    namespace,
    name: meta.name,
    labels: meta.labels,
    template: readPodSpec(
      r.object(template?.["spec"], `${templatePath}.spec`),
      templateLabels,
      `${templatePath}.spec`,
      r,
    ),
    ...(controller && isWorkloadKind(controller.kind)
      ? { owner: { kind: controller.kind, name: controller.name } }
      : {}),
    ...(replicas !== undefined ? { replicas } : {}),
  };
}
