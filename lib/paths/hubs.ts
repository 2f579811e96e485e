import type { Pod } from "@/lib/model/types";
import type { PathContext } from "@/lib/paths/context";
import type { GraphBuilder } from "@/lib/paths/graph-builder";
import { containerRef } from "@/lib/paths/refs";
import type { AttackRef } from "@/lib/paths/types";

// A grant that reaches every container of a namespace (exec, attach or update pods there), of one kind of workload
// there, or of the cluster (nodes/proxy on every node) is one edge to an "every container" node, with zero-hop
// links from it to the containers it stands for, as a grant to a group is one edge that counts for its members:
// H holders and C containers make H + C edges and links instead of H x C edges. Hops and assumptions to each
// container are the same as through direct edges (the property test compares them with a naive reference).

export const EVERY = "*";

/** The "every container" node of a namespace (`*` for the cluster), or of one workload kind there. */
function hubRef(namespace: string, kind?: Pod["workload"]["kind"]): AttackRef {
  return { kind: "Container", namespace, pod: kind ? `*[${kind}]` : EVERY, name: EVERY };
}

export function isHub(ref: AttackRef): boolean {
  return ref.kind === "Container" && ref.name === EVERY && ref.pod.startsWith(EVERY);
}

function containersOf(pod: Pod): string[] {
  return [...pod.containers, ...pod.initContainers].map((c) => c.name);
}

/**
 * The hub for the containers of `namespace` (`*`: every namespace), of workloads of `kind` only when given; made
 * with its links on first use. Undefined when there is no such container (a grant then reaches nothing).
 */
export function containersHub(
  ctx: PathContext,
  g: GraphBuilder,
  namespace: string,
  kind?: Pod["workload"]["kind"],
): AttackRef | undefined {
  const hub = hubRef(namespace, kind);
  if (g.has(hub)) return hub;
  if (namespace === EVERY) {
    const parts = ctx.namespaces
      .map((ns) => containersHub(ctx, g, ns))
      .filter((h): h is AttackRef => h !== undefined);
    if (parts.length === 0) return undefined;
    for (const part of parts) g.link(hub, part);
    return hub;
  }
  const pods = (ctx.podsByNs.get(namespace) ?? [])
    .map((i) => ctx.snapshot.pods[i] as Pod)
    .filter((p) => kind === undefined || p.workload.kind === kind);
  const members = pods.flatMap((p) => containersOf(p).map((c) => containerRef(p, c)));
  if (members.length === 0) return undefined;
  for (const m of members) g.link(hub, m);
  return hub;
}
