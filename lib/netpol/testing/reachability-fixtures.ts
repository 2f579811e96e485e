import type { Snapshot } from "@/lib/model/types";
import { UNIT_NET, type FixtureNet, type PodFixture } from "@/lib/netpol/testing/fixture-net";
import { ISOLATION_FIXTURES } from "@/lib/netpol/testing/isolation-fixtures";
import { PEER_FIXTURES } from "@/lib/netpol/testing/peer-fixtures";

// The pod fixtures of the reachability engine's unit tests (lib/netpol/reachability.test.ts), rule by rule, in
// one place: the unit tests check Vigil's answers on them, and the dataplane test (dev/dataplane) probes the same
// clusters on a real pod network. Addresses come from `net`, so the dataplane test moves them into its own range.
// Every fixture has at least two pods (the dataplane test sends only to addresses it assigned). Test-only code.

/** The fixture whose title starts with `prefix`, on `net`. */
export function podFixture(prefix: string, net: FixtureNet = UNIT_NET): Snapshot {
  for (const build of POD_FIXTURES) {
    const f = build(net);
    if (f.title.startsWith(prefix)) return f.snapshot;
  }
  throw new Error(`no pod fixture "${prefix}"`);
}

export const POD_FIXTURES: ((net: FixtureNet) => PodFixture)[] = [...ISOLATION_FIXTURES, ...PEER_FIXTURES];
