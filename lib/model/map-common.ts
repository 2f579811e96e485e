import type {
  Condition,
  LabelSelector,
  LabelSelectorRequirement,
  Protocol,
  SelectorOperator,
} from "@/lib/model/types";
import type { FieldReader } from "@/lib/model/read-fields";
import { type JsonObject } from "@/lib/model/read-fields";

// Pieces of the wire format shared by several kinds: metadata, label selectors, protocols, conditions.

export interface Meta {
  name: string;
  namespace?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  ownerReferences: { kind: string; name: string; controller: boolean }[];
}

/** Reads `metadata`; undefined (with a warning) when the object has no name, which the API never allows. */
export function readMeta(obj: JsonObject, r: FieldReader): Meta | undefined {
  const meta = r.object(obj["metadata"], "metadata");
  const name = r.string(meta?.["name"], "metadata.name");
  if (!meta || !name) {
    if (name === undefined) r.warn("metadata.name", "is missing: the object is skipped");
    return undefined;
  }
  const owners = (r.list(meta["ownerReferences"], "metadata.ownerReferences") ?? []).flatMap((o, i) => {
    const ref = r.object(o, `metadata.ownerReferences[${i}]`);
    const kind = r.string(ref?.["kind"], `metadata.ownerReferences[${i}].kind`);
    const ownerName = r.string(ref?.["name"], `metadata.ownerReferences[${i}].name`);
    return kind && ownerName
      ? [
          {
            kind,
            name: ownerName,
            controller: r.bool(ref?.["controller"], `metadata.ownerReferences[${i}].controller`) ?? false,
          },
        ]
      : [];
  });
  return {
    name,
    namespace: r.string(meta["namespace"], "metadata.namespace") || undefined,
    labels: r.stringMap(meta["labels"], "metadata.labels"),
    annotations: r.stringMap(meta["annotations"], "metadata.annotations"),
    ownerReferences: owners,
  };
}

const OPERATORS: readonly SelectorOperator[] = ["In", "NotIn", "Exists", "DoesNotExist"];

/** A metav1.LabelSelector. Absent fields are empty; invalid requirements are dropped with a warning. */
export function readSelector(v: unknown, path: string, r: FieldReader): LabelSelector {
  const obj = r.object(v, path);
  const matchExpressions: LabelSelectorRequirement[] = [];
  (r.list(obj?.["matchExpressions"], `${path}.matchExpressions`) ?? []).forEach((e, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const expr = r.object(e, p);
    const key = r.string(expr?.["key"], `${p}.key`);
    const operator = r.string(expr?.["operator"], `${p}.operator`);
    const values = r.strings(expr?.["values"], `${p}.values`);
    if (!key || !operator) return;
    // Kept as written: dropping it would widen the selector. The engines report it (NET-005) and match nothing.
    if (!OPERATORS.includes(operator as SelectorOperator)) {
      r.warn(`${p}.operator`, `"${operator}" is not one of ${OPERATORS.join(", ")}`);
    }
    matchExpressions.push({ key, operator, values });
  });
  return { matchLabels: r.stringMap(obj?.["matchLabels"], `${path}.matchLabels`), matchExpressions };
}

/** A container or service protocol; Kubernetes defaults it to TCP. */
export function readProtocol(v: unknown, path: string, r: FieldReader): Protocol {
  const p = r.string(v, path);
  if (p === undefined || p === "TCP" || p === "UDP" || p === "SCTP") return p ?? "TCP";
  r.warn(path, `"${p}" is not TCP, UDP or SCTP; read as TCP`);
  return "TCP";
}

export function readConditions(v: unknown, path: string, r: FieldReader): Condition[] {
  return (r.list(v, path) ?? []).flatMap((c, i) => {
    const obj = r.object(c, `${path}[${i}]`);
    const type = r.string(obj?.["type"], `${path}[${i}].type`);
    const status = r.string(obj?.["status"], `${path}[${i}].status`);
    if (!type || !status) return [];
    const reason = r.string(obj?.["reason"], `${path}[${i}].reason`);
    const message = r.string(obj?.["message"], `${path}[${i}].message`);
    return [{ type, status, ...(reason ? { reason } : {}), ...(message ? { message } : {}) }];
  });
}
