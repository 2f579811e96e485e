import type { Labels, LabelSelector } from "@/lib/model/types";

// A metav1.LabelSelector against labels, as the clusterrole-aggregation controller evaluates the selectors of an
// aggregationRule: matchLabels AND matchExpressions; NotIn and DoesNotExist match objects that lack the key;
// an empty selector matches everything.
export function matchLabelSelector(selector: LabelSelector, labels: Labels): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels)) {
    if (labels[key] !== value) return false;
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
    }
  }
  return true;
}
