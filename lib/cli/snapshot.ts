import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { stringify } from "yaml";
import { parseFlags } from "@/lib/cli/args";
import { loadKubeConfig } from "@/lib/sources/live/kube-config";
import { isRecord } from "@/lib/sources/live/list-kind";
import { READ_KINDS, TLS_SECRETS } from "@/lib/sources/live/read-kinds";
import { readObjects, type RawObject } from "@/lib/sources/live/read-objects";
import { VigilError } from "@/lib/errors";
import type { AccessGap } from "@/lib/model/types";
import { accessGapToManifest } from "@/lib/model/map-access-gaps";

// `vigil snapshot --out DIR [--kubeconfig F] [--context C]`: reads a live cluster read-only (the same reader as
// the live modes) and writes what Vigil analyses as manifests, one `kind: List` YAML file per kind, so that
// `vigil ... --manifests DIR` and the app's snapshot mode can analyse it offline. Secrets are written as
// metadata only: their type and key names, never a value.

interface ManifestFile {
  /** e.g. "networkpolicies.yaml" */
  file: string;
  kind: string;
  items: RawObject[];
}

/** What is written of one object: no server bookkeeping, and for a Secret nothing but metadata. */
export function toManifestObject(obj: RawObject): RawObject {
  const metadata = isRecord(obj["metadata"]) ? { ...obj["metadata"] } : {};
  delete metadata["managedFields"];
  if (obj["kind"] === "Secret") {
    const data = isRecord(obj["data"]) ? obj["data"] : {};
    return {
      apiVersion: obj["apiVersion"],
      kind: "Secret",
      metadata,
      type: obj["type"],
      data: Object.fromEntries(Object.keys(data).map((k) => [k, ""])),
    };
  }
  return { ...obj, metadata };
}

/** Groups objects into one List file per kind, in the reader's order, with names sorted inside each file. */
export function manifestFiles(objects: readonly RawObject[]): ManifestFile[] {
  const files: ManifestFile[] = [];
  for (const kind of [...READ_KINDS, TLS_SECRETS]) {
    const versions = [kind.version, ...(kind.fallbackVersions ?? [])].map((version) =>
      apiVersionOf({ ...kind, version }),
    );
    const items = objects.filter(
      (o) => o["kind"] === kind.kind && versions.includes(String(o["apiVersion"])),
    );
    if (items.length === 0) continue;
    const key = (o: RawObject) => {
      const m = isRecord(o["metadata"]) ? o["metadata"] : {};
      return `${String(m["namespace"] ?? "")}/${String(m["name"] ?? "")}`;
    };
    items.sort((a, b) => key(a).localeCompare(key(b)));
    const file =
      kind.group === "" || kind.group.endsWith("k8s.io") ? kind.resource : `${kind.resource}.${kind.group}`;
    files.push({ file: `${file}.yaml`, kind: kind.kind, items: items.map(toManifestObject) });
  }
  return files;
}

function apiVersionOf(kind: { group: string; version: string }): string {
  return kind.group === "" ? kind.version : `${kind.group}/${kind.version}`;
}

export interface SnapshotResult {
  out: string;
  server: string;
  files: { file: string; kind: string; count: number }[];
  gaps: AccessGap[];
  requests: number;
}

async function takeSnapshot(opts: {
  out: string;
  kubeconfig?: string;
  context?: string;
}): Promise<SnapshotResult> {
  const kubeConfig = loadKubeConfig({ file: opts.kubeconfig, context: opts.context });
  let result;
  try {
    result = await readObjects({ kubeConfig, includeTlsSecrets: true });
  } catch (err) {
    throw new VigilError("bad-input", `cannot use the kubeconfig: ${(err as Error).message}`);
  }
  const unavailable = result.gaps.filter((g) => g.status === "unavailable");
  if (result.objects.length === 0 && unavailable.length > 0) {
    throw new VigilError(
      "unavailable",
      `cannot read the cluster at ${result.server}: ${unavailable[0]?.message ?? ""}`,
    );
  }
  const out = resolve(opts.out);
  try {
    await mkdir(out, { recursive: true });
  } catch (err) {
    throw new VigilError(
      "unreadable-path",
      `cannot create the directory ${opts.out}: ${(err as Error).message}`,
    );
  }
  const files = manifestFiles(result.objects);
  // What this identity could not read, read back as the snapshot's gaps (lib/model/map-access-gaps.ts).
  if (result.gaps.length > 0)
    files.push({ file: "access-gaps.yaml", kind: "AccessGap", items: result.gaps.map(accessGapToManifest) });
  for (const f of files) {
    const list = { apiVersion: "v1", kind: "List", items: f.items };
    await writeFile(join(out, f.file), stringify(list, { lineWidth: 0 }));
  }
  return {
    out,
    server: result.server,
    files: files.map((f) => ({ file: f.file, kind: f.kind, count: f.items.length })),
    gaps: result.gaps,
    requests: result.requests,
  };
}

/** `vigil snapshot ARGS`: loaded only when that command runs (lib/cli/snapshot-command.ts says why). */
export async function runSnapshot(argv: readonly string[]): Promise<SnapshotResult> {
  const flags = parseFlags(argv, {
    out: { required: true },
    kubeconfig: {},
    context: {},
  });
  return takeSnapshot({
    out: flags.one("out") ?? "",
    kubeconfig: flags.one("kubeconfig"),
    context: flags.one("context"),
  });
}
