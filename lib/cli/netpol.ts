import { parseFlags } from "@/lib/cli/args";
import type { CliCommand } from "@/lib/cli/command";
import { loadInput } from "@/lib/cli/load-input";
import { parsePort } from "@/lib/model/parse-port";
import { analyzeNetwork } from "@/lib/netpol/analyze-network";
import { explainConnection } from "@/lib/netpol/explain-connection";
import { findNetworkRisks } from "@/lib/netpol/find-network-risks";
import { projectGraph, type GraphLevel } from "@/lib/netpol/project-graph";
import { resolveEndpoint } from "@/lib/netpol/resolve-endpoint";

// `vigil netpol can | graph | findings` (docs/cli.md): the reachability engine over
// manifests, with the exact flags and JSON shapes of the contract.

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
    const { protocol, port } = parsePort(flags.one("port") ?? "", "--port");
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
