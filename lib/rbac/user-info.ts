import type { UserInfo } from "@/lib/rbac/types";

// docs/semantics.md §2 "Who a binding applies to": the groups the API server's authenticators add on their own. Every authenticated user
// is in system:authenticated; a service account's token also puts it in system:serviceaccounts and
// system:serviceaccounts:<ns>; the anonymous user is in system:unauthenticated only.

export const ANONYMOUS_USER = "system:anonymous";
const SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

/** The namespace and name of a service-account user name, or undefined for any other user. */
export function parseServiceAccountUser(name: string): { namespace: string; name: string } | undefined {
  if (!name.startsWith(SERVICE_ACCOUNT_PREFIX)) return undefined;
  const rest = name.slice(SERVICE_ACCOUNT_PREFIX.length);
  const colon = rest.indexOf(":");
  if (colon <= 0 || colon === rest.length - 1) return undefined;
  const saName = rest.slice(colon + 1);
  if (saName.includes(":")) return undefined;
  return { namespace: rest.slice(0, colon), name: saName };
}

export function serviceAccountUser(namespace: string, name: string): string {
  return `${SERVICE_ACCOUNT_PREFIX}${namespace}:${name}`;
}

/** The user as the API server would see it: the given groups plus the implicit ones, without duplicates. */
export function userInfoFor(name: string, groups: readonly string[] = []): UserInfo {
  const all = [...groups];
  if (name === ANONYMOUS_USER) {
    all.push("system:unauthenticated");
  } else {
    const sa = parseServiceAccountUser(name);
    if (sa) all.push("system:serviceaccounts", `system:serviceaccounts:${sa.namespace}`);
    all.push("system:authenticated");
  }
  return { name, groups: [...new Set(all)] };
}
