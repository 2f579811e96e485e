import type { Protocol } from "@/lib/model/types";

// The shapes of the Network page's view model (lib/views/build-network-view.ts builds it). The browser gets a
// DrawnView (packed by lib/views/pack-network-view.ts): what it draws, never the full connection list, which
// stays on the server and goes out a page at a time (lib/views/connection-rows.ts, /api/network/connections)
// or whole in the exports.

export interface ViewNode {
  id: string;
  /** The full name, never cut: the workload's name, "internet", "cloud metadata", a range's CIDRs, a group's. */
  label: string;
  kind: "workload" | "internet" | "metadata" | "range" | "group";
  namespace?: string;
  /** Longer text for a tooltip or the selection line: the CIDRs of an external node, a group's members. */
  detail?: string;
  /** Group nodes: the workloads the group stands for. */
  members?: string[];
  /** External nodes: the ids of the engine's ranges merged into this node (what-if answers use them). */
  externalIds?: string[];
  representative: boolean;
  /** Exposed to the internet by a LoadBalancer, NodePort or Ingress and reachable from it (NET-003). */
  exposed: boolean;
  /** May reach a cloud metadata address (NET-004). */
  reachesMetadata: boolean;
  /** A policy kind Vigil does not evaluate may select it (NET-011): its reachability is an upper bound. */
  upperBound: boolean;
  /** An endpoint `vigil netpol can` understands, standing for this node in explanations. */
  sample: string;
}

/** One connection between two nodes, as the list shows it; the port set is exact. */
export interface ViewConnection {
  id: string;
  from: string;
  to: string;
  ports: string;
  /** A port the connection allows, to explain it. */
  example: { protocol: Protocol; port: number };
  implementationDefined: boolean;
  /** Only some addresses of an external node are concerned; `detail` says which on which ports. */
  partial: boolean;
  detail?: string;
}

/** A drawn edge: one connection, or several with the same ports (from a group, to or from a namespace box). */
export interface DrawnEdge {
  id: string;
  /** A node id, or `ns:<namespace>` for a whole namespace box. */
  from: string;
  to: string;
  ports: string;
  /** How many connections the edge stands for. */
  memberCount: number;
  /** The ends of its first connection when they are not the edge's own (a group, a namespace box): the edge is
   * explained through them. */
  via?: { from: string; to: string };
  example: { protocol: Protocol; port: number };
  implementationDefined: boolean;
  internet: boolean;
  /** From the internet to a workload exposed by a Service or Ingress (NET-003). */
  exposed: boolean;
  metadata: boolean;
}

/** A drawn edge on the server, with the ids of the connections it stands for (the browser gets their count). */
export interface ViewEdge extends DrawnEdge {
  members: string[];
}

export interface ViewNamespace {
  namespace: string;
  /** Every workload of it accepts every port from every workload not isolated for egress / from the internet. */
  openToPods: boolean;
  openToInternet: boolean;
}

/** What the browser draws: the nodes, the namespace boxes and the drawn edges, and how many connections they stand for. */
export interface DrawnView {
  nodes: ViewNode[];
  namespaces: ViewNamespace[];
  edges: DrawnEdge[];
  /** Every connection the filters keep (the list is fetched a page at a time). */
  connectionCount: number;
  /** Connections from the cloud metadata addresses: listed, not drawn (a metadata server starts nothing). */
  fromMetadata: number;
}

/** The whole view model, on the server: the drawn view, each edge's connections and every connection. */
export interface NetworkView extends DrawnView {
  edges: ViewEdge[];
  connections: ViewConnection[];
}
