import { CORE_SCHEMA, loadAll, YAMLException } from "js-yaml";
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document } from "yaml";
import { VigilError } from "@/lib/errors";
import type { RawInput } from "@/lib/model/build-snapshot";
import { isObject } from "@/lib/model/read-fields";
import type { LoadWarning } from "@/lib/model/types";

// Manifest text into raw objects: YAML (multi-document) or JSON, `kind: List` unwrapped, so the output of
// `kubectl get -o yaml` loads as is. Syntax errors stop the load with the file, document and line; content
// problems become warnings (build-snapshot.ts) and the rest of the input is still used. Pure: the files are
// read by lib/sources/load-manifests.ts.

/** YAML aliases expanded per document at most: a "billion laughs" file fails fast instead of filling memory. */
const MAX_ALIASES = 1000;
/**
 * Nodes a document with aliases may expand to at most: aliases are counted by what they expand to, so a small
 * file cannot become hundreds of megabytes of objects (134 KB of anchors once made 101,000 pods).
 */
export const MAX_EXPANDED_NODES = 1_000_000;
/** Nested `kind: List` depth at most. */
const MAX_LIST_DEPTH = 8;

/** Expands `kind: List` (and `*List` kinds such as PodList that `kubectl get -o json` writes) into its items. */
function unwrapLists(object: unknown, origin: RawInput["origin"], out: RawInput[], depth = 0): void {
  if (
    isObject(object) &&
    typeof object["kind"] === "string" &&
    object["kind"].endsWith("List") &&
    Array.isArray(object["items"])
  ) {
    if (depth >= MAX_LIST_DEPTH)
      throw new VigilError(
        "invalid-manifest",
        `${origin.file ?? "input"}: Lists nested more than ${MAX_LIST_DEPTH} deep`,
      );
    // Items of a typed list (PodList) carry no kind of their own when the API server writes them.
    const itemKind = object["kind"] === "List" ? undefined : object["kind"].slice(0, -"List".length);
    const apiVersion = object["apiVersion"];
    object["items"].forEach((item, i) => {
      const filled =
        itemKind && isObject(item) && item["kind"] === undefined
          ? { apiVersion, kind: itemKind, ...item }
          : item;
      unwrapLists(filled, { ...origin, document: i + 1 }, out, depth + 1);
    });
    return;
  }
  out.push({ object, origin });
}

/**
 * Parses one manifest text into raw objects. `name` is the file name shown in errors. Throws a VigilError
 * with code "invalid-manifest" for a syntax error, an alias bomb or an over-nested List.
 */
export function parseManifestText(text: string, name: string): RawInput[] {
  const out: RawInput[] = [];
  if (name.endsWith(".json")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new VigilError(
        "invalid-manifest",
        `${name}: invalid JSON: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    const duplicate = findDuplicateJsonKey(text);
    if (duplicate) {
      // As for YAML (and as the API server's strict decoding reports it): a key given twice is an error.
      throw new VigilError(
        "invalid-manifest",
        `${name}: invalid JSON: duplicate key "${duplicate.key}" at offset ${duplicate.offset}`,
      );
    }
    unwrapLists(parsed, { file: name }, out);
    return out;
  }
  // js-yaml is several times faster on large inputs, but shares aliased nodes instead of counting them; a text
  // that defines anchors goes through `yaml`, which caps how many aliases a document may expand.
  if (/(^|[\s[{,:-])&[^\s]/m.test(text)) {
    parseWithAliasLimit(text, name, out);
    return out;
  }
  let document = 0;
  try {
    // The core schema, as Kubernetes reads YAML: an unquoted timestamp stays a string, not a Date.
    loadAll(
      text,
      (value) => {
        document++;
        unwrapLists(value, { file: name, document }, out);
      },
      { schema: CORE_SCHEMA, filename: name },
    );
  } catch (err) {
    if (!(err instanceof YAMLException)) throw err;
    // The document the error is in: count the separators before the failing line.
    const line = err.mark?.line ?? 0;
    const before = text
      .split("\n")
      .slice(0, line)
      .filter((l) => /^---(\s|$)/.test(l)).length;
    const startsWithSeparator = /^\s*---/.test(text);
    const doc = Math.max(1, before + (startsWithSeparator ? 0 : 1));
    const at = err.mark ? ` line ${err.mark.line + 1}, column ${err.mark.column + 1}` : "";
    throw new VigilError("invalid-manifest", `${name}: document ${doc}${at}: invalid YAML: ${err.reason}`);
  }
  return out;
}

function parseWithAliasLimit(text: string, name: string, out: RawInput[]): void {
  const docs = parseAllDocuments(text, { prettyErrors: true, strict: true });
  if (!Array.isArray(docs)) return; // an empty stream
  docs.forEach((doc, i) => {
    const document = i + 1;
    const error = doc.errors[0];
    if (error) {
      const line = error.linePos?.[0];
      const at = line ? ` line ${line.line}, column ${line.col}` : "";
      const first = error.message.split("\n")[0] ?? error.message;
      throw new VigilError("invalid-manifest", `${name}: document ${document}${at}: invalid YAML: ${first}`);
    }
    let value: unknown;
    try {
      const nodes = expandedNodes(doc);
      if (nodes > MAX_EXPANDED_NODES) {
        throw new VigilError(
          "too-large",
          `${name}: document ${document}: its aliases expand to more than ${MAX_EXPANDED_NODES} YAML nodes`,
        );
      }
      value = doc.toJS({ maxAliasCount: MAX_ALIASES });
    } catch (err) {
      if (err instanceof VigilError) throw err;
      const msg = err instanceof Error ? err.message : String(err);
      throw new VigilError(
        "invalid-manifest",
        `${name}: document ${document}: ${/excessive alias count/i.test(msg) ? `more than ${MAX_ALIASES} YAML aliases` : `invalid YAML: ${msg}`}`,
      );
    }
    unwrapLists(value, { file: name, document }, out);
  });
}

/** How many nodes the document holds once every alias is expanded (memoised per node, so linear in the text). */
function expandedNodes(doc: Document.Parsed): number {
  const memo = new Map<unknown, number>();
  const size = (node: unknown, depth: number): number => {
    if (node === null || node === undefined) return 1;
    const known = memo.get(node);
    if (known !== undefined) return known;
    if (depth > 10_000) throw new VigilError("invalid-manifest", "YAML nested more than 10,000 deep");
    let n = 1;
    if (isAlias(node)) {
      const target = node.resolve(doc);
      // An unresolved alias: toJS reports it with its own message.
      n = target ? size(target, depth + 1) : 1;
    } else if (isMap(node) || isSeq(node)) {
      for (const item of node.items) {
        n += isPair(item) ? size(item.key, depth + 1) + size(item.value, depth + 1) : size(item, depth + 1);
        if (n > MAX_EXPANDED_NODES) break;
      }
    } else if (!isScalar(node)) {
      n = 1;
    }
    memo.set(node, n);
    return n;
  };
  return size(doc.contents, 0);
}

/**
 * The first key given twice in one JSON object, or undefined. JSON.parse keeps the last silently; YAML (and
 * the API server's strict decoding) refuse duplicates, so Vigil refuses them in both. A linear scan over the
 * text that JSON.parse has already accepted.
 */
function findDuplicateJsonKey(text: string): { key: string; offset: number } | undefined {
  // One frame per open object or array: the keys seen (objects only) and whether the next string is a key.
  const stack: { keys?: Set<string>; expectKey: boolean }[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let j = i + 1;
      let escaped = false;
      while (j < text.length) {
        const d = text.charCodeAt(j);
        if (d === 0x5c /* \ */) escaped = true;
        else if (d === 0x22) break;
        j += d === 0x5c ? 2 : 1;
      }
      const top = stack[stack.length - 1];
      if (top?.keys && top.expectKey) {
        const raw = text.slice(i, j + 1);
        const key = escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
        if (top.keys.has(key)) return { key, offset: i };
        top.keys.add(key);
        top.expectKey = false;
      }
      i = j;
    } else if (c === 0x7b /* { */) stack.push({ keys: new Set(), expectKey: true });
    else if (c === 0x5b /* [ */) stack.push({ expectKey: false });
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) stack.pop();
    else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.keys) top.expectKey = true;
    }
  }
  return undefined;
}

/** One line per warning, for the CLI's stderr and the logs: `file (document 2) field: message`. */
export function formatWarning(w: LoadWarning): string {
  const where = [
    w.file,
    w.document ? `(document ${w.document})` : undefined,
    w.object ? `${w.object.kind} ${w.object.name}` : undefined,
  ]
    .filter(Boolean)
    .join(" ");
  return `${where ? `${where}: ` : ""}${w.field ? `${w.field} ` : ""}${w.message}`;
}
