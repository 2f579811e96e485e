import type { Pod, Snapshot } from "@/lib/model/types";
import { pod } from "@/lib/netpol/testing/build";

// What the reachability pod fixtures share (lib/netpol/testing/reachability-fixtures.ts): the addresses they are
// built on, and the three pods most of them start from. Test-only code.

export interface FixtureNet {
  ip(host: number): string;
  cidr(host: number, bits: number): string;
}

/** The unit tests' addresses: 10.0.0.0/24. */
export const UNIT_NET: FixtureNet = { ip: (h) => `10.0.0.${h}`, cidr: (h, b) => `10.0.0.${h}/${b}` };

export interface PodFixture {
  title: string;
  snapshot: Snapshot;
}

export function base(net: FixtureNet) {
  const web = pod("shop", "web", { app: "web" }, { podIPs: [net.ip(10)] });
  const api = pod(
    "shop",
    "api",
    { app: "api" },
    { podIPs: [net.ip(11)], ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }] },
  );
  const other = pod("other", "client", { app: "client" }, { podIPs: [net.ip(12)] });
  return { web, api, other };
}

export const at = (net: FixtureNet, host: number, p: Pod): Pod => ({ ...p, podIPs: [net.ip(host)] });
