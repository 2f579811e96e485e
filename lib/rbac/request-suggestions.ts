import type { Snapshot } from "@/lib/model/types";

// What the who-can and check forms suggest for verb and resource (a datalist: any value may still be typed). From
// the cluster's discovery where Vigil may read it (every resource the API server serves, with its verbs and
// subresources), from the roles of the manifests in snapshot mode, and this known list otherwise.

export interface RequestSuggestions {
  verbs: string[];
  resources: string[];
  /** Where they come from, said under the form. */
  source: "discovery" | "manifests" | "known";
}

export const KNOWN_VERBS = [
  "get",
  "list",
  "watch",
  "create",
  "update",
  "patch",
  "delete",
  "deletecollection",
  "bind",
  "escalate",
  "impersonate",
  "approve",
];
export const KNOWN_RESOURCES = [
  "pods",
  "pods/exec",
  "secrets",
  "configmaps",
  "services",
  "deployments",
  "nodes",
  "nodes/proxy",
  "namespaces",
  "roles",
  "rolebindings",
  "clusterroles",
  "clusterrolebindings",
  "serviceaccounts",
  "serviceaccounts/token",
  "persistentvolumes",
];

export const KNOWN_SUGGESTIONS: RequestSuggestions = {
  verbs: KNOWN_VERBS,
  resources: KNOWN_RESOURCES,
  source: "known",
};

// RBAC verbs that no discovery document lists (they are checked by the authorizer, not served as endpoints).
const RBAC_ONLY_VERBS = ["bind", "escalate", "impersonate", "approve", "sign", "use"];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === "string" && s !== "") : [];
}

function sorted(set: Set<string>, first: readonly string[]): string[] {
  const known = first.filter((v) => set.has(v));
  return [...known, ...[...set].filter((v) => !known.includes(v)).sort()];
}

/**
 * From aggregated discovery documents (APIGroupDiscoveryList, apidiscovery.k8s.io/v2, as GET /api and /apis answer
 * them): every resource and `resource/subresource`, every verb. Undefined when none of them is such a document.
 */
export function suggestionsFromDiscovery(documents: readonly unknown[]): RequestSuggestions | undefined {
  const verbs = new Set<string>(RBAC_ONLY_VERBS);
  const resources = new Set<string>();
  let read = false;
  for (const doc of documents) {
    if (!isRecord(doc) || doc["kind"] !== "APIGroupDiscoveryList" || !Array.isArray(doc["items"])) continue;
    read = true;
    for (const group of doc["items"]) {
      if (!isRecord(group) || !Array.isArray(group["versions"])) continue;
      for (const version of group["versions"]) {
        if (!isRecord(version) || !Array.isArray(version["resources"])) continue;
        for (const r of version["resources"]) {
          if (!isRecord(r) || typeof r["resource"] !== "string") continue;
          resources.add(r["resource"]);
          for (const v of strings(r["verbs"])) verbs.add(v);
          for (const sub of Array.isArray(r["subresources"]) ? r["subresources"] : []) {
            if (!isRecord(sub) || typeof sub["subresource"] !== "string") continue;
            resources.add(`${r["resource"]}/${sub["subresource"]}`);
            for (const v of strings(sub["verbs"])) verbs.add(v);
          }
        }
      }
    }
  }
  if (!read || resources.size === 0) return undefined;
  return {
    verbs: sorted(verbs, KNOWN_VERBS),
    resources: sorted(resources, KNOWN_RESOURCES),
    source: "discovery",
  };
}

/** Snapshot mode: the verbs and resources the manifests' roles name (no wildcards), with the known list. */
export function suggestionsFromSnapshot(snapshot: Pick<Snapshot, "roles">): RequestSuggestions {
  const verbs = new Set<string>(KNOWN_VERBS);
  const resources = new Set<string>(KNOWN_RESOURCES);
  for (const role of snapshot.roles) {
    for (const rule of role.rules) {
      for (const v of rule.verbs) if (v !== "*") verbs.add(v);
      for (const r of rule.resources) if (!r.includes("*")) resources.add(r);
    }
  }
  return {
    verbs: sorted(verbs, KNOWN_VERBS),
    resources: sorted(resources, KNOWN_RESOURCES),
    source: "manifests",
  };
}
