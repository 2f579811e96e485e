import type { Protocol, Snapshot } from "@/lib/model/types";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import { canConnect } from "@/lib/netpol/can-connect";
import { explainConnection } from "@/lib/netpol/explain-connection";
import { resolveEndpoint } from "@/lib/netpol/resolve-endpoint";
import { pod } from "@/lib/netpol/testing/build";

// The questions and the two pods the reachability tests (reachability*.test.ts) share: can `from` start a
// connection to `to` on a protocol and port, and why.

export function can(snapshot: Snapshot, from: string, to: string, proto: Protocol = "TCP", port = 80) {
  const a = analyzeNetwork(snapshot);
  return canConnect(a, resolveEndpoint(a, from), resolveEndpoint(a, to), proto, port);
}
export function allowed(
  snapshot: Snapshot,
  from: string,
  to: string,
  proto: Protocol = "TCP",
  port = 80,
): boolean {
  return can(snapshot, from, to, proto, port).allowed;
}
export function explain(snapshot: Snapshot, from: string, to: string, proto: Protocol = "TCP", port = 80) {
  const a = analyzeNetwork(snapshot);
  return explainConnection(a, resolveEndpoint(a, from), resolveEndpoint(a, to), proto, port);
}

export const web = pod("shop", "web", { app: "web" }, { podIPs: ["10.0.0.10"] });
export const api = pod(
  "shop",
  "api",
  { app: "api" },
  { podIPs: ["10.0.0.11"], ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }] },
);
