// The groups of a user, as their IdP states them in a claim of the ID token. IdPs differ: most send an
// array of strings, some a single string, and some nest it (Keycloak's `realm_access.roles`).

export function extractGroups(claims: Readonly<Record<string, unknown>>, claimName: string): string[] {
  const value = claimName in claims ? claims[claimName] : lookupPath(claims, claimName.split("."));
  const list = Array.isArray(value) ? value : typeof value === "string" ? [value] : [];
  const groups = list
    .filter((g): g is string => typeof g === "string")
    .map((g) => g.trim())
    .filter((g) => g !== "");
  return [...new Set(groups)];
}

function lookupPath(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== "object" || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
