import { parseFlags } from "@/lib/cli/args";
import type { CliCommand } from "@/lib/cli/command";
import { VigilError } from "@/lib/errors";
import { loadInput } from "@/lib/cli/load-input";
import type { Protocol } from "@/lib/model/types";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import { explainConnection } from "@/lib/netpol/explain-connection";
import { findNetworkRisks } from "@/lib/netpol/find-network-risks";
import { projectGraph, type GraphLevel } from "@/lib/netpol/project-graph";
import { resolveEndpoint } from "@/lib/netpol/resolve-endpoint";

// `vigil netpol can | graph | findings` (DESIGN.md "The `vigil` command"): the reachability engine over
// manifests, with the exact flags and JSON shapes of the contract.

/** "TCP/80" (the protocol in any case) -> ["TCP", 80]. */
export function parsePortFlag(text: string): { protocol: Protocol; port: number } {
  const m = /^([A-Za-z]+)\/([0-9]+)$/.exec(text);
  if (!m) throw new VigilError("bad-input", `--port must look like TCP/80, not "${text}"`);
  const protocol = (m[1] ?? "").toUpperCase();
  if (protocol !== "TCP" && protocol !== "UDP" && protocol !== "SCTP") {
    throw new VigilError("bad-input", `--port protocol must be TCP, UDP or SCTP, not "${m[1]}"`);
  }
  const port = Number(m[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new VigilError("bad-input", `--port number must be from 1 to 65535, not ${m[2]}`);
  }
  return { protocol, port };
}

const canCommand: CliCommand = {
  name: "netpol can",
  summary: "Can SRC start a connection to DST on PROTO/PORT? With the policies and rules that decide it.",
  usage:
    "netpol can --manifests P... --from SRC --to DST --port PROTO/PORT   (SRC, DST: ns/pod, ns/workload or an IP)",
  async run(argv) {
    const flags = parseFlags(argv, {
      manifests: { multiple: true, required: true },
      from: { required: true },
      to: { required: true },
      port: { required: true },
    });
    const { protocol, port } = parsePortFlag(flags.one("port") ?? "");
    const snapshot = await loadInput(flags.all("manifests"));
    const analysis = analyzeNetwork(snapshot);
    const src = resolveEndpoint(analysis, flags.one("from") ?? "");
    const dst = resolveEndpoint(analysis, flags.one("to") ?? "");
    const explanation = explainConnection(analysis, src, dst, protocol, port);
    return {
      allowed: explanation.allowed,
      implementationDefined: explanation.implementationDefined,
      explanation,
    };
  },
};

const graphCommand: CliCommand = {
  name: "netpol graph",
  summary:
    "Who can reach whom: nodes (pods, workloads or namespaces, and external ranges) and edges with ports.",
  usage: "netpol graph --manifests P... [--level pod|workload|namespace]   (default: workload)",
  async run(argv) {
    const flags = parseFlags(argv, {
      manifests: { multiple: true, required: true },
      level: { choices: ["pod", "workload", "namespace"] },
    });
    const level = (flags.one("level") ?? "workload") as GraphLevel;
    const snapshot = await loadInput(flags.all("manifests"));
    return projectGraph(analyzeNetwork(snapshot), level);
  },
};

const findingsCommand: CliCommand = {
  name: "netpol findings",
  summary: "NetworkPolicy and policy-tier findings NET-001..NET-011.",
  usage: "netpol findings --manifests P...",
  async run(argv) {
    const flags = parseFlags(argv, { manifests: { multiple: true, required: true } });
    const snapshot = await loadInput(flags.all("manifests"));
    return { findings: findNetworkRisks(snapshot) };
  },
};

export const netpolCommands: readonly CliCommand[] = [canCommand, graphCommand, findingsCommand];
