import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emptySnapshot, type Snapshot } from "@/lib/model/types";
import {
  addressChecker,
  allowedRanges,
  clusterNetworksOf,
} from "@/lib/sources/live/handshake-address-policy";

const check = addressChecker({ allowed: [], cluster: [] });

describe("the handshake address check", () => {
  it.each([
    ["169.254.169.254", "a cloud metadata endpoint"],
    ["fd00:ec2::254", "a cloud metadata endpoint"],
    ["100.100.100.200", "a cloud metadata endpoint"],
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["::1", "loopback"],
    ["0.0.0.0", "unspecified (this network)"],
    ["::", "unspecified"],
    ["169.254.10.1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["10.0.0.1", "private (RFC 1918)"],
    ["172.31.255.255", "private (RFC 1918)"],
    ["192.168.1.1", "private (RFC 1918)"],
    ["100.64.0.1", "shared address space (carrier-grade NAT, RFC 6598)"],
    ["fd12:3456::1", "unique local (private)"],
    ["224.0.0.1", "multicast"],
    ["ff02::1", "multicast"],
    ["255.255.255.255", "reserved (and broadcast)"],
    // IPv6 forms that carry an IPv4 address are judged by it.
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:a9fe:a9fe", "a cloud metadata endpoint"],
    ["64:ff9b::a9fe:a9fe", "a cloud metadata endpoint"],
    ["2002:a9fe:a9fe::1", "a cloud metadata endpoint"],
    ["2002:0a00:0001::", "private (RFC 1918)"],
  ])("refuses %s as %s", (address, why) => {
    expect(check(address)).toEqual({ allowed: false, reason: `${address} is ${why}` });
  });

  it.each(["203.0.113.7", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "64:ff9b::808:808"])(
    "allows the public address %s",
    (address) => {
      expect(check(address)).toEqual({ allowed: true });
    },
  );

  it("refuses what is not an IP address", () => {
    expect(check("lb.example.net").allowed).toBe(false);
  });

  it("refuses the cluster's own networks, public or not, and allows what the operator allows", () => {
    const policy = addressChecker({ allowed: ["127.0.0.0/8", "10.9.0.0/16"], cluster: ["198.51.100.0/24"] });
    expect(policy("198.51.100.20")).toEqual({
      allowed: false,
      reason: "198.51.100.20 is in the cluster's pod or Service network",
    });
    expect(policy("127.0.0.1")).toEqual({ allowed: true });
    expect(policy("::ffff:127.0.0.1")).toEqual({ allowed: true });
    expect(policy("10.9.3.4")).toEqual({ allowed: true });
    expect(policy("10.10.0.1").allowed).toBe(false);
  });

  it("agrees with a naive reference on random IPv4 addresses", () => {
    const ranges: [string, number][] = [
      ["169.254.169.254", 32],
      ["0.0.0.0", 8],
      ["127.0.0.0", 8],
      ["169.254.0.0", 16],
      ["10.0.0.0", 8],
      ["172.16.0.0", 12],
      ["192.168.0.0", 16],
      ["100.64.0.0", 10],
      ["192.0.0.0", 24],
      ["198.18.0.0", 15],
      ["224.0.0.0", 4],
      ["240.0.0.0", 4],
      ["169.254.170.2", 32],
      ["100.100.100.200", 32],
    ];
    const toInt = (a: string) => a.split(".").reduce((n, o) => n * 256 + Number(o), 0);
    const inRange = (ip: number, [base, prefix]: [string, number]) =>
      Math.floor(ip / 2 ** (32 - prefix)) === Math.floor(toInt(base) / 2 ** (32 - prefix));
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        const refused = ranges.some((r) => inRange(toInt(ip), r));
        expect(check(ip).allowed).toBe(!refused);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("the ranges an operator allows", () => {
  it("reads CIDRs and single addresses, and refuses a malformed entry with a clear message", () => {
    expect(allowedRanges({ VIGIL_HANDSHAKE_ALLOWED_RANGES: " 127.0.0.0/8, ::1 ,," })).toEqual([
      "127.0.0.0/8",
      "::1",
    ]);
    expect(allowedRanges({})).toEqual([]);
    expect(() => allowedRanges({ VIGIL_HANDSHAKE_ALLOWED_RANGES: "10.0.0.0/33" })).toThrow(
      expect.objectContaining({ code: "bad-input" }),
    );
    expect(() => allowedRanges({ VIGIL_HANDSHAKE_ALLOWED_RANGES: "everything" })).toThrow(
      expect.objectContaining({ code: "bad-input" }),
    );
  });

  it("takes the cluster's networks from node pod CIDRs, pod IPs and Service cluster IPs", () => {
    const snapshot: Snapshot = {
      ...emptySnapshot(),
      nodes: [{ name: "n1", labels: {}, addresses: [], podCIDRs: ["198.51.100.0/24"] }],
      services: [
        {
          namespace: "a",
          name: "s",
          labels: {},
          type: "ClusterIP" as const,
          selector: {},
          ports: [],
          clusterIPs: ["203.0.113.10", "None"],
          externalIPs: [],
          loadBalancerSourceRanges: [],
        },
      ],
    };
    expect(clusterNetworksOf(snapshot)).toEqual(["198.51.100.0/24", "203.0.113.10"]);
  });
});
