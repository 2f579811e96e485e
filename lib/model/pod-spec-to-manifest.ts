import type { Container, ContainerSecurity, PodSecurity, PodSpecSummary, Volume } from "@/lib/model/types";

// A pod spec of the model written back as a Kubernetes PodSpec (for snapshot-to-manifests.ts): every field the
// model holds, so a saved view reads back to the same Pod Security verdicts. Secret values are never in it.

type Raw = Record<string, unknown>;

const defined = (o: Raw): Raw => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

function commonSecurity(sc: ContainerSecurity | PodSecurity): Raw {
  return defined({
    runAsNonRoot: sc.runAsNonRoot,
    runAsUser: sc.runAsUser,
    seccompProfile:
      sc.seccompProfile !== undefined
        ? {
            type: sc.seccompProfile,
            // The API requires a profile name with Localhost; the model keeps only the type.
            ...(sc.seccompProfile === "Localhost" ? { localhostProfile: "profile.json" } : {}),
          }
        : undefined,
    appArmorProfile:
      sc.appArmorProfile !== undefined
        ? {
            type: sc.appArmorProfile,
            ...(sc.appArmorProfile === "Localhost" ? { localhostProfile: "profile" } : {}),
          }
        : undefined,
    seLinuxOptions: sc.seLinuxOptions
      ? defined({
          type: sc.seLinuxOptions.type || undefined,
          user: sc.seLinuxOptions.user || undefined,
          role: sc.seLinuxOptions.role || undefined,
        })
      : undefined,
    windowsOptions: sc.windowsHostProcess !== undefined ? { hostProcess: sc.windowsHostProcess } : undefined,
  });
}

function probeHandlers(c: Container): Raw {
  const out: Record<string, Raw> = {};
  for (const { field, host } of c.probeHosts) {
    // field: livenessProbe.httpGet.host or lifecycle.preStop.tcpSocket.host
    const parts = field.split(".");
    const action = parts[parts.length - 2] as string;
    const owner = parts.slice(0, -2);
    const handler = { [action]: { host, port: 80 } };
    if (owner[0] === "lifecycle" && owner[1]) {
      out["lifecycle"] = { ...(out["lifecycle"] ?? {}), [owner[1]]: handler };
    } else if (owner[0]) {
      out[owner[0]] = handler;
    }
  }
  return out;
}

function containerToManifest(c: Container): Raw {
  const sc = c.security;
  const env = c.secretEnv
    .filter((e) => e.field.startsWith("env["))
    .map((e, i) => ({
      name: e.variable ?? `SECRET_${i}`,
      valueFrom: { secretKeyRef: { name: e.secretName, key: "value" } },
    }));
  const envFrom = c.secretEnv
    .filter((e) => e.field.startsWith("envFrom["))
    .map((e) => ({ secretRef: { name: e.secretName } }));
  return {
    name: c.name,
    image: c.image,
    ...(c.command.length > 0 ? { command: c.command } : {}),
    ...(c.args.length > 0 ? { args: c.args } : {}),
    ...(c.ports.length > 0
      ? {
          ports: c.ports.map((p) => ({
            ...(p.name ? { name: p.name } : {}),
            containerPort: p.containerPort,
            protocol: p.protocol,
            ...(p.hostPort ? { hostPort: p.hostPort } : {}),
          })),
        }
      : {}),
    ...(env.length > 0 ? { env } : {}),
    ...(envFrom.length > 0 ? { envFrom } : {}),
    ...(c.volumeMounts.length > 0 ? { volumeMounts: c.volumeMounts.map((m) => ({ ...m })) } : {}),
    ...(c.resourceLimits.length > 0
      ? { resources: { limits: Object.fromEntries(c.resourceLimits.map((r) => [r, "1"])) } }
      : {}),
    ...probeHandlers(c),
    securityContext: {
      privileged: sc.privileged,
      readOnlyRootFilesystem: sc.readOnlyRootFilesystem,
      capabilities: { add: sc.capabilitiesAdd, drop: sc.capabilitiesDrop },
      ...defined({ allowPrivilegeEscalation: sc.allowPrivilegeEscalation, procMount: sc.procMount }),
      ...commonSecurity(sc),
    },
  };
}

function volumeToManifest(v: Volume): Raw {
  if (v.source === "hostPath" && v.hostPath) return { name: v.name, hostPath: { ...v.hostPath } };
  return { name: v.name, [v.source]: {} };
}

export function podSpecToManifest(p: PodSpecSummary): Raw {
  const inList = (list: string) => p.initContainers.filter((c) => c.field.startsWith(`${list}[`));
  const init = inList("initContainers");
  const ephemeral = inList("ephemeralContainers");
  // Secret volumes that the model keeps by name only (volumeSecretRefs) and not among the volumes.
  const secretVolumes = p.volumeSecretRefs.map((s, i) => ({
    name: `secret-${i}`,
    secret: { secretName: s },
  }));
  const volumes = [...p.volumes.filter((v) => v.source !== "secret").map(volumeToManifest), ...secretVolumes];
  return {
    serviceAccountName: p.serviceAccountName,
    ...(p.automountServiceAccountToken !== undefined
      ? { automountServiceAccountToken: p.automountServiceAccountToken }
      : {}),
    ...(p.hostNetwork ? { hostNetwork: true } : {}),
    ...(p.hostPID ? { hostPID: true } : {}),
    ...(p.hostIPC ? { hostIPC: true } : {}),
    ...(p.hostUsers !== undefined ? { hostUsers: p.hostUsers } : {}),
    ...(p.os !== undefined ? { os: { name: p.os } } : {}),
    containers: p.containers.map(containerToManifest),
    ...(init.length > 0 ? { initContainers: init.map(containerToManifest) } : {}),
    ...(ephemeral.length > 0
      ? {
          ephemeralContainers: ephemeral.map((c) => ({
            ...containerToManifest(c),
            targetContainerName: undefined,
          })),
        }
      : {}),
    ...(volumes.length > 0 ? { volumes } : {}),
    securityContext: {
      ...commonSecurity(p.security),
      ...(p.security.sysctls.length > 0
        ? { sysctls: p.security.sysctls.map((name) => ({ name, value: "1" })) }
        : {}),
    },
  };
}
