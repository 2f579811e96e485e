import { buildSnapshot } from "@/lib/model/build-snapshot";
import type { Snapshot } from "@/lib/model/types";
import { evaluateOne, podInput, templateInput } from "@/lib/workloads/evaluate-workloads";
import { evaluatePolicy, forbiddenDetail, minorOf, type PolicyFailure } from "@/lib/workloads/pss-policy";
import type { PssLevel } from "@/lib/workloads/pss-types";

// Test helpers (test-only code): objects go through the real mapping, as a manifest would.

type Raw = Record<string, unknown>;

export function snapshotOf(...objects: Raw[]): Snapshot {
  return buildSnapshot(
    objects.map((object) => ({ object, origin: {} })),
    { kind: "manifests", name: "test", takenAt: "2026-01-01T00:00:00Z" },
  );
}

export function podObject(spec: Raw, annotations: Record<string, string> = {}, name = "p"): Raw {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "ns", annotations }, spec };
}

export function deploymentObject(spec: Raw, annotations: Record<string, string> = {}, name = "d"): Raw {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "ns" },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name }, annotations }, spec },
    },
  };
}

/** The failing checks of a policy for a Pod (or, with `template`, a Deployment's template). */
export function failures(
  spec: Raw,
  level: PssLevel,
  version = "latest",
  opts: { annotations?: Record<string, string>; template?: boolean } = {},
): PolicyFailure[] {
  const s = snapshotOf(
    opts.template ? deploymentObject(spec, opts.annotations) : podObject(spec, opts.annotations),
  );
  const input = opts.template
    ? templateInput("Deployment", (s.workloads[0] ?? raise()).template)
    : podInput(s.pods.find((p) => !p.representative) ?? raise());
  return evaluatePolicy(input, { level, minor: minorOf(version) });
}

export function failedChecks(spec: Raw, level: PssLevel, version = "latest", opts = {}): string[] {
  return failures(spec, level, version, opts).map((f) => f.check);
}

export function detailOf(spec: Raw, level: PssLevel, version = "latest", opts = {}): string {
  return forbiddenDetail(failures(spec, level, version, opts));
}

export function levelOfPod(spec: Raw): PssLevel {
  const s = snapshotOf(podObject(spec));
  return evaluateOne(podInput(s.pods[0] ?? raise()), undefined).level;
}

function raise(): never {
  throw new Error("test input did not map");
}

/** A container that passes restricted. */
export const good = (name = "app", extra: Raw = {}): Raw => ({
  name,
  image: "registry.example/app@sha256:0123",
  securityContext: {
    allowPrivilegeEscalation: false,
    runAsNonRoot: true,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
  },
  ...extra,
});

/** `good` with its securityContext merged with `sc`. */
export const withSc = (sc: Raw, name = "app"): Raw => {
  const base = good(name);
  return { ...base, securityContext: { ...(base["securityContext"] as Raw), ...sc } };
};
