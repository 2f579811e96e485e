import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { adminClient, type AdminClient } from "@/dev/cluster/admin-client";
import { ensureKubeApiserver } from "@/dev/cluster/build-kube";
import { down, up } from "@/dev/cluster/control-plane";
import { applyScenario, clearScenario, installTierCrds, readBack } from "@/dev/dataplane/cluster-objects";
import { casesOf, compareRows, describeRow, summaryLine, type ProbeRow } from "@/dev/dataplane/compare";
import {
  ensureKubeNetworkPolicies,
  ensureNetprobe,
  kernelHasNftQueue,
  KNP_VERSION,
} from "@/dev/dataplane/build-tools";
import { FIXTURE_SCENARIOS } from "@/dev/dataplane/fixture-scenarios";
import {
  cleanStale,
  createPodNetworks,
  fenceRange,
  hostProblems,
  removePodNetworks,
  unfenceRange,
  type PodNetwork,
} from "@/dev/dataplane/host-network";
import { KNP_LOG, startKnp, type KnpProcess } from "@/dev/dataplane/knp-process";
import {
  demoScenario,
  randomScenarios,
  tiersFixtureScenario,
  tiersImplementationDefinedScenario,
} from "@/dev/dataplane/more-scenarios";
import {
  NODE_NAME,
  policyPorts,
  scenarioPods,
  subnet,
  usesTiers,
  type Scenario,
} from "@/dev/dataplane/scenario";
import { vigilAnswers } from "@/dev/dataplane/vigil-answers";
import type { Protocol } from "@/lib/model/types";

// `npm run test:dataplane`: Vigil's reachability answers against packets. For each scenario (the unit tests'
// pod fixtures, the demo's namespaces, seeded random clusters, and the v1alpha1 policy tiers: their fixture
// and seeded random clusters with AdminNetworkPolicies and a BaselineAdminNetworkPolicy) it builds a routed pod network of network
// namespaces, creates the objects in the local API server, lets kube-network-policies (the Kubernetes
// project's reference NetworkPolicy implementation) enforce them, probes every (source pod, destination pod,
// protocol, port), and compares each result with Vigil's answer on the objects read back from the API server.
// Prints "N probes, N agree"; exits 1 on any disagreement that is not a documented implementation-defined
// case, and when the machine lacks what the test needs.

const SEED = Number(process.env.VIGIL_DATAPLANE_SEED ?? 20261130);
/** Runs only the scenarios whose name contains this text (while working on one). */
const ONLY = process.env.VIGIL_DATAPLANE_ONLY ?? "";
const RANDOM_SCENARIOS = 4;
const RANDOM_TIER_SCENARIOS = 6;
const RANDOM_PODS = 6;
const TIMEOUT_MS = 800;
const RETRY_TIMEOUT_MS = 2500;
const CONCURRENCY = 48;

function log(message: string): void {
  process.stderr.write(`[dataplane] ${message}\n`);
}

interface ProbeResult {
  id: number;
  reached: boolean;
  how: string;
  retried: boolean;
}

function runNetprobe(binary: string, plan: unknown): Promise<ProbeResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [], { stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) reject(new Error(`netprobe failed (${code}): ${err.trim()}`));
      else resolve(JSON.parse(out) as ProbeResult[]);
    });
    child.stdin.end(JSON.stringify(plan));
  });
}

interface Context {
  client: AdminClient;
  knpBinary: string;
  /** The running kube-network-policies: NetworkPolicy only, or (for a scenario with tiers) with the tiers. */
  knp: KnpProcess | undefined;
  knpTiers: boolean;
  netprobe: string;
  sctp: boolean;
  skippedSctp: number;
  /** Probes that got no answer at first and did at the longer second try (a slow machine, not a verdict). */
  lateAnswers: number;
}

async function runScenario(ctx: Context, index: number, scenario: Scenario): Promise<ProbeRow[]> {
  const net = subnet(index);
  const pods = scenarioPods(scenario);
  for (const p of pods) {
    if (!p.ip.startsWith(`${net.prefix}.`))
      throw new Error(`${p.namespace}/${p.name}: ${p.ip} is outside ${net.prefix}.0/24`);
    if (p.hostNetwork)
      throw new Error(`${p.namespace}/${p.name}: hostNetwork pods are not probed (docs/verification.md)`);
  }
  let networks: PodNetwork[] = [];
  const tiers = usesTiers(scenario);
  try {
    networks = createPodNetworks(
      index,
      pods.map((p) => p.ip),
    );
    if (tiers) {
      // With the tiers it queues every new connection and has no set to wait on: it starts after the objects.
      await ctx.knp?.stop();
      ctx.knp = undefined;
      await applyScenario(ctx.client, scenario, net, false);
      ctx.knp = await startKnp(ctx.knpBinary, ctx.client, true);
      ctx.knpTiers = true;
    } else {
      if (!ctx.knp || ctx.knpTiers) {
        await ctx.knp?.stop();
        ctx.knp = await startKnp(ctx.knpBinary, ctx.client);
        ctx.knpTiers = false;
      }
      await applyScenario(ctx.client, scenario, net);
    }
    const extra = policyPorts(scenario);
    const portsOf = (i: number) => {
      const seen = new Set<string>();
      const all = [
        ...(pods[i]?.ports ?? []),
        ...extra,
        { protocol: "TCP", port: 80 },
        { protocol: "UDP", port: 53 },
      ];
      return all.filter((p) => {
        const key = `${p.protocol}/${p.port}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    };
    const listeners: object[] = [];
    const probes: { id: number; netns: string; src: string; dst: string; proto: string; port: number }[] = [];
    const questions: { from: string; to: string; protocol: Protocol; port: number }[] = [];
    pods.forEach((dst, d) => {
      for (const p of portsOf(d)) {
        if (p.protocol === "SCTP" && !ctx.sctp) continue;
        listeners.push({ netns: networks[d]?.netns, ip: dst.ip, proto: p.protocol, port: p.port });
      }
    });
    pods.forEach((src, s) => {
      pods.forEach((dst, d) => {
        for (const p of portsOf(d)) {
          if (p.protocol === "SCTP" && !ctx.sctp) {
            ctx.skippedSctp++;
            continue;
          }
          probes.push({
            id: probes.length,
            netns: networks[s]?.netns ?? "",
            src: src.ip,
            dst: dst.ip,
            proto: p.protocol,
            port: p.port,
          });
          questions.push({
            from: `${src.namespace}/${src.name}`,
            to: `${dst.namespace}/${dst.name}`,
            protocol: p.protocol as Protocol,
            port: p.port,
          });
        }
      });
    });
    const answers = vigilAnswers(await readBack(ctx.client), questions);
    const results = await runNetprobe(ctx.netprobe, {
      listeners,
      probes,
      timeoutMs: TIMEOUT_MS,
      retryTimeoutMs: RETRY_TIMEOUT_MS,
      concurrency: CONCURRENCY,
    });
    ctx.lateAnswers += results.filter((r) => r.retried && r.reached).length;
    return results.map((r, i) => {
      const q = questions[i];
      const a = answers[i];
      if (!q || !a || r.id !== i) throw new Error("netprobe answered out of order");
      return { scenario: scenario.name, ...q, reached: r.reached, how: r.how, vigil: a };
    });
  } finally {
    if (tiers) {
      await ctx.knp?.stop();
      ctx.knp = undefined;
    }
    await clearScenario(ctx.client, scenario);
    removePodNetworks(networks);
  }
}

async function main(): Promise<number> {
  const problems = hostProblems();
  if (problems.length > 0) {
    log("this machine cannot run the dataplane test:");
    for (const p of problems) log(`  - ${p}`);
    return 1;
  }
  const started = Date.now();
  cleanStale(NODE_NAME);
  await ensureKubeApiserver();
  const nftCompat = !kernelHasNftQueue();
  if (nftCompat) {
    log(
      "this kernel has no nft_queue (CONFIG_NFT_QUEUE): kube-network-policies queues through nft_compat's NFQUEUE target",
    );
  }
  const knpBinary = await ensureKubeNetworkPolicies({ nftCompat });
  const netprobe = await ensureNetprobe();
  const caps = JSON.parse(spawnSync(netprobe, ["capabilities"], { encoding: "utf8" }).stdout) as {
    sctp: boolean;
  };
  if (!caps.sctp) log("this kernel has no SCTP: SCTP probes are skipped (counted below)");
  const builders = [
    ...FIXTURE_SCENARIOS,
    await demoScenario(),
    ...randomScenarios(SEED, RANDOM_SCENARIOS, RANDOM_PODS, caps.sctp),
    await tiersFixtureScenario(),
    tiersImplementationDefinedScenario,
    ...randomScenarios(SEED, RANDOM_TIER_SCENARIOS, RANDOM_PODS, caps.sctp, true),
  ];

  await down({ quiet: true });
  await up({ seed: async () => {} });
  const client = adminClient();
  writeFileSync(KNP_LOG, "");
  const ctx: Context = {
    client,
    knpBinary,
    knp: undefined,
    knpTiers: false,
    netprobe,
    sctp: caps.sctp,
    skippedSctp: 0,
    lateAnswers: 0,
  };
  const stopAll = async () => {
    await ctx.knp?.stop();
    ctx.knp = undefined;
    cleanStale(NODE_NAME);
    unfenceRange();
    client.close();
    await down({ quiet: true });
  };
  const onSignal = () => {
    log("interrupted: cleaning up");
    void stopAll().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const rows: ProbeRow[] = [];
  try {
    fenceRange();
    await installTierCrds(client);
    const probing = Date.now();
    for (const [i, build] of builders.entries()) {
      const scenario = build(subnet(i + 1));
      if (!scenario.name.includes(ONLY)) continue;
      const t = Date.now();
      const scenarioRows = await runScenario(ctx, i + 1, scenario);
      rows.push(...scenarioRows);
      const c = compareRows(scenarioRows);
      log(
        `${scenario.source}: ${scenario.name}: ${summaryLine(c)} (${((Date.now() - t) / 1000).toFixed(1)} s)`,
      );
    }
    const comparison = compareRows(rows);
    const seconds = (Date.now() - started) / 1000;
    const implementationDefined: Record<string, number> = {};
    for (const r of rows)
      for (const c of casesOf(r.vigil)) implementationDefined[c] = (implementationDefined[c] ?? 0) + 1;
    const report = {
      implementation: `sigs.k8s.io/kube-network-policies ${KNP_VERSION}`,
      seed: SEED,
      scenarios: builders.length,
      probes: comparison.probes,
      reached: rows.filter((r) => r.reached).length,
      dropped: rows.filter((r) => !r.reached).length,
      agree: comparison.agree,
      explained: comparison.explained.map((e) => ({ probe: describeRow(e.row), case: e.difference.case })),
      disagree: comparison.unexplained.map(describeRow),
      /** Probes whose answer Vigil marked implementation-defined, per case (agreeing or explained). */
      implementationDefinedProbes: implementationDefined,
      skippedSctpProbes: ctx.skippedSctp,
      lateAnswers: ctx.lateAnswers,
      probingSeconds: Math.round((Date.now() - probing) / 1000),
      totalSeconds: Math.round(seconds),
    };
    mkdirSync("test-results/summary", { recursive: true });
    writeFileSync("test-results/summary/dataplane.json", JSON.stringify(report, null, 2) + "\n");
    for (const e of comparison.explained)
      log(`implementation-defined: ${describeRow(e.row)}: ${e.difference.reason}`);
    for (const r of comparison.unexplained) log(`DISAGREE ${describeRow(r)}`);
    log(
      `${summaryLine(comparison)} (${report.reached} reached, ${report.dropped} dropped; ${builders.length} scenarios, seed ${SEED}; ${ctx.skippedSctp} SCTP probes skipped; ${Math.round(seconds)} s)`,
    );
    const cases = Object.entries(implementationDefined).map(([c, n]) => `${c} ${n}`);
    if (cases.length > 0) log(`answers marked implementation-defined: ${cases.join(", ")}`);
    if (comparison.unexplained.length > 0) log(`kube-network-policies' log (every verdict): ${KNP_LOG}`);
    return comparison.unexplained.length === 0 ? 0 : 1;
  } finally {
    await stopAll();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
