import type {
  Container,
  ContainerPort,
  ContainerSecurity,
  PodSecurity,
  PodSpecSummary,
  ProbeHost,
  SecretEnvRef,
  SeLinuxOptions,
  Volume,
  Workload,
  WorkloadKind,
} from "@/lib/model/types";
import { readProtocol, type Meta } from "@/lib/model/map-common";
import type { FieldReader, JsonObject } from "@/lib/model/read-fields";

// Pods and pod controllers. A pod's top-level workload is resolved later (build-snapshot.ts), once every
// ReplicaSet and Job is known.

function readSeLinux(v: unknown, path: string, r: FieldReader): SeLinuxOptions | undefined {
  const o = r.object(v, path);
  if (!o) return undefined;
  return {
    type: r.string(o["type"], `${path}.type`) ?? "",
    user: r.string(o["user"], `${path}.user`) ?? "",
    role: r.string(o["role"], `${path}.role`) ?? "",
  };
}

/** The security fields a pod and a container share (securityContext). */
function readCommonSecurity(sc: JsonObject | undefined, path: string, r: FieldReader) {
  const seccomp = r.object(sc?.["seccompProfile"], `${path}.seccompProfile`);
  const apparmor = r.object(sc?.["appArmorProfile"], `${path}.appArmorProfile`);
  const windows = r.object(sc?.["windowsOptions"], `${path}.windowsOptions`);
  const fields = {
    runAsNonRoot: r.bool(sc?.["runAsNonRoot"], `${path}.runAsNonRoot`),
    runAsUser: r.int(sc?.["runAsUser"], `${path}.runAsUser`),
    seccompProfile: r.string(seccomp?.["type"], `${path}.seccompProfile.type`),
    appArmorProfile: r.string(apparmor?.["type"], `${path}.appArmorProfile.type`),
    seLinuxOptions: readSeLinux(sc?.["seLinuxOptions"], `${path}.seLinuxOptions`, r),
    windowsHostProcess: r.bool(windows?.["hostProcess"], `${path}.windowsOptions.hostProcess`),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<
    typeof fields
  >;
}

function readContainerSecurity(v: unknown, path: string, r: FieldReader): ContainerSecurity {
  const sc = r.object(v, path);
  const caps = r.object(sc?.["capabilities"], `${path}.capabilities`);
  const allowPrivilegeEscalation = r.bool(
    sc?.["allowPrivilegeEscalation"],
    `${path}.allowPrivilegeEscalation`,
  );
  const procMount = r.string(sc?.["procMount"], `${path}.procMount`);
  return {
    privileged: r.bool(sc?.["privileged"], `${path}.privileged`) ?? false,
    readOnlyRootFilesystem: r.bool(sc?.["readOnlyRootFilesystem"], `${path}.readOnlyRootFilesystem`) ?? false,
    capabilitiesAdd: r.strings(caps?.["add"], `${path}.capabilities.add`),
    capabilitiesDrop: r.strings(caps?.["drop"], `${path}.capabilities.drop`),
    ...readCommonSecurity(sc, path, r),
    ...(allowPrivilegeEscalation !== undefined ? { allowPrivilegeEscalation } : {}),
    ...(procMount !== undefined ? { procMount } : {}),
  };
}

const PROBES = ["livenessProbe", "readinessProbe", "startupProbe"] as const;
const HANDLERS = ["postStart", "preStop"] as const;

/** Hosts named by probes and lifecycle handlers (Pod Security `hostProbesAndHostLifecycle`). */
function readProbeHosts(obj: JsonObject, p: string, r: FieldReader): ProbeHost[] {
  const out: ProbeHost[] = [];
  const handler = (v: unknown, field: string) => {
    const h = r.object(v, `${p}.${field}`);
    for (const action of ["httpGet", "tcpSocket"]) {
      const a = r.object(h?.[action], `${p}.${field}.${action}`);
      const host = r.string(a?.["host"], `${p}.${field}.${action}.host`);
      if (host) out.push({ field: `${field}.${action}.host`, host });
    }
  };
  for (const probe of PROBES) handler(obj[probe], probe);
  const lifecycle = r.object(obj["lifecycle"], `${p}.lifecycle`);
  for (const h of HANDLERS) handler(lifecycle?.[h], `lifecycle.${h}`);
  return out;
}

function readPorts(obj: JsonObject, p: string, r: FieldReader): ContainerPort[] {
  return (r.list(obj["ports"], `${p}.ports`) ?? []).flatMap((port, j) => {
    const pp = `${p}.ports[${j}]`;
    const po = r.object(port, pp);
    const containerPort = r.int(po?.["containerPort"], `${pp}.containerPort`);
    if (containerPort === undefined) return [];
    const name = r.string(po?.["name"], `${pp}.name`);
    const hostPort = r.int(po?.["hostPort"], `${pp}.hostPort`);
    return [
      {
        containerPort,
        protocol: readProtocol(po?.["protocol"], `${pp}.protocol`, r),
        ...(name ? { name } : {}),
        ...(hostPort ? { hostPort } : {}),
      },
    ];
  });
}

function readSecretEnv(obj: JsonObject, p: string, r: FieldReader): SecretEnvRef[] {
  const out: SecretEnvRef[] = [];
  (r.list(obj["env"], `${p}.env`) ?? []).forEach((e, j) => {
    const env = r.object(e, `${p}.env[${j}]`);
    const valueFrom = r.object(env?.["valueFrom"], `${p}.env[${j}].valueFrom`);
    const ref = r.object(valueFrom?.["secretKeyRef"], `${p}.env[${j}].valueFrom.secretKeyRef`);
    const name = r.string(ref?.["name"], `${p}.env[${j}].valueFrom.secretKeyRef.name`);
    const variable = r.string(env?.["name"], `${p}.env[${j}].name`);
    if (name)
      out.push({
        secretName: name,
        field: `env[${j}].valueFrom.secretKeyRef`,
        ...(variable ? { variable } : {}),
      });
  });
  (r.list(obj["envFrom"], `${p}.envFrom`) ?? []).forEach((e, j) => {
    const ref = r.object(r.object(e, `${p}.envFrom[${j}]`)?.["secretRef"], `${p}.envFrom[${j}].secretRef`);
    const name = r.string(ref?.["name"], `${p}.envFrom[${j}].secretRef.name`);
    if (name) out.push({ secretName: name, field: `envFrom[${j}].secretRef` });
  });
  return out;
}

function readContainers(
  v: unknown,
  list: "containers" | "initContainers" | "ephemeralContainers",
  specPath: string,
  r: FieldReader,
): Container[] {
  const path = `${specPath}.${list}`;
  return (r.list(v, path) ?? []).flatMap((c, i) => {
    const p = `${path}[${i}]`;
    const obj = r.object(c, p);
    if (!obj) return [];
    const secretEnv = readSecretEnv(obj, p, r);
    const volumeMounts = (r.list(obj["volumeMounts"], `${p}.volumeMounts`) ?? []).flatMap((m, j) => {
      const mo = r.object(m, `${p}.volumeMounts[${j}]`);
      const name = r.string(mo?.["name"], `${p}.volumeMounts[${j}].name`);
      if (!name) return [];
      return [
        {
          name,
          mountPath: r.string(mo?.["mountPath"], `${p}.volumeMounts[${j}].mountPath`) ?? "",
          readOnly: r.bool(mo?.["readOnly"], `${p}.volumeMounts[${j}].readOnly`) ?? false,
        },
      ];
    });
    const resources = r.object(obj["resources"], `${p}.resources`);
    return [
      {
        name: r.string(obj["name"], `${p}.name`) ?? `container-${i}`,
        field: `${list}[${i}]`,
        image: r.string(obj["image"], `${p}.image`) ?? "",
        command: r.strings(obj["command"], `${p}.command`),
        args: r.strings(obj["args"], `${p}.args`),
        ports: readPorts(obj, p, r),
        envSecretRefs: [...new Set(secretEnv.map((e) => e.secretName))],
        secretEnv,
        volumeMounts,
        probeHosts: readProbeHosts(obj, p, r),
        resourceLimits: Object.keys(r.object(resources?.["limits"], `${p}.resources.limits`) ?? {}),
        security: readContainerSecurity(obj["securityContext"], `${p}.securityContext`, r),
      },
    ];
  });
}

/** Every volume source of core/v1 VolumeSource, by its JSON name. */
const VOLUME_SOURCES = new Set([
  "hostPath",
  "emptyDir",
  "gcePersistentDisk",
  "awsElasticBlockStore",
  "gitRepo",
  "secret",
  "nfs",
  "iscsi",
  "glusterfs",
  "persistentVolumeClaim",
  "rbd",
  "flexVolume",
  "cinder",
  "cephfs",
  "flocker",
  "downwardAPI",
  "fc",
  "azureFile",
  "configMap",
  "vsphereVolume",
  "quobyte",
  "azureDisk",
  "photonPersistentDisk",
  "projected",
  "portworxVolume",
  "scaleIO",
  "storageos",
  "csi",
  "ephemeral",
  "image",
]);

function readVolumes(v: unknown, path: string, r: FieldReader): Volume[] {
  return (r.list(v, path) ?? []).flatMap((item, i) => {
    const vo = r.object(item, `${path}[${i}]`);
    const name = r.string(vo?.["name"], `${path}[${i}].name`);
    if (!vo || !name) return [];
    // The API drops fields it does not know and defaults a volume without a source to emptyDir.
    const source =
      Object.keys(vo).find((k) => VOLUME_SOURCES.has(k) && vo[k] !== null && vo[k] !== undefined) ??
      "emptyDir";
    if (source !== "hostPath") return [{ name, source }];
    const hp = r.object(vo["hostPath"], `${path}[${i}].hostPath`);
    const type = r.string(hp?.["type"], `${path}[${i}].hostPath.type`);
    const hostPath = {
      path: r.string(hp?.["path"], `${path}[${i}].hostPath.path`) ?? "",
      ...(type ? { type } : {}),
    };
    return [{ name, source, hostPath }];
  });
}

/** A PodSpec with the labels and annotations of its pod (or template). `path` points at the spec. */
function readPodSpec(
  spec: JsonObject | undefined,
  labels: Record<string, string>,
  path: string,
  r: FieldReader,
  annotations: Record<string, string> = {},
): PodSpecSummary {
  const sc = r.object(spec?.["securityContext"], `${path}.securityContext`);
  const sysctls = (r.list(sc?.["sysctls"], `${path}.securityContext.sysctls`) ?? []).flatMap((s, i) => {
    const name = r.string(
      r.object(s, `${path}.securityContext.sysctls[${i}]`)?.["name"],
      `${path}.securityContext.sysctls[${i}].name`,
    );
    return name !== undefined ? [name] : [];
  });
  const security: PodSecurity = { ...readCommonSecurity(sc, `${path}.securityContext`, r), sysctls };
  const shareProcessNamespace =
    r.bool(spec?.["shareProcessNamespace"], `${path}.shareProcessNamespace`) ?? false;
  const volumes = readVolumes(spec?.["volumes"], `${path}.volumes`, r);
  const volumeSecretRefs = (r.list(spec?.["volumes"], `${path}.volumes`) ?? []).flatMap((v, i) => {
    const secret = r.object(r.object(v, `${path}.volumes[${i}]`)?.["secret"], `${path}.volumes[${i}].secret`);
    const name = r.string(secret?.["secretName"], `${path}.volumes[${i}].secret.secretName`);
    return name ? [name] : [];
  });
  const automount = r.bool(spec?.["automountServiceAccountToken"], `${path}.automountServiceAccountToken`);
  const hostUsers = r.bool(spec?.["hostUsers"], `${path}.hostUsers`);
  const os = r.string(r.object(spec?.["os"], `${path}.os`)?.["name"], `${path}.os.name`);
  return {
    labels,
    annotations,
    // serviceAccount is the deprecated alias the API server still fills in.
    serviceAccountName:
      r.string(spec?.["serviceAccountName"], `${path}.serviceAccountName`) ??
      r.string(spec?.["serviceAccount"], `${path}.serviceAccount`) ??
      "default",
    hostNetwork: r.bool(spec?.["hostNetwork"], `${path}.hostNetwork`) ?? false,
    hostPID: r.bool(spec?.["hostPID"], `${path}.hostPID`) ?? false,
    hostIPC: r.bool(spec?.["hostIPC"], `${path}.hostIPC`) ?? false,
    containers: readContainers(spec?.["containers"], "containers", path, r),
    initContainers: [
      ...readContainers(spec?.["initContainers"], "initContainers", path, r),
      ...readContainers(spec?.["ephemeralContainers"], "ephemeralContainers", path, r),
    ],
    security,
    volumes,
    volumeSecretRefs,
    ...(automount !== undefined ? { automountServiceAccountToken: automount } : {}),
    ...(hostUsers !== undefined ? { hostUsers } : {}),
    ...(shareProcessNamespace ? { shareProcessNamespace } : {}),
    ...(os !== undefined ? { os } : {}),
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
    ...readPodSpec(spec, meta.labels, "spec", r, meta.annotations),
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
  const templateAnnotations = r.stringMap(
    templateMeta?.["annotations"],
    `${templatePath}.metadata.annotations`,
  );
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
      templateAnnotations,
    ),
    ...(controller && isWorkloadKind(controller.kind)
      ? { owner: { kind: controller.kind, name: controller.name } }
      : {}),
    ...(replicas !== undefined ? { replicas } : {}),
  };
}
