import { parseCidr, type Family, type IpRange } from "@/lib/netpol/ip";
import type { NormalizedPolicy } from "@/lib/netpol/normalize-policy";
import type { ExternalAtom } from "@/lib/netpol/network-analysis";

// External addresses split into disjoint ranges ("atoms") at every ipBlock / except boundary
// (docs/semantics.md §1 rule 14), with the cloud metadata addresses as ranges of their own (NET-004) and each
// range marked when it holds a publicly routable address (NET-003). Every address of one atom is treated alike
// by every policy.

const METADATA_ADDRESSES = ["169.254.169.254/32", "fd00:ec2::254/128"] as const;

const PRIVATE_RANGES: IpRange[] = [
  "0.0.0.0/8",
  "10.0.0.0/8",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "::/128",
  "::1/128",
  "fc00::/7",
  "fe80::/10",
].map((c) => parseCidr(c) as IpRange);

function isWhollyPrivate(range: IpRange): boolean {
  // Ranges are atoms; private ranges do not overlap one another, so subtract them one by one.
  let pieces: IpRange[] = [range];
  for (const p of PRIVATE_RANGES) {
    const next: IpRange[] = [];
    for (const r of pieces) {
      if (r.family !== p.family || p.end < r.start || p.start > r.end) {
        next.push(r);
        continue;
      }
      if (r.start < p.start) next.push({ family: r.family, start: r.start, end: p.start - 1n });
      if (r.end > p.end) next.push({ family: r.family, start: p.end + 1n, end: r.end });
    }
    pieces = next;
  }
  return pieces.length === 0;
}

/** The disjoint external ranges cut at every boundary of `extraRanges` and of the policies' ipBlocks. */
export function buildExternalRanges(
  policies: readonly NormalizedPolicy[],
  extraRanges: readonly IpRange[] = [],
): ExternalAtom[] {
  const cuts: Record<Family, Set<bigint>> = { 4: new Set([0n]), 6: new Set([0n]) };
  const addRange = (r: IpRange) => {
    cuts[r.family].add(r.start);
    cuts[r.family].add(r.end + 1n);
  };
  for (const m of METADATA_ADDRESSES) addRange(parseCidr(m) as IpRange);
  for (const r of extraRanges) addRange(r);
  for (const p of policies) {
    for (const rule of [...p.ingress, ...p.egress]) {
      for (const peer of rule.peers ?? []) {
        if (peer.kind !== "ipBlock") continue;
        addRange(peer.cidr);
        for (const e of peer.except) addRange(e);
      }
    }
  }
  const metadata = METADATA_ADDRESSES.map((m) => parseCidr(m) as IpRange);
  const atoms: ExternalAtom[] = [];
  for (const family of [4, 6] as const) {
    const max = (1n << BigInt(family === 4 ? 32 : 128)) - 1n;
    const points = [...cuts[family]].filter((p) => p <= max).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    points.forEach((start, i) => {
      const end = i + 1 < points.length ? (points[i + 1] as bigint) - 1n : max;
      const range = { family, start, end };
      atoms.push({
        id: atoms.length,
        range,
        metadata: metadata.some((m) => m.family === family && m.start === start && m.end === end),
        public: !isWhollyPrivate(range),
      });
    });
  }
  return atoms;
}

/** The atom holding an address, by binary search over the atoms of its family. */
export function atomLookup(
  atoms: readonly ExternalAtom[],
): (ip: { family: Family; value: bigint }) => number {
  const byFamily: Record<Family, ExternalAtom[]> = {
    4: atoms.filter((a) => a.range.family === 4),
    6: atoms.filter((a) => a.range.family === 6),
  };
  return (ip) => {
    const list = byFamily[ip.family];
    let lo = 0;
    let hi = list.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((list[mid] as ExternalAtom).range.start <= ip.value) lo = mid;
      else hi = mid - 1;
    }
    return (list[lo] as ExternalAtom).id;
  };
}

/** The atoms wholly inside one of `ranges` (atoms never straddle a range boundary that was cut). */
export function atomsWithin(atoms: readonly ExternalAtom[], ranges: readonly IpRange[]): Uint8Array {
  const out = new Uint8Array(atoms.length);
  for (const a of atoms) {
    if (ranges.some((r) => r.family === a.range.family && r.start <= a.range.start && a.range.end <= r.end))
      out[a.id] = 1;
  }
  return out;
}
