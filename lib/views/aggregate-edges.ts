// Aggregation of the Network graph (docs/network.md "Reading the graph"): the connections that survive the filters
// become fewer drawn edges, each standing for an exact set of connections with the same ports, so nothing is hidden
// and nothing is claimed that is not allowed:
//  1. a set of source workloads that reaches many destinations on the same ports becomes one group node ("any
//     workload", "any workload except a12/worker", or "N workloads");
//  2. edges from one source with the same ports to every workload of a namespace end at the namespace box;
//  3. edges from every workload of a namespace with the same ports to one destination start at the box.
// A workload with a single pod to itself is allowed by rule 20 (docs/semantics.md §1) and counts as present.

export interface Connection {
  id: string;
  from: string;
  to: string;
  /** Canonical text of the port set: equal texts are equal sets. */
  ports: string;
}

interface DrawnEdge {
  id: string;
  /** A node id, `ns:<namespace>` for a whole namespace box, or a group id `group:<n>`. */
  from: string;
  to: string;
  ports: string;
  /** The ids of the connections this edge stands for. */
  members: string[];
}

interface SourceGroup {
  id: string;
  members: string[];
}

interface Input {
  connections: readonly Connection[];
  /** Every workload id of the cluster, with its namespace. */
  workloads: ReadonlyMap<string, string>;
  /** Workloads with one pod: their connection to themselves is always allowed. */
  singlePod: ReadonlySet<string>;
  /** Edges never folded into a namespace box (they carry a mark of their own). */
  keepApart?: (from: string, to: string) => boolean;
  /** Groups are made only of at least this many sources, used for at least two destinations. */
  minGroup?: number;
  maxGroups?: number;
}

const key = (ids: Iterable<string>) => [...ids].sort().join("\n");

export function aggregateEdges(input: Input): { edges: DrawnEdge[]; groups: SourceGroup[] } {
  const { connections, workloads, singlePod } = input;
  const minGroup = input.minGroup ?? 3;
  const keepApart = input.keepApart ?? (() => false);

  const nsMembers = new Map<string, string[]>();
  for (const [w, ns] of workloads) {
    const list = nsMembers.get(ns) ?? [];
    list.push(w);
    nsMembers.set(ns, list);
  }

  // Sources per (destination, ports), workload sources only.
  const bySink = new Map<string, { to: string; ports: string; sources: Map<string, string> }>();
  const rest: Connection[] = [];
  for (const c of connections) {
    if (!workloads.has(c.from)) {
      rest.push(c);
      continue;
    }
    const k = `${c.to}\n${c.ports}`;
    let entry = bySink.get(k);
    if (!entry) {
      entry = { to: c.to, ports: c.ports, sources: new Map() };
      bySink.set(k, entry);
    }
    entry.sources.set(c.from, c.id);
  }
  const fullSet = (e: { to: string; sources: Map<string, string> }) => {
    const set = new Set(e.sources.keys());
    if (singlePod.has(e.to)) set.add(e.to);
    return set;
  };

  // 1. Frequent large source sets become groups, largest saving first.
  const counts = new Map<string, { set: Set<string>; uses: number }>();
  for (const e of bySink.values()) {
    const set = fullSet(e);
    if (set.size < minGroup) continue;
    const k = key(set);
    const c = counts.get(k) ?? { set, uses: 0 };
    c.uses++;
    counts.set(k, c);
  }
  const candidates = [...counts.values()]
    .filter((c) => c.uses >= 2)
    .sort((a, b) => b.set.size * b.uses - a.set.size * a.uses || key(a.set).localeCompare(key(b.set)))
    .slice(0, input.maxGroups ?? 3);
  // A group that is exactly the workloads of one namespace is that namespace's box.
  const boxOf = (members: string[]) =>
    [...nsMembers].find(
      ([, list]) => list.length === members.length && list.every((m) => members.includes(m)),
    )?.[0];
  const groups: SourceGroup[] = candidates.map((c, i) => {
    const members = [...c.set].sort();
    const ns = boxOf(members);
    return { id: ns !== undefined ? `ns:${ns}` : `group:${i}`, members };
  });

  const edges: DrawnEdge[] = [];
  const single: Connection[] = [...rest];
  for (const e of bySink.values()) {
    const set = fullSet(e);
    // The largest group wholly inside this source set.
    const g = groups.find((gr) => gr.members.every((m) => set.has(m)));
    const left = new Map(e.sources);
    if (g) {
      const members: string[] = [];
      for (const m of g.members) {
        const id = left.get(m);
        if (id !== undefined) members.push(id);
        left.delete(m);
      }
      edges.push({ id: `${g.id}>${e.to}|${e.ports}`, from: g.id, to: e.to, ports: e.ports, members });
    }
    for (const [from, id] of left) single.push({ id, from, to: e.to, ports: e.ports });
  }

  // 2. and 3. Namespace boxes, over the edges not already grouped by source.
  const foldTargets = (list: DrawnEdge[]): DrawnEdge[] => {
    const out: DrawnEdge[] = [];
    const byFrom = new Map<string, DrawnEdge[]>();
    for (const e of list) {
      const k = `${e.from}\n${e.ports}`;
      byFrom.set(k, [...(byFrom.get(k) ?? []), e]);
    }
    for (const same of byFrom.values()) {
      const targets = new Map(same.map((e) => [e.to, e]));
      const used = new Set<string>();
      for (const [ns, members] of nsMembers) {
        if (members.length < 2 || members.some((m) => keepApart(same[0]?.from ?? "", m))) continue;
        if (!members.every((m) => targets.has(m) || (m === same[0]?.from && singlePod.has(m)))) continue;
        const parts = members.map((m) => targets.get(m)).filter((e) => e !== undefined);
        if (parts.length < 2) continue;
        parts.forEach((p) => used.add(p.to));
        const first = parts[0] as DrawnEdge;
        out.push({
          id: `${first.from}>ns:${ns}|${first.ports}`,
          from: first.from,
          to: `ns:${ns}`,
          ports: first.ports,
          members: parts.flatMap((p) => p.members),
        });
      }
      out.push(...same.filter((e) => !used.has(e.to)));
    }
    return out;
  };
  const foldSources = (list: DrawnEdge[]): DrawnEdge[] => {
    const out: DrawnEdge[] = [];
    const byTo = new Map<string, DrawnEdge[]>();
    for (const e of list) {
      const k = `${e.to}\n${e.ports}`;
      byTo.set(k, [...(byTo.get(k) ?? []), e]);
    }
    for (const same of byTo.values()) {
      const sources = new Map(same.map((e) => [e.from, e]));
      const used = new Set<string>();
      for (const [ns, members] of nsMembers) {
        if (members.length < 2) continue;
        if (!members.every((m) => sources.has(m) || (m === same[0]?.to && singlePod.has(m)))) continue;
        const parts = members.map((m) => sources.get(m)).filter((e) => e !== undefined);
        if (parts.length < 2) continue;
        parts.forEach((p) => used.add(p.from));
        const first = parts[0] as DrawnEdge;
        out.push({
          id: `ns:${ns}>${first.to}|${first.ports}`,
          from: `ns:${ns}`,
          to: first.to,
          ports: first.ports,
          members: parts.flatMap((p) => p.members),
        });
      }
      out.push(...same.filter((e) => !used.has(e.from)));
    }
    return out;
  };
  const singles = single.map((c) => ({ id: c.id, from: c.from, to: c.to, ports: c.ports, members: [c.id] }));
  const folded = foldSources(foldTargets([...edges, ...singles]));
  folded.sort((a, b) => a.id.localeCompare(b.id));
  return { edges: folded, groups };
}
