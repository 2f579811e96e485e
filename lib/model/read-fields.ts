// Typed reading of untrusted objects (YAML, JSON, API responses). Every problem is reported with the dotted
// path of the field, and the reader returns a safe default so one bad field never loses the whole input.

export type JsonObject = Record<string, unknown>;

type WarnFn = (field: string, message: string) => void;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  return typeof v === "object" ? "an object" : `${typeof v} ${JSON.stringify(v)}`.slice(0, 60);
}

/** Field readers bound to one object's warnings. `path` is the dotted path shown to the user. */
export class FieldReader {
  constructor(readonly warn: WarnFn) {}

  object(v: unknown, path: string): JsonObject | undefined {
    if (v === undefined || v === null) return undefined;
    if (isObject(v)) return v;
    this.warn(path, `expected an object, found ${describe(v)}`);
    return undefined;
  }

  list(v: unknown, path: string): unknown[] | undefined {
    if (v === undefined || v === null) return undefined;
    if (Array.isArray(v)) return v;
    this.warn(path, `expected a list, found ${describe(v)}`);
    return undefined;
  }

  string(v: unknown, path: string): string | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v === "string") return v;
    // YAML turns unquoted numbers and booleans into non-strings; Kubernetes would reject them, we keep the text.
    if (typeof v === "number" || typeof v === "boolean") {
      this.warn(path, `expected a string, found ${describe(v)} (quote it in YAML)`);
      return String(v);
    }
    this.warn(path, `expected a string, found ${describe(v)}`);
    return undefined;
  }

  int(v: unknown, path: string): number | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v === "number" && Number.isInteger(v)) return v;
    this.warn(path, `expected a whole number, found ${describe(v)}`);
    return undefined;
  }

  bool(v: unknown, path: string): boolean | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v === "boolean") return v;
    this.warn(path, `expected true or false, found ${describe(v)}`);
    return undefined;
  }

  /** A number or a name (ports, targetPorts). */
  intOrString(v: unknown, path: string): number | string | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v === "string" || (typeof v === "number" && Number.isInteger(v))) return v;
    this.warn(path, `expected a number or a name, found ${describe(v)}`);
    return undefined;
  }

  strings(v: unknown, path: string): string[] {
    const items = this.list(v, path) ?? [];
    const out: string[] = [];
    items.forEach((item, i) => {
      const s = this.string(item, `${path}[${i}]`);
      if (s !== undefined) out.push(s);
    });
    return out;
  }

  /** A map of strings (labels, annotations, selectors). */
  stringMap(v: unknown, path: string): Record<string, string> {
    const obj = this.object(v, path);
    // No prototype: a key named __proto__ stays data (`matchLabels: {__proto__: x}` must not become `{}`,
    // which would select every pod).
    const out = Object.create(null) as Record<string, string>;
    if (!obj) return out;
    for (const [k, val] of Object.entries(obj)) {
      const s = this.string(val, `${path}.${k}`);
      if (s !== undefined) out[k] = s;
    }
    return out;
  }
}

/** Decodes a base64 field (Secret data, caBundle) to text; undefined with a warning when it is not base64. */
export function decodeBase64(value: string | undefined, path: string, warn: WarnFn): string | undefined {
  if (value === undefined) return undefined;
  const compact = value.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) {
    warn(path, "is not valid base64");
    return undefined;
  }
  return Buffer.from(compact, "base64").toString("utf8");
}
