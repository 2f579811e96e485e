import { CORE_SCHEMA, loadAll, YAMLException } from "js-yaml";
import { parseAllDocuments } from "yaml";
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
      value = doc.toJS({ maxAliasCount: MAX_ALIASES });
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      throw new VigilError(
        "invalid-manifest",
        `${name}: document ${document}: ${msg.includes("alias") ? "too many YAML aliases (a possible alias bomb)" : msg}`,
      );
    }
    unwrapLists(value, { file: name, document }, out);
  });
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
