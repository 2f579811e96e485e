import { z } from "zod";
import type { ObjectRef, Snapshot } from "@/lib/model/types";
import { analyzeRbac } from "@/lib/rbac/analyze-rbac";
import { buildRoleView } from "@/lib/views/build-subject-view";
import { hrefWith, pathSegment, text } from "@/lib/views/page-query";

// The page of one Role or ClusterRole (docs/semantics.md §2): its effective rules, the ClusterRoles it feeds,
// and who holds it through which binding.

export const roleQuery = z.object({ ns: text, present: text });
type RoleQuery = z.output<typeof roleQuery>;

/** The role a `/access/roles/<kind>/<name...>` path names, or undefined for a path that names none. */
export function parseRolePath(kind: string, name: readonly string[]): ObjectRef | undefined {
  const parts = name.map(pathSegment);
  if (kind === "ClusterRole" && parts.length > 0) return { kind, name: parts.join("/") };
  if (kind === "Role" && parts.length >= 2)
    return { kind, namespace: parts[0] ?? "", name: parts.slice(1).join("/") };
  return undefined;
}

export interface RolePage {
  view: ReturnType<typeof buildRoleView>;
  accessHref: string;
}

export function buildRolePage(snapshot: Snapshot, ref: ObjectRef, query: RoleQuery): RolePage {
  const { index, findings } = analyzeRbac(snapshot);
  return {
    view: buildRoleView(index, findings, ref, snapshot.gaps),
    accessHref: hrefWith("/access", { ns: query.ns, present: query.present }),
  };
}
