import fc from "fast-check";
import { buildSnapshot } from "@/lib/model/build-snapshot";
import type { Snapshot } from "@/lib/model/types";

// Random small clusters for the attack-path property test: two namespaces, two nodes, pods that may be
// privileged, exposed or scheduled, share the host's process namespace (or their own, with a sidecar), add
// capabilities, mount a host path (read-only or not) and run without AppArmor, and ClusterRoles drawn from rules
// that open attack edges (with and without resourceNames), bound cluster-wide or in a namespace to service
// accounts, users and groups.

export const NAMESPACES = ["a", "b"];
export const NODES = ["n1", "n2"];
export const ACCOUNTS = ["default", "robot"];
export const USERS = ["alice", "bob"];

const RULES = [
  { apiGroups: [""], resources: ["pods"], verbs: ["create"] },
  { apiGroups: [""], resources: ["pods/exec"], verbs: ["create"] },
  { apiGroups: [""], resources: ["pods/exec"], verbs: ["create"], resourceNames: ["p0"] },
  { apiGroups: [""], resources: ["pods"], verbs: ["patch"], resourceNames: ["p1"] },
  { apiGroups: [""], resources: ["secrets"], verbs: ["list"] },
  { apiGroups: [""], resources: ["serviceaccounts/token"], verbs: ["create"], resourceNames: ["robot"] },
  { apiGroups: ["*"], resources: ["*"], verbs: ["*"] },
  {
    apiGroups: [""],
    resources: ["users"],
    verbs: ["impersonate"],
    resourceNames: ["alice", "system:serviceaccount:b:robot"],
  },
  { apiGroups: [""], resources: ["nodes/proxy"], verbs: ["get"], resourceNames: ["n1"] },
  { apiGroups: ["apps"], resources: ["deployments"], verbs: ["create"] },
  { apiGroups: [""], resources: ["pods/log"], verbs: ["get"] },
];

/** Capabilities a container may add: the escapes' (SYS_ADMIN, SYS_PTRACE, SYS_MODULE, in both spellings, ALL) and one that is none. */
const CAPABILITIES = [
  "SYS_ADMIN",
  "SYS_PTRACE",
  "SYS_MODULE",
  "CAP_SYS_MODULE",
  "CAP_SYS_ADMIN",
  "ALL",
  "NET_ADMIN",
];

/** Host paths a pod may mount: sensitive ones, their parents, paths below them, /var/log, sockets, harmless ones. */
export const HOST_PATHS = [
  "/",
  "/var",
  "/etc",
  "/etc/kubernetes",
  "/var/lib/kubelet",
  "/var/lib/kubelet/pods",
  "/var/lib/kubelet/pods/x",
  "/var/log",
  "/var/log/pods",
  "/var/run/docker.sock",
  "/run/containerd/containerd.sock",
  "/home/user",
  "/data",
  "/opt/",
];

const subjectArb = fc.oneof(
  fc.record({
    kind: fc.constant("ServiceAccount"),
    name: fc.constantFrom(...ACCOUNTS),
    namespace: fc.constantFrom(...NAMESPACES),
  }),
  fc.record({ kind: fc.constant("User"), name: fc.constantFrom(...USERS) }),
  fc.record({
    kind: fc.constant("Group"),
    name: fc.constantFrom("system:serviceaccounts:a", "system:authenticated", "system:nodes"),
  }),
);

const podArb = fc.record({
  namespace: fc.constantFrom(...NAMESPACES),
  sa: fc.constantFrom(...ACCOUNTS),
  privileged: fc.boolean(),
  automount: fc.constantFrom(true, false, undefined),
  nodeName: fc.constantFrom("n1", "n2", undefined),
  exposed: fc.boolean(),
  hostPID: fc.boolean(),
  /** A second container "s" (plain: no ports, no privileges), and whether the pod shares its process namespace. */
  sidecar: fc.boolean(),
  shareProcessNamespace: fc.boolean(),
  caps: fc.subarray(CAPABILITIES, { maxLength: 2 }),
  mount: fc.option(fc.record({ path: fc.constantFrom(...HOST_PATHS), readOnly: fc.boolean() }), {
    nil: undefined,
  }),
  /** How the container runs without AppArmor, if it does. */
  unconfined: fc.constantFrom(undefined, "annotation", "profile"),
});

export const clusterArb = fc.record({
  enforce: fc.constantFrom(undefined, "baseline", "privileged"),
  saAutomount: fc.constantFrom(true, false, undefined),
  denyIngress: fc.boolean(),
  pods: fc.array(podArb, { maxLength: 5 }),
  roles: fc.array(fc.subarray(RULES, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 3 }),
  bindings: fc.array(
    fc.record({
      role: fc.nat(2),
      namespace: fc.constantFrom(undefined, ...NAMESPACES),
      subjects: fc.array(subjectArb, { minLength: 1, maxLength: 2 }),
    }),
    { maxLength: 5 },
  ),
});

export type Cluster = typeof clusterArb extends fc.Arbitrary<infer T> ? T : never;

export function toSnapshot(c: Cluster): Snapshot {
  const objects: unknown[] = [
    ...NAMESPACES.map((name, i) => ({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: {
        name,
        labels: i === 0 && c.enforce ? { "pod-security.kubernetes.io/enforce": c.enforce } : {},
      },
    })),
    ...NODES.map((name) => ({ apiVersion: "v1", kind: "Node", metadata: { name } })),
    ...NAMESPACES.flatMap((namespace) =>
      ACCOUNTS.map((name) => ({
        apiVersion: "v1",
        kind: "ServiceAccount",
        metadata: { namespace, name },
        ...(name === "robot" && c.saAutomount !== undefined
          ? { automountServiceAccountToken: c.saAutomount }
          : {}),
      })),
    ),
    ...c.pods.flatMap((p, i) => [
      {
        apiVersion: "v1",
        kind: "Pod",
        metadata: {
          namespace: p.namespace,
          name: `p${i}`,
          labels: { app: `p${i}` },
          ...(p.unconfined === "annotation"
            ? { annotations: { "container.apparmor.security.beta.kubernetes.io/c": "unconfined" } }
            : {}),
        },
        spec: {
          serviceAccountName: p.sa,
          ...(p.automount !== undefined ? { automountServiceAccountToken: p.automount } : {}),
          ...(p.nodeName ? { nodeName: p.nodeName } : {}),
          ...(p.hostPID ? { hostPID: true } : {}),
          ...(p.shareProcessNamespace ? { shareProcessNamespace: true } : {}),
          ...(p.mount ? { volumes: [{ name: "host", hostPath: { path: p.mount.path } }] } : {}),
          containers: [
            {
              name: "c",
              image: "x",
              ports: [{ containerPort: 80 }],
              securityContext: {
                privileged: p.privileged,
                ...(p.caps.length > 0 ? { capabilities: { add: p.caps } } : {}),
                ...(p.unconfined === "profile" ? { appArmorProfile: { type: "Unconfined" } } : {}),
              },
              ...(p.mount
                ? { volumeMounts: [{ name: "host", mountPath: "/host", readOnly: p.mount.readOnly }] }
                : {}),
            },
            ...(p.sidecar ? [{ name: "s", image: "x" }] : []),
          ],
        },
      },
      ...(p.exposed
        ? [
            {
              apiVersion: "v1",
              kind: "Service",
              metadata: { namespace: p.namespace, name: `s${i}` },
              spec: { type: "LoadBalancer", selector: { app: `p${i}` }, ports: [{ port: 80 }] },
            },
          ]
        : []),
    ]),
    ...(c.denyIngress
      ? [
          {
            apiVersion: "networking.k8s.io/v1",
            kind: "NetworkPolicy",
            metadata: { namespace: "b", name: "deny" },
            spec: { podSelector: {}, policyTypes: ["Ingress"] },
          },
        ]
      : []),
    ...c.roles.map((rules, i) => ({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: `r${i}` },
      rules,
    })),
    ...c.bindings.map((b, i) => ({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: b.namespace ? "RoleBinding" : "ClusterRoleBinding",
      metadata: { name: `b${i}`, ...(b.namespace ? { namespace: b.namespace } : {}) },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: `r${b.role}` },
      subjects: b.subjects,
    })),
  ];
  return buildSnapshot(
    objects.map((object) => ({ object, origin: {} })),
    { kind: "manifests", name: "random", takenAt: "1970-01-01T00:00:00.000Z" },
  );
}
