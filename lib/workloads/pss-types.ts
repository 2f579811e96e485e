import type { Container, PodSpecSummary } from "@/lib/model/types";

// The Pod Security Standards vocabulary (docs/semantics.md §4): levels, check IDs as the PodSecurity admission
// plugin names them, and what one check says about one pod spec.

export const PSS_LEVELS = ["privileged", "baseline", "restricted"] as const;
export type PssLevel = (typeof PSS_LEVELS)[number];

export const CHECK_IDS = [
  "allowPrivilegeEscalation",
  "appArmorProfile",
  "capabilities_baseline",
  "capabilities_restricted",
  "hostNamespaces",
  "hostPathVolumes",
  "hostPorts",
  "hostProbesAndHostLifecycle",
  "privileged",
  "procMount",
  "procMount_restricted",
  "restrictedVolumes",
  "runAsNonRoot",
  "runAsUser",
  "seLinuxOptions",
  "seccompProfile_baseline",
  "seccompProfile_restricted",
  "sysctls",
  "windowsHostProcess",
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/** A pod spec as Pod Security sees it, with where it sits in its object (for field paths). */
export interface PssInput {
  spec: PodSpecSummary;
  /** The path of the pod spec in its object: `spec`, `spec.template.spec`, `spec.jobTemplate.spec.template.spec`. */
  specPath: string;
  /** The path of the annotations the spec's pod carries: `metadata.annotations` or `<template>.metadata.annotations`. */
  annotationsPath: string;
  /**
   * A Pod (not a template): the API server defaults hostPort from containerPort when hostNetwork is set, before
   * admission sees it; a pod template in a controller is admitted as written.
   */
  isPod: boolean;
}

/** One offending field. */
export interface PssViolation {
  container?: string;
  field: string;
  message: string;
}

/** A check that does not allow the pod: the plugin's own reason and detail, and the fields that made it fail. */
export interface CheckFailure {
  reason: string;
  detail: string;
  violations: PssViolation[];
}

export type CheckFn = (input: PssInput) => CheckFailure | undefined;

export interface CheckVersion {
  /** The first policy minor version (v1.N) this revision applies to. */
  minVersion: number;
  fn: CheckFn;
  /** Baseline checks that this restricted check replaces at the restricted level. */
  overrides?: readonly CheckId[];
}

export interface CheckDefinition {
  id: CheckId;
  level: "baseline" | "restricted";
  versions: readonly CheckVersion[];
}

/** A container with its full field path, in the order the plugin visits them: init, regular, ephemeral. */
export interface VisitedContainer {
  container: Container;
  path: string;
}

const visited = new WeakMap<PssInput, VisitedContainer[]>();

export function visitContainers(input: PssInput): VisitedContainer[] {
  const cached = visited.get(input);
  if (cached) return cached;
  const list = listContainers(input);
  visited.set(input, list);
  return list;
}

function listContainers(input: PssInput): VisitedContainer[] {
  const { spec, specPath } = input;
  const at = (c: Container) => ({ container: c, path: `${specPath}.${c.field}` });
  return [
    ...spec.initContainers.filter((c) => c.field.startsWith("initContainers[")).map(at),
    ...spec.containers.map(at),
    ...spec.initContainers.filter((c) => c.field.startsWith("ephemeralContainers[")).map(at),
  ];
}

export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

export function joinQuote(items: readonly string[]): string {
  return items.length === 0 ? "" : `"${items.join('", "')}"`;
}

/** Go's `%q` for the printable strings Kubernetes names hold. */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** A sorted set of strings, as Go's `sets.String.List()` returns it (byte order). */
export function sortedUnique(items: Iterable<string>): string[] {
  return [...new Set(items)].sort();
}

export function isWindows(input: PssInput): boolean {
  return input.spec.os === "windows";
}

/** `hostUsers: false`: the pod runs in a user namespace, which relaxes some checks from v1.35. */
export function inUserNamespace(input: PssInput): boolean {
  return input.spec.hostUsers === false;
}
