import type { Protocol } from "@/lib/model/types";
import type {
  DrawnEdge,
  DrawnView,
  NetworkView,
  ViewNamespace,
  ViewNode,
} from "@/lib/views/network-view-types";

// What the Network page sends its client component (docs/network.md "What the page sends"): the drawn view, with
// each edge as a row of numbers into two tables (the edge ends and the port texts, each written once) instead of
// an object repeating its names. On 10,000 pods the graph draws about 32,000 edges: as objects with their
// connections' ids they were 10 MB of the page; packed, under one. Each edge's connections stay on the server.

/** Flags of a packed edge. */
const IMPLEMENTATION_DEFINED = 1;
const INTERNET = 2;
const EXPOSED = 4;
const METADATA = 8;
/** The edge's id is `from>to|ports` (an aggregated edge) rather than `from>to` (one connection). */
const ID_WITH_PORTS = 16;

/** [from, to, ports, memberCount, example, flags, viaFrom, viaTo] as indexes (-1: none), then an id that is not the usual one. */
type PackedEdge = [number, number, number, number, number, number, number, number] | [...number[], string];

export interface PackedView {
  nodes: ViewNode[];
  namespaces: ViewNamespace[];
  connectionCount: number;
  fromMetadata: number;
  /** Edge ends: node ids, `ns:<namespace>` boxes, group ids. */
  ends: string[];
  /** Port texts, and the example ports as PROTOCOL/PORT. */
  ports: string[];
  edges: PackedEdge[];
}

function table() {
  const list: string[] = [];
  const index = new Map<string, number>();
  return {
    list,
    of(text: string): number {
      let i = index.get(text);
      if (i === undefined) {
        i = list.length;
        list.push(text);
        index.set(text, i);
      }
      return i;
    },
  };
}

export function packNetworkView(view: Pick<NetworkView, keyof DrawnView>): PackedView {
  const ends = table();
  const ports = table();
  const edges = view.edges.map((e): PackedEdge => {
    const flags =
      (e.implementationDefined ? IMPLEMENTATION_DEFINED : 0) |
      (e.internet ? INTERNET : 0) |
      (e.exposed ? EXPOSED : 0) |
      (e.metadata ? METADATA : 0) |
      (e.id === `${e.from}>${e.to}|${e.ports}` ? ID_WITH_PORTS : 0);
    const row: PackedEdge = [
      ends.of(e.from),
      ends.of(e.to),
      ports.of(e.ports),
      e.memberCount,
      ports.of(`${e.example.protocol}/${e.example.port}`),
      flags,
      e.via ? ends.of(e.via.from) : -1,
      e.via ? ends.of(e.via.to) : -1,
    ];
    const usual = flags & ID_WITH_PORTS || e.id === `${e.from}>${e.to}`;
    return usual ? row : [...row, e.id];
  });
  return {
    nodes: view.nodes,
    namespaces: view.namespaces,
    connectionCount: view.connectionCount,
    fromMetadata: view.fromMetadata,
    ends: ends.list,
    ports: ports.list,
    edges,
  };
}

export function unpackNetworkView(packed: PackedView): DrawnView {
  const end = (i: number) => packed.ends[i] ?? "";
  const port = (i: number) => packed.ports[i] ?? "";
  const edges = packed.edges.map((row): DrawnEdge => {
    const [from, to, ports, memberCount, example, flags, viaFrom, viaTo, id] = row as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      string | undefined,
    ];
    const [protocol = "TCP", num = "80"] = port(example).split("/");
    const e: DrawnEdge = {
      id: id ?? `${end(from)}>${end(to)}${flags & ID_WITH_PORTS ? `|${port(ports)}` : ""}`,
      from: end(from),
      to: end(to),
      ports: port(ports),
      memberCount,
      example: { protocol: protocol as Protocol, port: Number(num) },
      implementationDefined: (flags & IMPLEMENTATION_DEFINED) !== 0,
      internet: (flags & INTERNET) !== 0,
      exposed: (flags & EXPOSED) !== 0,
      metadata: (flags & METADATA) !== 0,
    };
    if (viaFrom >= 0 && viaTo >= 0) e.via = { from: end(viaFrom), to: end(viaTo) };
    return e;
  });
  return {
    nodes: packed.nodes,
    namespaces: packed.namespaces,
    connectionCount: packed.connectionCount,
    fromMetadata: packed.fromMetadata,
    edges,
  };
}
