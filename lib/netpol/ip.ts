// IP addresses and CIDR ranges as bigints, for ipBlock peers (docs/semantics.md §1.14) and the disjoint external
// address ranges the reachability engine splits the address space into. IPv4 and IPv6 are separate spaces:
// an IPv4 block never matches an IPv6 address.

export type Family = 4 | 6;

export interface IpRange {
  family: Family;
  /** Inclusive bounds. */
  start: bigint;
  end: bigint;
}

export interface ParsedCidr extends IpRange {
  prefix: number;
}

const BITS: Record<Family, number> = { 4: 32, 6: 128 };

export function familyBits(family: Family): number {
  return BITS[family];
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    // Leading zeros are rejected, as Go's net/netip does (they once meant octal).
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  if (text.length === 0 || text.includes("%")) return undefined;
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groupsOf = (s: string): number[] | undefined => {
    if (s === "") return [];
    const out: number[] = [];
    const items = s.split(":");
    for (let i = 0; i < items.length; i++) {
      const item = items[i] ?? "";
      if (i === items.length - 1 && item.includes(".")) {
        const v4 = parseIpv4(item);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(item)) return undefined;
        out.push(parseInt(item, 16));
      }
    }
    return out;
  };
  const head = groupsOf(halves[0] ?? "");
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? "") : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(g);
  return value;
}

export function parseIp(text: string): { family: Family; value: bigint } | undefined {
  if (text.includes(":")) {
    const v = parseIpv6(text);
    return v === undefined ? undefined : { family: 6, value: v };
  }
  const v = parseIpv4(text);
  return v === undefined ? undefined : { family: 4, value: v };
}

/** A CIDR as the API server accepts it for ipBlock: host bits may be set (they are masked off). */
export function parseCidr(text: string): ParsedCidr | undefined {
  const slash = text.indexOf("/");
  if (slash === -1) return undefined;
  const ip = parseIp(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!ip || !/^(0|[1-9][0-9]{0,2})$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  const bits = BITS[ip.family];
  if (prefix > bits) return undefined;
  const hostBits = BigInt(bits - prefix);
  const start = (ip.value >> hostBits) << hostBits;
  const end = start + (1n << hostBits) - 1n;
  return { family: ip.family, start, end, prefix };
}

export function formatIp(family: Family, value: bigint): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 0xffn)).join(".");
  }
  const groups: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((value >> s) & 0xffffn).toString(16));
  // Compress the longest run of zero groups (RFC 5952).
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== "0") {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === "0") j++;
    if (j - i > bestLen && j - i > 1) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestStart === -1) return groups.join(":");
  return `${groups.slice(0, bestStart).join(":")}::${groups.slice(bestStart + bestLen).join(":")}`;
}

/** The smallest list of CIDRs covering exactly [start, end]. */
export function rangeToCidrs(range: IpRange): string[] {
  const bits = BigInt(BITS[range.family]);
  const out: string[] = [];
  let start = range.start;
  while (start <= range.end) {
    let size = 0n;
    // Grow the block while it stays aligned on `start` and inside the range.
    while (size < bits) {
      const next = size + 1n;
      const mask = (1n << next) - 1n;
      if ((start & mask) !== 0n || start + mask > range.end) break;
      size = next;
    }
    out.push(`${formatIp(range.family, start)}/${bits - size}`);
    start += 1n << size;
  }
  return out;
}

export function rangeHasIp(range: IpRange, ip: { family: Family; value: bigint }): boolean {
  return range.family === ip.family && range.start <= ip.value && ip.value <= range.end;
}
