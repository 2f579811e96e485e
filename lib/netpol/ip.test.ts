import { describe, expect, it } from "vitest";
import { formatIp, parseCidr, parseIp, rangeToCidrs } from "@/lib/netpol/ip";
import {
  ALL_PORTS,
  equalPorts,
  formatPorts,
  intersectPorts,
  portRangesOf,
  portsOf,
  subtractPorts,
  unionPorts,
} from "@/lib/netpol/port-set";

describe("IP addresses and ranges", () => {
  it("parses IPv4, IPv6 with compression and embedded IPv4, and rejects leading zeros", () => {
    expect(parseIp("10.0.0.1")).toEqual({ family: 4, value: 0x0a000001n });
    expect(parseIp("fd00:ec2::254")?.value).toBe(0xfd000ec2000000000000000000000254n);
    expect(parseIp("::ffff:1.2.3.4")?.value).toBe(0xffff01020304n);
    expect(parseIp("010.0.0.1")).toBeUndefined();
    expect(parseIp("1::2::3")).toBeUndefined();
    expect(formatIp(6, parseIp("2001:db8:0:0:1:0:0:1")?.value ?? 0n)).toBe("2001:db8::1:0:0:1");
  });

  it("masks host bits of a CIDR as the API server does for ipBlock", () => {
    expect(parseCidr("10.1.2.3/8")).toMatchObject({ start: 0x0a000000n, end: 0x0affffffn, prefix: 8 });
    expect(parseCidr("10.0.0.0/33")).toBeUndefined();
  });

  it("writes a range as the fewest CIDRs", () => {
    const r = parseCidr("0.0.0.0/0");
    expect(rangeToCidrs({ family: 4, start: 0n, end: r?.end ?? 0n })).toEqual(["0.0.0.0/0"]);
    expect(rangeToCidrs({ family: 4, start: 1n, end: 6n })).toEqual([
      "0.0.0.1/32",
      "0.0.0.2/31",
      "0.0.0.4/31",
      "0.0.0.6/32",
    ]);
  });
});

describe("port sets", () => {
  it("unions, intersects and subtracts ranges per protocol", () => {
    const a = unionPorts(portsOf("TCP", 80, 90), portsOf("TCP", 91, 100));
    expect(portRangesOf(a)).toEqual([{ protocol: "TCP", from: 80, to: 100 }]);
    expect(portRangesOf(intersectPorts(a, portsOf("TCP", 95, 200)))).toEqual([
      { protocol: "TCP", from: 95, to: 100 },
    ]);
    expect(portRangesOf(subtractPorts(a, portsOf("TCP", 85, 85)))).toEqual([
      { protocol: "TCP", from: 80, to: 84 },
      { protocol: "TCP", from: 86, to: 100 },
    ]);
    expect(
      equalPorts(unionPorts(portsOf("TCP"), unionPorts(portsOf("UDP"), portsOf("SCTP"))), ALL_PORTS),
    ).toBe(true);
  });

  it("writes all ports as 1-65535 for each protocol", () => {
    expect(portRangesOf(ALL_PORTS)).toEqual([
      { protocol: "TCP", from: 1, to: 65535 },
      { protocol: "UDP", from: 1, to: 65535 },
      { protocol: "SCTP", from: 1, to: 65535 },
    ]);
    expect(formatPorts(portsOf("UDP", 53, 53))).toBe("UDP 53");
  });
});
