import { VigilError } from "@/lib/errors";
import { POLICY_KINDS } from "@/lib/sources/live/policy-kinds";
import { formatBytes } from "@/lib/sources/live/read-bounded-body";
import { TLS_SECRETS, listPath, type ResourceKind } from "@/lib/sources/live/read-kinds";
import type { RawObject } from "@/lib/sources/live/read-objects";

// Listing one kind page by page, and what a failure becomes: a 403 "forbidden", a 404 of an optional kind
// "absent", anything else "unavailable". Secret values other than certificates are dropped here, as each page
// is parsed.

export interface Answer {
  status: number;
  body: string;
}

/** Sends GET `path`; the answer is read up to `maxBytes` (VigilError "too-large" beyond). */
export type GetJson = (path: string, maxBytes: number) => Promise<Answer>;

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const PEM_CERTIFICATE = "-----BEGIN CERTIFICATE-----";

/** Drops what the model never keeps, as early as possible: Secret values other than the TLS certificates. */
export function sanitize(kind: ResourceKind, item: RawObject): RawObject | undefined {
  if (kind === TLS_SECRETS) {
    if (item["type"] !== "kubernetes.io/tls") return undefined;
    const data = isRecord(item["data"]) ? item["data"] : {};
    // The private key goes first and entirely; other values than the certificates are blanked, their names kept.
    delete data["tls.key"];
    const kept: Record<string, unknown> = {};
    for (const key of Object.keys(data)) kept[key] = key === "tls.crt" || key === "ca.crt" ? data[key] : "";
    const rest: RawObject = { ...item, data: kept };
    delete rest["stringData"];
    return rest;
  }
  if (kind.resource === "configmaps") {
    // The model keeps only certificates from ConfigMaps; other values (often configuration secrets) never travel.
    const data = isRecord(item["data"]) ? item["data"] : {};
    const kept: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(data)) {
      if (typeof value === "string" && value.includes(PEM_CERTIFICATE)) kept[key] = value;
    }
    const rest: RawObject = { ...item, data: kept };
    delete rest["binaryData"];
    return rest;
  }
  return item;
}

/** Policy kinds of other groups share plural names (networkpolicies): their gaps name the group too. */
export function gapResource(kind: ResourceKind): string {
  return POLICY_KINDS.includes(kind) ? describe(kind) : kind.resource;
}

function describe(kind: ResourceKind): string {
  return kind.group === "" ? kind.resource : `${kind.resource}.${kind.group}`;
}

export type ListOutcome =
  | { ok: true; items: RawObject[]; requests: number; resourceVersion: string }
  | {
      ok: false;
      status: "forbidden" | "unavailable" | "absent" | "too-large";
      message: string;
      requests: number;
    };

export interface ListBounds {
  pageSize: number;
  maxPageBytes: number;
  maxListBytes: number;
}

/** Pages of this many items are asked for instead when a page of the usual size is over the byte bound. */
const SMALL_PAGE = 20;

/** Lists one kind, cluster-wide or in one namespace, page by page, each page and the whole list bounded. */
export async function listAll(
  getJson: GetJson,
  kind: ResourceKind,
  namespace: string | undefined,
  bounds: ListBounds,
): Promise<ListOutcome> {
  const items: RawObject[] = [];
  let cont: string | undefined;
  let requests = 0;
  let restarted = false;
  let pageSize = bounds.pageSize;
  let listBytes = 0;
  const where = namespace === undefined ? "cluster-wide" : `in namespace ${namespace}`;
  for (;;) {
    const query = new URLSearchParams({ limit: String(pageSize) });
    if (cont) query.set("continue", cont);
    if (kind === TLS_SECRETS) query.set("fieldSelector", "type=kubernetes.io/tls");
    let answer: Answer;
    requests++;
    const pageBound = Math.min(bounds.maxPageBytes, bounds.maxListBytes - listBytes);
    try {
      answer = await getJson(listPath(kind, namespace, query), pageBound);
    } catch (err) {
      if (err instanceof VigilError && err.code === "too-large") {
        // Large objects (ConfigMaps of up to 1 MiB): the same page again in smaller pages, before giving up.
        if (pageSize > SMALL_PAGE && pageBound === bounds.maxPageBytes) {
          pageSize = SMALL_PAGE;
          continue;
        }
        return {
          ok: false,
          status: "too-large",
          message:
            `the list of ${describe(kind)} ${where} is larger than Vigil reads (${formatBytes(bounds.maxPageBytes)} ` +
            `per page, ${formatBytes(bounds.maxListBytes)} per list), so it is not shown`,
          requests,
        };
      }
      const message = err instanceof Error ? err.message : String(err);
      return {
        ok: false,
        status: "unavailable",
        message: `could not list ${describe(kind)} ${where}: ${message}`,
        requests,
      };
    }
    if (answer.status === 403) {
      return {
        ok: false,
        status: "forbidden",
        message: `you may not list ${describe(kind)} ${where}`,
        requests,
      };
    }
    if (answer.status === 410 && cont && !restarted) {
      // The continue token expired (the list changed too much while paging): start the list over, once.
      restarted = true;
      items.length = 0;
      listBytes = 0;
      cont = undefined;
      continue;
    }
    if (answer.status === 401) {
      return {
        ok: false,
        status: "unavailable",
        message: `could not list ${describe(kind)} ${where}: the API server did not accept the credentials (HTTP 401)`,
        requests,
      };
    }
    if (answer.status === 404 && kind.optional) {
      return {
        ok: false,
        status: "absent",
        message: `${describe(kind)} is not served by this cluster`,
        requests,
      };
    }
    if (answer.status !== 200) {
      return {
        ok: false,
        status: "unavailable",
        message: `could not list ${describe(kind)} ${where}: HTTP ${answer.status}`,
        requests,
      };
    }
    listBytes += Buffer.byteLength(answer.body);
    let list: unknown;
    try {
      list = JSON.parse(answer.body);
    } catch {
      return {
        ok: false,
        status: "unavailable",
        message: `the list of ${describe(kind)} ${where} is not JSON`,
        requests,
      };
    }
    const page = isRecord(list) && Array.isArray(list["items"]) ? (list["items"] as unknown[]) : [];
    const apiVersion = kind.group === "" ? kind.version : `${kind.group}/${kind.version}`;
    for (const raw of page) {
      if (!isRecord(raw)) continue;
      // List items come without kind and apiVersion; the model needs them.
      const kept = sanitize(kind, { apiVersion, kind: kind.kind, ...raw });
      if (kept) items.push(kept);
    }
    const metadata = isRecord(list) && isRecord(list["metadata"]) ? list["metadata"] : {};
    cont =
      typeof metadata["continue"] === "string" && metadata["continue"] !== ""
        ? metadata["continue"]
        : undefined;
    // The list's resourceVersion is where a watch of it starts (the same on every page of one list).
    const resourceVersion =
      typeof metadata["resourceVersion"] === "string" ? metadata["resourceVersion"] : "";
    if (!cont) return { ok: true, items, requests, resourceVersion };
  }
}
