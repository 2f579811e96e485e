import type { Protocol } from "@/lib/model/types";

// Sets of (protocol, port) as sorted disjoint inclusive intervals per protocol. This is the exact form of the
// "port atoms" of the engine: every interval boundary is a boundary some policy port (numeric, resolved named
// port, or endPort range, docs/semantics.md §1.9, 1.15-1.18) introduced.

export const PROTOCOLS: readonly Protocol[] = ["TCP", "UDP", "SCTP"];
const MIN_PORT = 1;
const MAX_PORT = 65535;

/** Flat [from0, to0, from1, to1, ...], sorted, disjoint and non-adjacent. */
export type Ranges = readonly number[];

export interface PortSet {
  TCP: Ranges;
  UDP: Ranges;
  SCTP: Ranges;
}

export interface PortRange {
  protocol: Protocol;
  from: number;
  to: number;
}

const NONE: Ranges = [];
const FULL: Ranges = [MIN_PORT, MAX_PORT];

export const EMPTY_PORTS: PortSet = { TCP: NONE, UDP: NONE, SCTP: NONE };
export const ALL_PORTS: PortSet = { TCP: FULL, UDP: FULL, SCTP: FULL };

export function portsOf(protocol: Protocol, from: number = MIN_PORT, to: number = MAX_PORT): PortSet {
  return { ...EMPTY_PORTS, [protocol]: [from, to] };
}

function unionRanges(a: Ranges, b: Ranges): Ranges {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const pairs: [number, number][] = [];
  for (let i = 0; i < a.length; i += 2) pairs.push([a[i] ?? 0, a[i + 1] ?? 0]);
  for (let i = 0; i < b.length; i += 2) pairs.push([b[i] ?? 0, b[i + 1] ?? 0]);
  pairs.sort((x, y) => x[0] - y[0]);
  const out: number[] = [];
  for (const [from, to] of pairs) {
    const last = out.length - 1;
    if (last > 0 && from <= (out[last] ?? 0) + 1) out[last] = Math.max(out[last] ?? 0, to);
    else out.push(from, to);
  }
  return out;
}

function intersectRanges(a: Ranges, b: Ranges): Ranges {
  if (a.length === 0 || b.length === 0) return NONE;
  if (a === FULL) return b;
  if (b === FULL) return a;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const from = Math.max(a[i] ?? 0, b[j] ?? 0);
    const to = Math.min(a[i + 1] ?? 0, b[j + 1] ?? 0);
    if (from <= to) out.push(from, to);
    if ((a[i + 1] ?? 0) < (b[j + 1] ?? 0)) i += 2;
    else j += 2;
  }
  return out;
}

function subtractRanges(a: Ranges, b: Ranges): Ranges {
  if (a.length === 0 || b.length === 0) return a;
  // a minus b = a intersect complement(b).
  const complement: number[] = [];
  let next = MIN_PORT;
  for (let i = 0; i < b.length; i += 2) {
    if ((b[i] ?? 0) > next) complement.push(next, (b[i] ?? 0) - 1);
    next = (b[i + 1] ?? 0) + 1;
  }
  if (next <= MAX_PORT) complement.push(next, MAX_PORT);
  return intersectRanges(a, complement);
}

export function unionPorts(a: PortSet, b: PortSet): PortSet {
  if (a === EMPTY_PORTS || b === ALL_PORTS) return b;
  if (b === EMPTY_PORTS || a === ALL_PORTS) return a;
  return {
    TCP: unionRanges(a.TCP, b.TCP),
    UDP: unionRanges(a.UDP, b.UDP),
    SCTP: unionRanges(a.SCTP, b.SCTP),
  };
}

export function intersectPorts(a: PortSet, b: PortSet): PortSet {
  if (a === ALL_PORTS) return b;
  if (b === ALL_PORTS) return a;
  if (a === EMPTY_PORTS || b === EMPTY_PORTS) return EMPTY_PORTS;
  return {
    TCP: intersectRanges(a.TCP, b.TCP),
    UDP: intersectRanges(a.UDP, b.UDP),
    SCTP: intersectRanges(a.SCTP, b.SCTP),
  };
}

export function subtractPorts(a: PortSet, b: PortSet): PortSet {
  if (b === EMPTY_PORTS || a === EMPTY_PORTS) return a;
  return {
    TCP: subtractRanges(a.TCP, b.TCP),
    UDP: subtractRanges(a.UDP, b.UDP),
    SCTP: subtractRanges(a.SCTP, b.SCTP),
  };
}

function rangesMeet(a: Ranges, b: Ranges): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (Math.max(a[i] ?? 0, b[j] ?? 0) <= Math.min(a[i + 1] ?? 0, b[j + 1] ?? 0)) return true;
    if ((a[i + 1] ?? 0) < (b[j + 1] ?? 0)) i += 2;
    else j += 2;
  }
  return false;
}

/** Whether two port sets share a port: !isEmptyPorts(intersectPorts(a, b)) without building the intersection. */
export function portsMeet(a: PortSet, b: PortSet): boolean {
  return rangesMeet(a.TCP, b.TCP) || rangesMeet(a.UDP, b.UDP) || rangesMeet(a.SCTP, b.SCTP);
}

export function isEmptyPorts(a: PortSet): boolean {
  return a.TCP.length === 0 && a.UDP.length === 0 && a.SCTP.length === 0;
}

export function hasPort(set: PortSet, protocol: Protocol, port: number): boolean {
  const r = set[protocol];
  for (let i = 0; i < r.length; i += 2) {
    if (port >= (r[i] ?? 0) && port <= (r[i + 1] ?? 0)) return true;
  }
  return false;
}

export function equalPorts(a: PortSet, b: PortSet): boolean {
  if (a === b) return true;
  for (const p of PROTOCOLS) {
    const x = a[p];
    const y = b[p];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  }
  return true;
}

/** The wire form of docs/cli.md: "all ports" is 1-65535 for each of the three protocols. */
export function portRangesOf(set: PortSet): PortRange[] {
  const out: PortRange[] = [];
  for (const protocol of PROTOCOLS) {
    const r = set[protocol];
    for (let i = 0; i < r.length; i += 2) out.push({ protocol, from: r[i] ?? 0, to: r[i + 1] ?? 0 });
  }
  return out;
}

export function formatPorts(set: PortSet): string {
  if (isEmptyPorts(set)) return "none";
  if (equalPorts(set, ALL_PORTS)) return "all ports";
  return portRangesOf(set)
    .map((r) =>
      r.from === MIN_PORT && r.to === MAX_PORT
        ? `${r.protocol} all`
        : `${r.protocol} ${r.from === r.to ? r.from : `${r.from}-${r.to}`}`,
    )
    .join(", ");
}
