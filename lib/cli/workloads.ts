import { parseFlags } from "@/lib/cli/args";
import type { CliCommand } from "@/lib/cli/command";
import { loadInput } from "@/lib/cli/load-input";
import { compareFindings } from "@/lib/findings/types";
import { findNetworkRisks } from "@/lib/netpol/find-network-risks";
import { evaluateWorkloads } from "@/lib/workloads/evaluate-workloads";
import { findWorkloadRisks } from "@/lib/workloads/find-workload-risks";

// `vigil workloads pss | findings` (docs/cli.md): Pod Security per pod and pod template as
// the PodSecurity admission plugin decides it, and the hardening findings POD-001..017 and EXP-001..006.

const pss: CliCommand = {
  name: "workloads pss",
  summary: "Pod Security level of every pod and pod template, with each failing check and field",
  usage: "workloads pss --manifests P...",
  async run(argv) {
    const flags = parseFlags(argv, { manifests: { multiple: true, required: true } });
    const snapshot = await loadInput(flags.all("manifests"));
    return {
      workloads: evaluateWorkloads(snapshot).workloads.map((w) => ({
        object: w.object,
        level: w.level,
        violations: w.violations.map((v) => ({
          check: v.check,
          level: v.level,
          ...(v.container !== undefined ? { container: v.container } : {}),
          field: v.field,
          message: v.message,
        })),
        namespaceEnforce: w.namespaceEnforce,
        rejectedByNamespace: w.rejectedByNamespace,
      })),
    };
  },
};

const findings: CliCommand = {
  name: "workloads findings",
  summary: "Workload hardening and exposure findings POD-001..017 and EXP-001..006",
  usage: "workloads findings --manifests P...",
  async run(argv) {
    const flags = parseFlags(argv, { manifests: { multiple: true, required: true } });
    const snapshot = await loadInput(flags.all("manifests"));
    const internetExposed = findNetworkRisks(snapshot).filter((f) => f.rule === "NET-003");
    return {
      findings: findWorkloadRisks(snapshot, { internetExposed })
        .sort(compareFindings)
        .map((f) => ({
          rule: f.rule,
          severity: f.severity,
          object: f.object,
          ...(f.container !== undefined ? { container: f.container } : {}),
          ...(f.field !== undefined ? { field: f.field } : {}),
          message: f.message,
        })),
    };
  },
};

export const workloadsCommands: readonly CliCommand[] = [pss, findings];
