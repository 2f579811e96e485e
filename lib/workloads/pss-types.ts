import type { Container, PodSpecSummary } from "@/lib/model/types";

// The Pod Security Standards vocabulary (docs/semantics.md §4): levels, check IDs as the PodSecurity admission
// plugin names them, and what one check says about one pod spec.

export const PSS_LEVELS = ["privileged", "baseline", "restricted"] as const;
export type PssLevel = (typeof PSS_LEVELS)[number];

export type CheckId =
  | "allowPrivilegeEscalation"
  | "appArmorProfile"
  | "capabilities_baseline"
  | "capabilities_restricted"
  | "hostNamespaces"
  | "hostPathVolumes"
  | "hostPorts"
  | "hostProbesAndHostLifecycle"
  | "privileged"
  | "procMount"
  | "procMount_restricted"
  | "restrictedVolumes"
  | "runAsNonRoot"
  | "runAsUser"
  | "seLinuxOptions"
  | "seccompProfile_baseline"
  | "seccompProfile_restricted"
  | "sysctls"
  | "windowsHostProcess";

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
  /** Every container with its full field path, in the order the plugin visits them (see `pssInput`). */
  containers: readonly VisitedContainer[];
}

/** A Pod Security input; its containers are listed once here, for every check to walk. */
export function pssInput(
  spec: PodSpecSummary,
  specPath: string,
  annotationsPath: string,
  isPod: boolean,
): PssInput {
  const containers: VisitedContainer[] = [];
  const at = (c: Container) => containers.push({ container: c, path: `${specPath}.${c.field}` });
  // initContainers holds the ephemeral containers too: the plugin visits init, regular, then ephemeral.
  for (const c of spec.initContainers) if (c.field.startsWith("initContainers[")) at(c);
  for (const c of spec.containers) at(c);
  for (const c of spec.initContainers) if (c.field.startsWith("ephemeralContainers[")) at(c);
  return { spec, specPath, annotationsPath, isPod, containers };
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

interface CheckVersion {
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
interface VisitedContainer {
  container: Container;
  path: string;
}

/** A container that a check finds fault with, and what it found. */
interface Offender<T> {
  name: string;
  path: string;
  value: T;
}

/**
 * The containers, in the plugin's order, for which `probe` finds something: the walk every container check
 * starts with. Undefined when none does, so the common case (a compliant pod) allocates nothing.
 */
export function offenders<T>(
  input: PssInput,
  probe: (c: Container, input: PssInput) => T | undefined,
): Offender<T>[] | undefined {
  let out: Offender<T>[] | undefined;
  for (const { container, path } of input.containers) {
    const value = probe(container, input);
    if (value !== undefined) (out ??= []).push({ name: container.name, path, value });
  }
  return out;
}

/** The violation of one offending container: its field below the container, and what is wrong with it. */
export function violationAt(o: Offender<unknown>, field: string, message: string): PssViolation {
  return { container: o.name, field: `${o.path}.${field}`, message };
}

export const namesOf = (list: readonly Offender<unknown>[]): string[] => list.map((o) => o.name);

/** The plugin's `container "a"` / `containers "a", "b"`. */
export function containersOf(names: readonly string[]): string {
  return `${pluralize("container", "containers", names.length)} ${joinQuote(names)}`;
}

/** The plugin's subject of a message: `pod`, `containers "a", "b"` or `pod and container "a"`; "" for neither. */
export function settersOf(pod: boolean, containers: readonly Offender<unknown>[] | undefined): string {
  const setters: string[] = pod ? ["pod"] : [];
  if (containers) setters.push(containersOf(namesOf(containers)));
  return setters.join(" and ");
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
