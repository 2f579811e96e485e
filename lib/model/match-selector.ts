import type { LabelSelector, Labels } from "@/lib/model/types";

// One label-selector matcher for every engine: NetworkPolicy selectors (docs/semantics.md §1.10-1.12) and the
// clusterrole-aggregation controller's selectors (docs/semantics.md §2). matchLabels AND every matchExpression; NotIn and
// DoesNotExist match objects lacking the key; an empty selector ({}) matches everything.
export function matchesSelector(selector: LabelSelector, labels: Labels): boolean {
  // A for-in over own keys: no array of entries per call (this runs for every pod and selector).
  const required = selector.matchLabels;
  for (const key in required) {
    if (Object.hasOwn(required, key) && labels[key] !== required[key]) return false;
  }
  for (const req of selector.matchExpressions) {
    const has = Object.hasOwn(labels, req.key);
    const value = labels[req.key];
    switch (req.operator) {
      case "In":
        if (!has || value === undefined || !req.values.includes(value)) return false;
        break;
      case "NotIn":
        if (has && value !== undefined && req.values.includes(value)) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
      default:
        // An unknown operator makes the object invalid (the API server rejects it; NET-005): it matches nothing.
        return false;
    }
  }
  return true;
}

export function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0;
}

/** A stable text form, to group identical selectors and to print them. */
export function selectorKey(selector: LabelSelector): string {
  const labels = Object.entries(selector.matchLabels)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`);
  const exprs = selector.matchExpressions.map((e) => {
    switch (e.operator) {
      case "In":
        return `${e.key} in (${[...e.values].sort().join(",")})`;
      case "NotIn":
        return `${e.key} notin (${[...e.values].sort().join(",")})`;
      case "Exists":
        return e.key;
      case "DoesNotExist":
        return `!${e.key}`;
      default:
        return `${e.key} ${String(e.operator)} (${e.values.join(",")})`;
    }
  });
  const all = [...labels, ...exprs.sort()];
  return all.length === 0 ? "{}" : all.join(",");
}
