import { BlockList, isIP } from "node:net";
import { VigilError } from "@/lib/errors";
import type { Snapshot } from "@/lib/model/types";

// Which addresses a served-certificate handshake may go to (docs/security.md "Served-certificate handshakes").
// Whoever can create an Ingress chooses its host names and, with a controller or by writing the status, its
// load-balancer address; a handshake must not let them make Vigil connect inside the cluster's own network
// or to a cloud metadata endpoint. So every address is checked before any packet is sent to it, and refused
// when it falls in a range below or in the cluster's pod and Service networks, unless the operator allows a
// range (VIGIL_HANDSHAKE_ALLOWED_RANGES). IPv6 forms that carry an IPv4 address (IPv4-mapped, NAT64, 6to4)
// are judged by the IPv4 address they carry.

interface Range {
  cidr: string;
  why: string;
}

/** Order matters: the first match names the reason (metadata before link-local, before private). */
const REFUSED: readonly Range[] = [
  { cidr: "169.254.169.254/32", why: "a cloud metadata endpoint" },
  { cidr: "169.254.170.2/32", why: "a cloud metadata endpoint" },
  { cidr: "100.100.100.200/32", why: "a cloud metadata endpoint" },
  { cidr: "fd00:ec2::254/128", why: "a cloud metadata endpoint" },
  { cidr: "0.0.0.0/8", why: "unspecified (this network)" },
  { cidr: "127.0.0.0/8", why: "loopback" },
  { cidr: "169.254.0.0/16", why: "link-local" },
  { cidr: "10.0.0.0/8", why: "private (RFC 1918)" },
  { cidr: "172.16.0.0/12", why: "private (RFC 1918)" },
  { cidr: "192.168.0.0/16", why: "private (RFC 1918)" },
  { cidr: "100.64.0.0/10", why: "shared address space (carrier-grade NAT, RFC 6598)" },
  { cidr: "192.0.0.0/24", why: "IETF protocol assignments" },
  { cidr: "198.18.0.0/15", why: "benchmarking (RFC 2544)" },
  { cidr: "224.0.0.0/4", why: "multicast" },
  { cidr: "240.0.0.0/4", why: "reserved (and broadcast)" },
  { cidr: "::/128", why: "unspecified" },
  { cidr: "::1/128", why: "loopback" },
  { cidr: "fe80::/10", why: "link-local" },
  { cidr: "fec0::/10", why: "site-local (deprecated, private)" },
  { cidr: "fc00::/7", why: "unique local (private)" },
  { cidr: "ff00::/8", why: "multicast" },
  { cidr: "100::/64", why: "discard-only" },
];

interface AddressPolicy {
  /** Ranges the operator allows although they would be refused (VIGIL_HANDSHAKE_ALLOWED_RANGES). */
  allowed: readonly string[];
  /** The cluster's own networks: node pod CIDRs, pod IPs, Service cluster IPs, as read. */
  cluster: readonly string[];
}

export type AddressVerdict = { allowed: true } | { allowed: false; reason: string };

function splitCidr(cidr: string): { address: string; prefix: number; family: "ipv4" | "ipv6" } | undefined {
  const [address = "", prefixText] = cidr.trim().split("/");
  const version = isIP(address);
  if (version === 0) return undefined;
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!/^\d+$/.test(prefixText ?? String(max)) || prefix > max) return undefined;
  return { address, prefix, family: version === 4 ? "ipv4" : "ipv6" };
}

function blockOf(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const range = splitCidr(cidr);
    if (range) list.addSubnet(range.address, range.prefix, range.family);
  }
  return list;
}

const REFUSED_BLOCKS = REFUSED.map((r) => ({ ...r, block: blockOf([r.cidr]) }));

/** The 16 bytes of an IPv6 address (callers pass only what isIP accepts as version 6). */
function ipv6Bytes(address: string): number[] {
  let text = address;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = v4[1].split(".").map(Number);
    text = `${text.slice(0, -v4[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const parts = (s: string) => (s === "" ? [] : s.split(":").map((h) => parseInt(h, 16)));
  const left = parts(head);
  const right = tail === undefined ? [] : parts(tail);
  const words = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}

/** The IPv4 address an IPv6 address carries by a translation prefix, if it has one. */
function embeddedIpv4(address: string): string | undefined {
  const b = ipv6Bytes(address);
  const at = (i: number) => b.slice(i, i + 4).join(".");
  const zero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return at(12); // ::ffff:a.b.c.d (IPv4-mapped)
  if (zero(0, 12) && !zero(12, 16)) return at(12); // ::a.b.c.d (IPv4-compatible, deprecated)
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zero(4, 12)) return at(12); // NAT64
  if (b[0] === 0x20 && b[1] === 0x02) return at(2); // 6to4, 2002:AABB:CCDD::/48
  return undefined;
}

function bare(address: string): string {
  // A zone index (fe80::1%eth0) names an interface, not an address.
  return address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
}

/** The check of one policy, ranges parsed once: whether a handshake may go to an IP literal, and if not, why. */
export function addressChecker(policy: AddressPolicy): (address: string) => AddressVerdict {
  const allowed = blockOf(policy.allowed);
  const cluster = blockOf(policy.cluster);
  return (address) => {
    const ip = bare(address);
    const version = isIP(ip);
    if (version === 0) return { allowed: false, reason: `"${address}" is not an IP address` };
    const candidates: [string, "ipv4" | "ipv6"][] = [[ip, version === 4 ? "ipv4" : "ipv6"]];
    const carried = version === 6 ? embeddedIpv4(ip) : undefined;
    if (carried) candidates.push([carried, "ipv4"]);
    if (candidates.some(([a, family]) => allowed.check(a, family))) return { allowed: true };
    for (const [candidate, family] of candidates) {
      const hit = REFUSED_BLOCKS.find((r) => r.block.check(candidate, family));
      if (hit) return { allowed: false, reason: `${address} is ${hit.why}` };
      if (cluster.check(candidate, family)) {
        return { allowed: false, reason: `${address} is in the cluster's pod or Service network` };
      }
    }
    return { allowed: true };
  };
}

/** The cluster's own networks as a snapshot shows them: node pod CIDRs, pod IPs, Service cluster IPs. */
export function clusterNetworksOf(snapshot: Snapshot): string[] {
  const out = new Set<string>();
  for (const node of snapshot.nodes) for (const cidr of node.podCIDRs) out.add(cidr);
  for (const pod of snapshot.pods) for (const ip of pod.podIPs) out.add(ip);
  for (const service of snapshot.services) {
    for (const ip of service.clusterIPs) if (isIP(ip) !== 0) out.add(ip);
  }
  return [...out];
}

/**
 * VIGIL_HANDSHAKE_ALLOWED_RANGES: comma-separated CIDRs (or single addresses) that handshakes may reach
 * although they would be refused. A malformed entry stops Vigil with a clear message rather than allowing less
 * (or more) than the operator meant.
 */
export function allowedRanges(env: Readonly<Record<string, string | undefined>>): string[] {
  const text = env.VIGIL_HANDSHAKE_ALLOWED_RANGES ?? "";
  const ranges = text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  for (const range of ranges) {
    if (!splitCidr(range)) {
      throw new VigilError(
        "bad-input",
        `VIGIL_HANDSHAKE_ALLOWED_RANGES: "${range}" is not a CIDR range or an IP address`,
      );
    }
  }
  return ranges;
}
