import type { AccessGap } from "@/lib/model/types";
import type { FieldReader, JsonObject } from "@/lib/model/read-fields";

// What a saved snapshot could not see (docs/overview.md "Saved snapshots"): each AccessGap of the viewer (or of
// `vigil snapshot`'s identity) is written next to the objects as a `vigil.dev/v1 AccessGap`, and read back into
// `gaps`, so that a snapshot opened later says what it leaves out instead of reading as a complete cluster.

export const ACCESS_GAP_API_VERSION = "vigil.dev/v1";
export const ACCESS_GAP_KIND = "AccessGap";

const STATUSES: readonly AccessGap["status"][] = ["forbidden", "unavailable", "too-large", "not-read"];

export function accessGapToManifest(g: AccessGap, index: number): JsonObject {
  return {
    apiVersion: ACCESS_GAP_API_VERSION,
    kind: ACCESS_GAP_KIND,
    metadata: { name: `gap-${index + 1}` },
    resource: g.resource,
    ...(g.namespace !== undefined ? { namespace: g.namespace } : {}),
    status: g.status,
    message: g.message,
  };
}

/** A saved gap, or undefined (with a warning) when its fields are not those Vigil writes. */
export function readAccessGap(object: JsonObject, r: FieldReader): AccessGap | undefined {
  const resource = r.string(object["resource"], "resource");
  const namespace = r.string(object["namespace"], "namespace");
  const status = r.string(object["status"], "status");
  const message = r.string(object["message"], "message");
  if (!resource || !/^[a-z0-9.-]{1,253}$/.test(resource)) {
    r.warn("resource", "must be a resource's plural name: the access gap is skipped");
    return undefined;
  }
  if (!STATUSES.includes(status as AccessGap["status"])) {
    r.warn("status", `must be one of ${STATUSES.join(", ")}: the access gap is skipped`);
    return undefined;
  }
  return {
    resource,
    ...(namespace ? { namespace } : {}),
    status: status as AccessGap["status"],
    // One line, bounded: the message is shown on pages as it is.
    message: (message ?? `not visible: ${resource}`).replace(/\s+/g, " ").slice(0, 300),
  };
}
