import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { POD_RANGE } from "@/dev/dataplane/scenario";

// The routed pod network of the dataplane test, on this machine only: one network namespace per pod, a veth
// pair to the root namespace, the pod's /32 on its end and a /32 route to it on the root's end (proxy ARP
// answers the pod's neighbour lookups). Forwarding is switched on for these veths only (per-interface, never
// the machine's global ip_forward), and POD_RANGE is an unreachable route in the root namespace, so nothing a
// pod sends can leave the machine. Everything the test creates carries the prefix "vgdp".

export const PREFIX = "vgdp";
const NFT_TABLE = "kube-network-policies";

function log(message: string): void {
  process.stderr.write(`[dataplane] ${message}\n`);
}

function sh(cmd: string, args: string[], opts: { ignoreFailure?: boolean } = {}): string {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  if (r.status !== 0 && !opts.ignoreFailure) {
    throw new Error(`${cmd} ${args.join(" ")} failed: ${(r.stderr || r.error?.message || "").trim()}`);
  }
  return r.stdout ?? "";
}

function ok(cmd: string, args: string[]): boolean {
  return spawnSync(cmd, args, { stdio: "ignore" }).status === 0;
}

/**
 * What the test needs from this machine, checked before anything is built or started. Each problem is one
 * sentence saying what is missing; an empty list means the machine can run the test.
 */
export function hostProblems(): string[] {
  const problems: string[] = [];
  if (process.platform !== "linux") return ["the dataplane test needs Linux (network namespaces, nftables)"];
  if (process.getuid?.() !== 0)
    problems.push("it must run as root (network namespaces, veth pairs, nftables)");
  for (const [cmd, pkg] of [
    ["ip", "iproute2"],
    ["nft", "nftables"],
    ["unshare", "util-linux"],
  ] as const) {
    if (!ok("sh", ["-c", `command -v ${cmd}`])) problems.push(`'${cmd}' is missing (Debian package ${pkg})`);
  }
  if (problems.length > 0) return problems;
  const check = `${PREFIX}-check`;
  if (!ok("nft", ["add", "table", "inet", check])) {
    problems.push("the kernel has no usable nf_tables (nft add table failed)");
  } else {
    ok("nft", ["delete", "table", "inet", check]);
  }
  if (!existsSync("/proc/net/netfilter/nfnetlink_queue")) {
    problems.push("the kernel has no nfnetlink_queue (NFQUEUE), which kube-network-policies needs");
  }
  if (!ok("ip", ["netns", "add", check])) {
    problems.push("'ip netns add' failed: the kernel or this container does not allow network namespaces");
  } else {
    if (!ok("ip", ["link", "add", `${PREFIX}chk`, "type", "veth", "peer", "name", "eth0", "netns", check])) {
      problems.push("veth pairs cannot be created (ip link add type veth failed)");
    }
    ok("ip", ["netns", "del", check]);
  }
  return problems;
}

/** Processes a crashed run left: kube-network-policies for our node, and netprobe from the tool cache. */
function staleProcesses(nodeName: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ");
    } catch {
      continue;
    }
    const knp =
      cmdline.includes("kube-network-policies") && cmdline.includes(`--hostname-override=${nodeName}`);
    const probe = /\/vigil\/netprobe-[0-9a-f]+\/netprobe/.test(cmdline);
    if (knp || probe) pids.push(Number(entry));
  }
  return pids;
}

/** Removes what an earlier run left behind (it crashed, or was killed): processes, namespaces, links, rules. */
export function cleanStale(nodeName: string): void {
  for (const pid of staleProcesses(nodeName)) {
    log(`stopping a process left by an earlier run (pid ${pid})`);
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  const namespaces = sh("ip", ["netns", "list"])
    .split("\n")
    .map((l) => l.split(" ")[0] ?? "")
    .filter((n) => n.startsWith(`${PREFIX}-`));
  for (const ns of namespaces) sh("ip", ["netns", "del", ns], { ignoreFailure: true });
  const links = sh("ip", ["-o", "link", "show"])
    .split("\n")
    .map((l) => /^\d+:\s+([^:@\s]+)/.exec(l)?.[1] ?? "")
    .filter((n) => n.startsWith(PREFIX));
  for (const link of links) sh("ip", ["link", "del", link], { ignoreFailure: true });
  if (namespaces.length + links.length > 0) {
    log(`removed ${namespaces.length} namespaces and ${links.length} links left by an earlier run`);
  }
  removeKnpTable();
  sh("ip", ["route", "del", "unreachable", POD_RANGE], { ignoreFailure: true });
}

/**
 * Its DNS cache's table, written only with --admin-network-policy (on a kernel without nft_queue its rules
 * fail to load, and the table never appears).
 */
const NFT_DNS_TABLE = "kube-network-policies-dnscache";

/** kube-network-policies removes its tables when it stops cleanly; this is for when it did not. */
export function removeKnpTable(): void {
  for (const table of [NFT_TABLE, NFT_DNS_TABLE])
    if (ok("nft", ["list", "table", "inet", table])) sh("nft", ["delete", "table", "inet", table]);
}

export function knpTableExists(): boolean {
  return ok("nft", ["list", "table", "inet", NFT_TABLE]);
}

/** The IPv4 addresses in kube-network-policies' set of local pods that policies select. */
export function knpSelectedIps(): Set<string> {
  const r = spawnSync("nft", ["-j", "list", "set", "inet", NFT_TABLE, "podips-v4"], { encoding: "utf8" });
  if (r.status !== 0) return new Set();
  const doc = JSON.parse(r.stdout) as { nftables: { set?: { elem?: unknown[] } }[] };
  const elems = doc.nftables.find((x) => x.set)?.set?.elem ?? [];
  return new Set(elems.filter((e): e is string => typeof e === "string"));
}

export function fenceRange(): void {
  sh("ip", ["route", "replace", "unreachable", POD_RANGE]);
}

export function unfenceRange(): void {
  sh("ip", ["route", "del", "unreachable", POD_RANGE], { ignoreFailure: true });
}

export interface PodNetwork {
  netns: string;
  hostLink: string;
  ip: string;
}

function sysctl(path: string, value: string): void {
  writeFileSync(`/proc/sys/${path}`, value);
}

/** One namespace per pod: `${PREFIX}-${scenario}-${n}`, its veth end eth0 with the pod IP, routes both ways. */
export function createPodNetworks(scenario: number, ips: string[]): PodNetwork[] {
  const made: PodNetwork[] = [];
  try {
    ips.forEach((ip, n) => {
      const pn = { netns: `${PREFIX}-${scenario}-${n}`, hostLink: `${PREFIX}${scenario}p${n}`, ip };
      sh("ip", ["netns", "add", pn.netns]);
      made.push(pn);
      sh("ip", ["link", "add", pn.hostLink, "type", "veth", "peer", "name", "eth0", "netns", pn.netns]);
      sh("ip", ["-n", pn.netns, "addr", "add", `${ip}/32`, "dev", "eth0"]);
      sh("ip", ["-n", pn.netns, "link", "set", "lo", "up"]);
      sh("ip", ["-n", pn.netns, "link", "set", "eth0", "up"]);
      // The pod reaches the test's range only, through its veth; nothing else is routed from inside.
      sh("ip", ["-n", pn.netns, "route", "add", POD_RANGE, "dev", "eth0"]);
      sysctl(`net/ipv4/conf/${pn.hostLink}/proxy_arp`, "1");
      sysctl(`net/ipv4/neigh/${pn.hostLink}/proxy_delay`, "0");
      sysctl(`net/ipv4/conf/${pn.hostLink}/forwarding`, "1");
      sh("ip", ["link", "set", pn.hostLink, "up"]);
      sh("ip", ["route", "add", `${ip}/32`, "dev", pn.hostLink]);
    });
  } catch (err) {
    removePodNetworks(made);
    throw err;
  }
  return made;
}

/** Deleting a namespace deletes its veth pair, and with the root's end the /32 route. */
export function removePodNetworks(networks: readonly PodNetwork[]): void {
  for (const pn of networks) sh("ip", ["netns", "del", pn.netns], { ignoreFailure: true });
}
