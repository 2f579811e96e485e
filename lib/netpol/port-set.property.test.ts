import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  EMPTY_PORTS,
  intersectPorts,
  isEmptyPorts,
  portsMeet,
  portsOf,
  unionPorts,
  type PortSet,
} from "@/lib/netpol/port-set";

// portsMeet answers "do two port sets share a port" without building the intersection (the candidate-source
// step asks it for every rule pair): it must agree with the intersection on any sets.

const portSetArb: fc.Arbitrary<PortSet> = fc
  .array(
    fc.record({
      protocol: fc.constantFrom("TCP" as const, "UDP" as const, "SCTP" as const),
      from: fc.integer({ min: 1, max: 70 }),
      span: fc.integer({ min: 0, max: 20 }),
    }),
    { maxLength: 6 },
  )
  .map((ranges) =>
    ranges.reduce(
      (acc, r) => unionPorts(acc, portsOf(r.protocol, r.from, Math.min(65535, r.from + r.span))),
      EMPTY_PORTS,
    ),
  );

describe("portsMeet", () => {
  it("agrees with a non-empty intersection", () => {
    fc.assert(
      fc.property(portSetArb, portSetArb, (a, b) => {
        expect(portsMeet(a, b)).toBe(!isEmptyPorts(intersectPorts(a, b)));
      }),
      { numRuns: 2000 },
    );
  });

  it("sees adjacent ranges as apart and a shared end port as meeting", () => {
    expect(portsMeet(portsOf("TCP", 1, 79), portsOf("TCP", 80, 90))).toBe(false);
    expect(portsMeet(portsOf("TCP", 1, 80), portsOf("TCP", 80, 90))).toBe(true);
    expect(portsMeet(portsOf("TCP", 80, 80), portsOf("UDP", 80, 80))).toBe(false);
  });
});
