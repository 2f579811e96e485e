import { POD_FIXTURES } from "@/lib/netpol/testing/reachability-fixtures";
import { fromSnapshot, type ScenarioBuilder } from "@/dev/dataplane/scenario";

// The pod fixtures of the reachability engine's unit tests (lib/netpol/testing/reachability-fixtures.ts, the
// same clusters lib/netpol/reachability.test.ts checks), with the pods' addresses in the dataplane test's range.

export const FIXTURE_SCENARIOS: ScenarioBuilder[] = POD_FIXTURES.map((build) => (net) => {
  const f = build(net);
  return fromSnapshot(f.title, "unit fixture", f.snapshot);
});
