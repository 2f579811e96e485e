import type { Pod } from "@/lib/model/types";
import type { AccessRequest } from "@/lib/rbac/types";
import type { PathContext } from "@/lib/paths/context";
import type { EdgeMessage, GraphBuilder } from "@/lib/paths/graph-builder";
import { adminBinders, holdersOf, namedHolders, type Holder } from "@/lib/paths/rbac-holders";
import { containersHub } from "@/lib/paths/hubs";
import { ALL_NODES, containerRef, refLabel } from "@/lib/paths/refs";
import { ENFORCE_LABEL } from "@/lib/paths/pod-security";
import type { EvidencePart } from "@/lib/paths/lazy-evidence";
import type { AttackRef, Evidence } from "@/lib/paths/types";

// The RBAC edges that act inside one namespace (docs/semantics.md §5): ATTACK-011 create pods or pod controllers,
// ATTACK-012 exec/attach/ephemeral containers, ATTACK-013 update pods or pod controllers, ATTACK-015 impersonate
// service accounts, ATTACK-016 read token Secrets, ATTACK-017 create serviceaccounts/token, ATTACK-024 read
// Secrets, and ATTACK-014 in a namespace (namespace-admin). The namespace-admin target then acts like a holder
// of every namespaced permission there.

const POD_CONTROLLERS: readonly [string, string, Pod["workload"]["kind"] | undefined][] = [
  ["", "pods", "Pod"],
  ["", "replicationcontrollers", undefined],
  ["apps", "deployments", "Deployment"],
  ["apps", "replicasets", "ReplicaSet"],
  ["apps", "statefulsets", "StatefulSet"],
  ["apps", "daemonsets", "DaemonSet"],
  ["batch", "jobs", "Job"],
  ["batch", "cronjobs", "CronJob"],
];

const TOKEN_SECRET_TYPE = "kubernetes.io/service-account-token";

const tokenMessage: EdgeMessage = (from, sa) => `${refLabel(from)} may request a token for ${refLabel(sa)}`;

function containersOf(pod: Pod): string[] {
  return [...pod.containers, ...pod.initContainers].map((c) => c.name);
}

/** `make` of a context and namespace, made once per context and namespace (every holder's edge shares it). */
function oncePerNamespace<T>(make: (ctx: PathContext, ns: string) => T): (ctx: PathContext, ns: string) => T {
  const made = new WeakMap<PathContext, Map<string, T>>();
  return (ctx, ns) => {
    let byNs = made.get(ctx);
    if (!byNs) {
      byNs = new Map();
      made.set(ctx, byNs);
    }
    let value = byNs.get(ns);
    if (value === undefined) {
      value = make(ctx, ns);
      byNs.set(ns, value);
    }
    return value;
  };
}

/** The service accounts of a namespace as graph references. */
const accountsOf = oncePerNamespace((ctx, ns) =>
  (ctx.serviceAccounts.get(ns) ?? []).map((name): AttackRef => ({
    kind: "ServiceAccount",
    namespace: ns,
    name,
  })),
);

export function namespaceAdmin(namespace: string): AttackRef {
  return { kind: "Target", name: "namespace-admin", namespace };
}

/** Service accounts of `ns` with a token Secret in the snapshot, by Secret name. */
function tokenSecrets(ctx: PathContext, ns: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of ctx.snapshot.secrets) {
    if (s.namespace === ns && s.type === TOKEN_SECRET_TYPE && s.serviceAccountName)
      out.set(s.name, s.serviceAccountName);
  }
  return out;
}

/** Namespace -> the evidence of its enforcement. */
const enforcementEvidence = oncePerNamespace(enforcementFact);

function enforcementFact(ctx: PathContext, ns: string): Evidence {
  const e = ctx.enforcement.get(ns);
  return {
    type: "field",
    object: { kind: "Namespace", name: ns },
    field: `metadata.labels["${ENFORCE_LABEL}"]`,
    value:
      e?.label !== undefined
        ? `${e.label} (enforces ${e.level})`
        : "(not set: no Pod Security level enforced)",
  };
}

/** Who an edge's holder is, in its message. */
type Who = (from: AttackRef) => string;

/** The messages of one namespace's create-pods edges for one way of naming their holder, written when read. */
interface CreateMessages {
  toAccount: EdgeMessage;
  privileged: EdgeMessage;
}

function createMessages(ns: string, who: Who): CreateMessages {
  return {
    toAccount: (from, sa) => `${who(from)} may create pods in ${ns} that run as ${refLabel(sa)}`,
    privileged: (from) =>
      `${who(from)} may create a privileged pod in ${ns}, which enforces no Pod Security level that rejects it, on any node`,
  };
}

function createPods(
  ctx: PathContext,
  g: GraphBuilder,
  ns: string,
  from: AttackRef,
  evidence: readonly EvidencePart[],
  messages: CreateMessages,
): void {
  g.edgesTo("ATTACK-011", from, accountsOf(ctx, ns), evidence, messages.toAccount);
  if (ctx.enforcement.get(ns)?.admitsPrivileged ?? true) {
    g.edge("ATTACK-011", from, ALL_NODES, [...evidence, enforcementEvidence(ctx, ns)], messages.privileged);
  }
}

export function addNamespaceEdges(ctx: PathContext, g: GraphBuilder, ns: string): void {
  const sas = accountsOf(ctx, ns);
  const pods = (ctx.podsByNs.get(ns) ?? []).map((i) => ctx.snapshot.pods[i] as Pod);
  const each = (holders: Map<string, Holder>, fn: (h: Holder) => void) => {
    for (const h of holders.values()) fn(h);
  };

  // ATTACK-011: a pod may run as any service account of its namespace and, where admitted, privileged.
  const create = holdersOf(
    ctx,
    POD_CONTROLLERS.map(([apiGroup, resource]) => ({ verb: "create", apiGroup, resource, namespace: ns })),
  );
  const createText = createMessages(ns, refLabel);
  each(create, (h) => createPods(ctx, g, ns, h.ref, h.evidence, createText));

  // ATTACK-012 and ATTACK-013: into the containers of every pod, or of the named pods only.
  const intoPods = (technique: "ATTACK-012" | "ATTACK-013", requests: AccessRequest[], what: string) => {
    const hub = containersHub(ctx, g, ns);
    if (hub) {
      const message: EdgeMessage = (from) => `${refLabel(from)} may ${what} in ${ns}`;
      each(holdersOf(ctx, requests), (h) => g.edge(technique, h.ref, hub, h.evidence, message));
    }
    for (const [name, holders] of namedHolders(ctx, requests)) {
      const named = pods.filter((p) => !p.representative && p.name === name);
      const message: EdgeMessage = (from) => `${refLabel(from)} may ${what} ${ns}/${name}`;
      each(holders, (h) => {
        for (const pod of named) {
          for (const c of containersOf(pod))
            g.edge(technique, h.ref, containerRef(pod, c), h.evidence, message);
        }
      });
    }
  };
  intoPods(
    "ATTACK-012",
    [
      { verb: "create", apiGroup: "", resource: "pods", subresource: "exec", namespace: ns },
      { verb: "create", apiGroup: "", resource: "pods", subresource: "attach", namespace: ns },
      { verb: "update", apiGroup: "", resource: "pods", subresource: "ephemeralcontainers", namespace: ns },
      { verb: "patch", apiGroup: "", resource: "pods", subresource: "ephemeralcontainers", namespace: ns },
    ],
    "exec, attach or add an ephemeral container into pods",
  );
  intoPods(
    "ATTACK-013",
    ["update", "patch"].map((verb) => ({ verb, apiGroup: "", resource: "pods", namespace: ns })),
    "update pods (their images)",
  );
  // ATTACK-013 through pod controllers whose template is mutable (a Job's template is immutable).
  for (const [apiGroup, resource, kind] of POD_CONTROLLERS) {
    if (kind === undefined || kind === "Pod" || kind === "Job") continue;
    const requests = ["update", "patch"].map((verb) => ({ verb, apiGroup, resource, namespace: ns }));
    const controlled = pods.filter((p) => p.workload.kind === kind);
    if (controlled.length === 0) continue;
    const reach = (h: Holder, list: Pod[]) => {
      for (const pod of list) {
        const message: EdgeMessage = (from) =>
          `${refLabel(from)} may change the pod template of ${kind} ${ns}/${pod.workload.name}`;
        for (const c of containersOf(pod))
          g.edge("ATTACK-013", h.ref, containerRef(pod, c), h.evidence, message);
      }
    };
    const hub = containersHub(ctx, g, ns, kind);
    if (hub) {
      const message: EdgeMessage = (from) =>
        `${refLabel(from)} may change the pod template of every ${kind} of ${ns}`;
      each(holdersOf(ctx, requests), (h) => g.edge("ATTACK-013", h.ref, hub, h.evidence, message));
    }
    for (const [name, holders] of namedHolders(ctx, requests)) {
      each(holders, (h) =>
        reach(
          h,
          controlled.filter((p) => p.workload.name === name),
        ),
      );
    }
  }

  // ATTACK-015: impersonating service accounts is authorized in their namespace.
  const impersonate: AccessRequest = {
    verb: "impersonate",
    apiGroup: "",
    resource: "serviceaccounts",
    namespace: ns,
  };
  const anySa: AttackRef = { kind: "ServiceAccount", namespace: ns, name: "*" };
  const impersonateAll: EdgeMessage = (from) =>
    `${refLabel(from)} may impersonate every service account of ${ns}`;
  each(holdersOf(ctx, [impersonate]), (h) => g.edge("ATTACK-015", h.ref, anySa, h.evidence, impersonateAll));
  const impersonateOne: EdgeMessage = (from, to) => `${refLabel(from)} may impersonate ${refLabel(to)}`;
  for (const [name, holders] of namedHolders(ctx, [impersonate])) {
    const sa: AttackRef = { kind: "ServiceAccount", namespace: ns, name };
    each(holders, (h) => g.edge("ATTACK-015", h.ref, sa, h.evidence, impersonateOne));
  }
  if (g.has(anySa)) for (const sa of sas) g.link(anySa, sa);

  // ATTACK-017: a token for a service account, on request.
  const token: AccessRequest = {
    verb: "create",
    apiGroup: "",
    resource: "serviceaccounts",
    subresource: "token",
    namespace: ns,
  };
  each(holdersOf(ctx, [token]), (h) => g.edgesTo("ATTACK-017", h.ref, sas, h.evidence, tokenMessage));
  for (const [name, holders] of namedHolders(ctx, [token])) {
    const sa: AttackRef = { kind: "ServiceAccount", namespace: ns, name };
    each(holders, (h) => g.edge("ATTACK-017", h.ref, sa, h.evidence, tokenMessage));
  }

  // ATTACK-024 and ATTACK-016: reading Secrets (list and watch return their values too), and through the token
  // Secrets among them the service accounts they belong to.
  const readAll = ["get", "list", "watch"].map((verb) => ({
    verb,
    apiGroup: "",
    resource: "secrets",
    namespace: ns,
  }));
  const allSecrets: AttackRef = { kind: "Secret", namespace: ns, name: "*" };
  const tokens = tokenSecrets(ctx, ns);
  const tokenText = new Map<string, EdgeMessage>();
  const readToken = (h: Holder, secret: string, sa: string) => {
    const to: AttackRef = { kind: "ServiceAccount", namespace: ns, name: sa };
    let message = tokenText.get(secret);
    if (!message) {
      message = (from, account) =>
        `${refLabel(from)} may read the token Secret ${ns}/${secret} of ${refLabel(account)}`;
      tokenText.set(secret, message);
    }
    g.edge("ATTACK-016", h.ref, to, h.evidence, message);
  };
  const readAllText: EdgeMessage = (from) => `${refLabel(from)} may read the Secrets of ${ns}`;
  each(holdersOf(ctx, readAll), (h) => {
    g.edge("ATTACK-024", h.ref, allSecrets, h.evidence, readAllText);
    for (const [secret, sa] of tokens) readToken(h, secret, sa);
  });
  const readOne: EdgeMessage = (from, secret) => `${refLabel(from)} may read ${refLabel(secret)}`;
  for (const [name, holders] of namedHolders(ctx, readAll.slice(0, 1))) {
    const secret: AttackRef = { kind: "Secret", namespace: ns, name };
    const sa = tokens.get(name);
    each(holders, (h) => {
      g.edge("ATTACK-024", h.ref, secret, h.evidence, readOne);
      if (sa) readToken(h, name, sa);
    });
  }

  addNamespaceAdminEdges(ctx, g, ns);
}

function addNamespaceAdminEdges(ctx: PathContext, g: GraphBuilder, ns: string): void {
  const admin = namespaceAdmin(ns);
  // ATTACK-014 in a namespace: a RoleBinding to an admin-equivalent role, or the power to write one.
  const star: AccessRequest = { verb: "*", apiGroup: "*", resource: "*", namespace: ns };
  const holdsAll: EdgeMessage = (from) => `${refLabel(from)} holds every permission in ${ns}`;
  for (const h of holdersOf(ctx, [star], { localOnly: true }).values()) {
    g.edge("ATTACK-014", h.ref, admin, h.evidence, holdsAll);
  }
  const bindWrite = holdersOf(
    ctx,
    ["create", "update"].map((verb) => ({
      verb,
      apiGroup: "rbac.authorization.k8s.io",
      resource: "rolebindings",
      namespace: ns,
    })),
  );
  if (bindWrite.size > 0) {
    // Only the holders that may also write a RoleBinding get an edge: the others' grants are not gathered.
    const binders = adminBinders(ctx, ns, bindWrite);
    for (const [key, h] of bindWrite) {
      const b = binders.get(key);
      if (!b) continue;
      g.edge(
        "ATTACK-014",
        h.ref,
        admin,
        [...h.evidence, ...b.evidence],
        `${refLabel(h.ref)} may bind an admin-equivalent role in ${ns} to itself`,
      );
    }
  }
}

/** The namespace admin holds every namespaced permission of the namespace. */
export function addNamespaceAdminOutgoing(ctx: PathContext, g: GraphBuilder, ns: string): void {
  const admin = namespaceAdmin(ns);
  if (!g.has(admin)) return;
  const sas = accountsOf(ctx, ns);
  const tokens = tokenSecrets(ctx, ns);
  const why = `an admin of ${ns} holds every permission there`;
  createPods(
    ctx,
    g,
    ns,
    admin,
    [],
    createMessages(ns, () => `an admin of ${ns}`),
  );
  g.edge(
    "ATTACK-024",
    admin,
    { kind: "Secret", namespace: ns, name: "*" },
    [],
    `${why}: it may read the Secrets of ${ns}`,
  );
  for (const [secret, sa] of tokens) {
    g.edge(
      "ATTACK-016",
      admin,
      { kind: "ServiceAccount", namespace: ns, name: sa },
      [],
      `${why}: it may read the token Secret ${ns}/${secret}`,
    );
  }
  const adminToken: EdgeMessage = (_, sa) => `${why}: it may request a token for ${refLabel(sa)}`;
  g.edgesTo("ATTACK-017", admin, sas, [], adminToken);
  const hub = containersHub(ctx, g, ns);
  if (hub) g.edge("ATTACK-012", admin, hub, [], `${why}: it may exec into pods of ${ns}`);
}
