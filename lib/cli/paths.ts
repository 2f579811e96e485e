import { parseFlags } from "@/lib/cli/args";
import type { CliCommand } from "@/lib/cli/command";
import { loadInput } from "@/lib/cli/load-input";
import { VigilError } from "@/lib/errors";
import { analysePaths } from "@/lib/paths/analyse-paths";
import { buildAttackGraph } from "@/lib/paths/build-attack-graph";
import { findPaths } from "@/lib/paths/find-paths";
import { parseEntry, parseFix, parseTarget } from "@/lib/paths/specs";
import { applyPathFixes } from "@/lib/paths/what-if";
import type { AttackPath } from "@/lib/paths/types";

// `vigil paths edges | find` (docs/cli.md): the attack graph over manifests, and the shortest
// paths (fewest hops, then fewest assumptions) from an entry point to a target.

function parseMaxHops(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[0-9]+$/.test(text) || Number(text) < 1) {
    throw new VigilError("bad-input", `--max-hops must be a whole number of at least 1, not "${text}"`);
  }
  return Number(text);
}

const edgesCommand: CliCommand = {
  name: "paths edges",
  summary: "The attack graph: every edge (ATTACK-0xx) with its evidence and the assumption it needs, if any.",
  usage:
    "paths edges --manifests P... [--lateral]   (--lateral adds container-to-container edges, ATTACK-002)",
  async run(argv) {
    const flags = parseFlags(argv, {
      manifests: { multiple: true, required: true },
      lateral: { boolean: true },
    });
    const snapshot = await loadInput(flags.all("manifests"));
    const { graph } = buildAttackGraph(snapshot, { lateral: flags.has("lateral") });
    return { edges: graph.edges };
  },
};

const DEFAULT_TARGETS = ["cluster-admin", "all-nodes", "cloud-credentials"];

const findCommand: CliCommand = {
  name: "paths find",
  summary: "Shortest attack paths from an entry point to targets, and the PATH findings.",
  usage:
    "paths find --manifests P... [--from internet|any-pod|any-pod:NS|REF] [--to cluster-admin|all-nodes|cloud-credentials|secrets|secrets:NS|namespace-admin[:NS]|REF]... [--max-hops N]\n" +
    "  REF: container:ns/pod/name, pod:ns/name, sa:ns/name, user:NAME, group:NAME, node:NAME, secret:ns/name\n" +
    "  defaults: --from internet, --to cluster-admin all-nodes cloud-credentials\n" +
    "  --what-if default-deny:NS | enforce-baseline:NS | enforce-restricted:NS   search as if the fix were applied",
  async run(argv) {
    const flags = parseFlags(argv, {
      manifests: { multiple: true, required: true },
      from: {},
      to: { multiple: true },
      "max-hops": {},
      "what-if": { multiple: true },
    });
    const fixes = flags.all("what-if").map(parseFix);
    const entry = parseEntry(flags.one("from") ?? "internet");
    const targets = (flags.has("to") ? flags.all("to") : DEFAULT_TARGETS).map(parseTarget);
    const maxHops = parseMaxHops(flags.one("max-hops"));
    const loaded = await loadInput(flags.all("manifests"));
    const snapshot = fixes.length > 0 ? applyPathFixes(loaded, fixes) : loaded;
    const analysis = analysePaths(snapshot);
    const paths: AttackPath[] = targets.flatMap((t) =>
      findPaths(analysis.graph, entry, t, maxHops !== undefined ? { maxHops } : {}),
    );
    return { paths, findings: analysis.findings };
  },
};

export const pathsCommands: readonly CliCommand[] = [edgesCommand, findCommand];
